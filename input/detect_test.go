package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	snap := write("a.json", `{"schema": "vpclint.snapshot/v1"}`)
	write("other.json", `{"hello": 1}`)
	in, err := Detect([]string{dir})
	if err != nil || len(in) != 1 || in[0].Path != snap || in[0].Kind != KindSnapshot {
		t.Fatalf("dir detection: %+v %v", in, err)
	}

	cases := map[string]struct{ body, want string }{
		"array.json":   {`[1, 2]`, "not JSON or YAML"},
		"notjson.json": {`hello`, "not JSON"},
		"plan.json":    {`{"format_version": "1.2", "planned_values": {}}`, ""},
		"cfn.json":     {`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}`, ""},
		"cfn.yaml":     {"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", ""},
		"other.yaml":   {"foo: 1\n", "without AWSTemplateFormatVersion or Resources"},
		"v9.json":      {`{"schema": "vpclint.snapshot/v9x"}`, ""}, // a future version is a snapshot; Load explains
		"other.json":   {`{"hello": 1}`, `none of the supported inputs`},
		"tfstate.json": {`{"schema": "terraform"}`, `its "schema" is "terraform"`},
	}
	for name, c := range cases {
		p := write(name, c.body)
		_, problems := Detect([]string{p})
		err := errors.Join(problems...)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		var ie *Error
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: got %v, want an Error naming the file and %q", name, err, c.want)
		}
	}

	tf := t.TempDir()
	if err := os.WriteFile(filepath.Join(tf, "main.tf"), []byte(`resource "x" "y" {}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if in, err := Detect([]string{tf}); err != nil || len(in) != 1 || in[0].Kind != KindTerraform || in[0].Path != tf {
		t.Errorf("a .tf directory is one Terraform input: %+v %v", in, err)
	}
	if _, err := Detect([]string{t.TempDir()}); len(err) != 1 || !strings.Contains(err[0].Error(), "nothing to check") {
		t.Errorf("an empty directory must be a clear error, got %v", err)
	}
	if _, err := Detect([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("missing file must be an error")
	}
}

// A plan carries its prior state for change impact; a .tf file stands for
// its directory; a plan beside .tf files supersedes them.
func TestPlanAndTerraformDetection(t *testing.T) {
	loaded, err := Load(t.Context(), Input{Path: "../examples/default-vpc-lab/terraform/plan/plan.json", Kind: KindPlan}, Options{})
	if err != nil || len(loaded) != 1 || loaded[0].Before == nil || loaded[0].Snapshot == nil {
		t.Fatalf("plan: %+v %v", loaded, err)
	}
	in, probs := Detect([]string{"../examples/default-vpc-lab/terraform/main.tf"})
	if probs != nil || len(in) != 1 || in[0].Kind != KindTerraform || in[0].Path != "../examples/default-vpc-lab/terraform" {
		t.Fatalf(".tf file: %+v %v", in, probs)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"main.tf": `resource "aws_vpc" "a" {}`, "plan.json": `{"format_version": "1.2", "planned_values": {}}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if in, err := Detect([]string{dir}); err != nil || len(in) != 1 || in[0].Kind != KindPlan {
		t.Fatalf("plan beside .tf: %+v %v", in, err)
	}
}
