package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/input"
)

// wantRe matches `# want "SG001" "SG007"` markers in .tf files.
var wantRe = regexp.MustCompile(`(?:#|//)\s*want((?:\s+"[A-Z]+[0-9]+")+)`)

// wantMarkers reads the expected (file:line rule) set of the .tf files in
// a directory tree.
func wantMarkers(t *testing.T, root string) map[string]bool {
	t.Helper()
	want := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := wantRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, id := range regexp.MustCompile(`"([A-Z]+[0-9]+)"`).FindAllStringSubmatch(m[1], -1) {
				want[fmt.Sprintf("%s:%d %s", filepath.Clean(p), i+1, id[1])] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

func runCheck(t *testing.T, paths ...string) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Paths: paths, FailOn: finding.High})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("input problems: %v", res.Problems)
	}
	return res
}

// TestIaCWantMarkers runs check on every IaC fixture and compares the
// (file, line, rule) of the open findings with the # want markers, both
// ways: a missing finding and an unexpected one both fail.
func TestIaCWantMarkers(t *testing.T) {
	fixtures := []struct{ input, markers string }{
		{"../examples/default-vpc-lab/terraform", ""},
		{"../examples/flow-logs-lab/terraform", ""},
		{"../examples/peering-endpoints-lab/terraform", ""},
		{"../examples/default-vpc-lab/terraform/plan", "../examples/default-vpc-lab/terraform"},
		{"../scanner/terraform/testdata/want/rules", ""},
		{"../scanner/terraform/testdata/want/ignored", ""},
		{"../scanner/terraform/testdata/want/s3acl", ""},
	}
	// Every fixture directory of this package, so a new one cannot be
	// left out of the list.
	dirs, err := os.ReadDir("testdata/terraform")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() {
			fixtures = append(fixtures, struct{ input, markers string }{"testdata/terraform/" + d.Name(), ""})
		}
	}
	for _, fx := range fixtures {
		t.Run(strings.TrimPrefix(fx.input, "../"), func(t *testing.T) {
			markers := fx.markers
			if markers == "" {
				markers = fx.input
			}
			want := wantMarkers(t, markers)
			if len(want) == 0 {
				t.Fatal("fixture has no # want markers")
			}
			got := map[string]bool{}
			for _, f := range runCheck(t, fx.input).Report.Findings {
				if f.Suppressed() {
					continue
				}
				got[fmt.Sprintf("%s:%d %s", filepath.Clean(f.Location.File), f.Location.StartLine, f.RuleID)] = true
			}
			for w := range want {
				if !got[w] {
					t.Errorf("missing finding: %s", w)
				}
			}
			for g := range got {
				if !want[g] {
					t.Errorf("unexpected finding: %s", g)
				}
			}
		})
	}
}

// kinds is the multiset of (rule, resource type) of a run's findings.
func kinds(res *Result) map[string]int {
	out := map[string]int{}
	for _, f := range res.Report.Findings {
		out[f.RuleID+" "+f.Resource.Type]++
	}
	return out
}

// TestTerraformExamplesAgree asserts that each lab's Terraform (and, for
// default-vpc-lab, its plan) gives the same findings as its snapshot,
// modulo ids: the same (rule, resource type) multiset as check on the
// snapshot, and the counts expected-findings.txt lists for its rules.
func TestTerraformExamplesAgree(t *testing.T) {
	cases := map[string][]string{
		"default-vpc-lab":       {"terraform", "terraform/plan/plan.json"},
		"flow-logs-lab":         {"terraform"},
		"peering-endpoints-lab": {"terraform"},
	}
	for lab, inputs := range cases {
		dir := filepath.Join("..", "examples", lab)
		snap := kinds(runCheck(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "expected-findings.txt"))
		if err != nil {
			t.Fatal(err)
		}
		expected := map[string]int{}
		for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
			fs := strings.Fields(line)
			typ, _, _ := strings.Cut(fs[1], "/")
			expected[fs[0]+" "+typ]++
		}
		for _, in := range inputs {
			t.Run(lab+"/"+in, func(t *testing.T) {
				got := kinds(runCheck(t, filepath.Join(dir, in)))
				for k, n := range snap {
					if got[k] != n {
						t.Errorf("%s: %d findings, the snapshot version has %d", k, got[k], n)
					}
				}
				for k, n := range got {
					if _, ok := snap[k]; !ok {
						t.Errorf("%s: %d findings the snapshot version does not have", k, n)
					}
				}
				for k, n := range expected {
					if got[k] != n {
						t.Errorf("%s: %d findings, expected-findings.txt lists %d", k, got[k], n)
					}
				}
			})
		}
	}
}

