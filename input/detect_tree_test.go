package input

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A directory with no input of its own is searched below (issue #13 item
// 10), skipping VCS, dependency, cache and hidden directories; a directory
// that is an input is taken as it is, its subdirectories unread.
func TestDetectSearchesBelow(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const snap = `{"schema": "vpclint.snapshot/v1"}`
	write("README.md", "labs")
	write("lab1/snapshot.json", snap)
	write("lab1/terraform/main.tf", `resource "aws_vpc" "a" {}`) // below an input: not read
	write("stacks/net/main.tf", `resource "aws_vpc" "b" {}`)
	write("stacks/app/template.yaml", "Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
	write("stacks/app/notes/readme.json", `{"not": "an input"}`)
	for _, skipped := range []string{".git/s.json", "node_modules/x/s.json", ".terraform/modules/m/main.tf", ".hidden/s.json"} {
		write(skipped, snap)
	}
	got, err := Detect([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	want := []Input{
		{filepath.Join(root, "lab1", "snapshot.json"), KindSnapshot},
		{filepath.Join(root, "stacks", "app", "template.yaml"), KindCloudFormation},
		{filepath.Join(root, "stacks", "net"), KindTerraform},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Detect(%s) =\n  %v\nwant\n  %v", root, got, want)
	}
}

func TestDetectExamplesTree(t *testing.T) {
	got, err := Detect([]string{"../examples"})
	if err != nil {
		t.Fatal(err)
	}
	labs, _ := filepath.Glob("../examples/*/snapshot.json")
	var paths []string
	for _, in := range got {
		paths = append(paths, in.Path)
	}
	if len(labs) < 3 || !slices.Equal(paths, labs) {
		t.Errorf("check examples finds %v, want each lab's snapshot %v", paths, labs)
	}
}