// TestIaCSARIF checks that SARIF from Terraform findings has a physical
// location for every result, relative to the repository root, when
// vpclint runs from the root as CI does.
func TestIaCSARIF(t *testing.T) {
	t.Chdir("..")
	res := runCheck(t, "examples/peering-endpoints-lab/terraform")
	for _, l := range sarifLocations(t, &res.Report) {
		if l.baseID != "%SRCROOT%" || strings.HasPrefix(l.uri, "/") || strings.Contains(l.uri, "..") || strings.Contains(l.uri, ":") ||
			!strings.HasPrefix(l.uri, "examples/peering-endpoints-lab/terraform/") || !strings.HasSuffix(l.uri, ".tf") {
			t.Errorf("%s: location %+v is not a .tf line relative to the repository root", l.rule, l)
		}
	}
}

func TestTerraformInputErrors(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"syntax":    {"resource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\n}\n", "main.tf:2:"},
		"no reason": {"resource \"aws_vpc\" \"a\" { # vpclint:ignore VPC001\n  cidr_block = \"10.0.0.0/16\"\n}\n", "main.tf:1:"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{Paths: []string{dir}, FailOn: finding.High})
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), filepath.Join(dir, c.want)) {
				t.Errorf("got %v, want an InputError located at %s", err, c.want)
			}
		})
	}
}

func TestTerraformInlineIgnores(t *testing.T) {
	dir := "../scanner/terraform/testdata/want/ignored"
	for _, noInline := range []bool{false, true} {
		res, err := Run(context.Background(), Options{Paths: []string{dir}, FailOn: finding.High, NoInlineIgnores: noInline})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res.Report.Findings, func(f finding.Finding) bool { return f.RuleID == "SG001" })
		if i < 0 {
			t.Fatal("no SG001 finding")
		}
		f := res.Report.Findings[i]
		if f.Suppressed() == noInline {
			t.Errorf("no-inline-ignores=%v: suppressed=%v", noInline, f.Suppressed())
		}
		if !noInline && (f.Suppression == nil || !strings.Contains(f.Suppression.Reason, "bastion host") || !strings.Contains(f.Suppression.Source, "main.tf:7")) {
			t.Errorf("suppression %+v: want the reason and main.tf:7", f.Suppression)
		}
	}
}

func TestTerraformVarFlags(t *testing.T) {
	dir := t.TempDir()
	body := "variable \"cidr\" {\n  type = string\n}\nresource \"aws_security_group\" \"a\" {\n  name = \"a\"\n  description = \"a\"\n  ingress {\n    description = \"ssh\"\n    protocol = \"tcp\"\n    from_port = 22\n    to_port = 22\n    cidr_blocks = [var.cidr]\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	vf := filepath.Join(t.TempDir(), "open.tfvars")
	if err := os.WriteFile(vf, []byte("cidr = \"0.0.0.0/0\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	count := func(load input.Options) int {
		res, err := Run(context.Background(), Options{Paths: []string{dir}, FailOn: finding.High, Load: load, AllowPartial: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range res.Report.Findings {
			if f.RuleID == "SG001" {
				n++
			}
		}
		return n
	}
	if n := count(input.Options{VarFiles: []string{vf}}); n != 1 {
		t.Errorf("-var-file 0.0.0.0/0: %d SG001 findings, want 1", n)
	}
	if n := count(input.Options{VarFiles: []string{vf}, Vars: []string{"cidr=10.0.0.0/8"}}); n != 0 {
		t.Errorf("-var overrides -var-file: %d SG001 findings, want 0", n)
	}
}
