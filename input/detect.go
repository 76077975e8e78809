package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Kind is what an input is.
type Kind string

// Input kinds: a vpclint snapshot, a directory of Terraform, a Terraform
// plan (`terraform show -json`), a CloudFormation template. The live
// account is not detected from a path: Scan reads it.
const (
	KindSnapshot       Kind = "snapshot"
	KindTerraform      Kind = "terraform"
	KindPlan           Kind = "terraform-plan"
	KindCloudFormation Kind = "cloudformation"
)

// Input is one detected input.
type Input struct {
	Path string
	Kind Kind
}

// Error is a problem with what the user gave (a path, a file's content, a
// flag's value): the CLI's exit code 2.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func inputErr(format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...)}
}

const wantInputs = "a vpclint snapshot (JSON with \"schema\": \"vpclint.snapshot/v1\"), a Terraform plan (terraform show -json), a CloudFormation template (YAML or JSON), or a directory of .tf files"

// Detect classifies the paths given on the command line. A file must be
// one of the supported inputs; a directory contributes its .tf files (one
// Terraform input) and the snapshots, plans and templates directly inside
// it, or when it has none, those found below it (detectDir). A path that
// is none of these, cannot be read, or holds an unreadable file or a
// symbolic link loop is a problem (an *Error naming it) beside the inputs
// found: one bad path never costs the others their results.
func Detect(paths []string) (found []Input, problems []error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		switch {
		case err != nil:
			problems = append(problems, inputErr("input %s: %w", p, err))
		case !info.IsDir() && isTerraform(p):
			// Terraform's unit is the directory (module): a .tf file is
			// read with its siblings, as terraform would.
			found = append(found, Input{Path: filepath.Dir(p), Kind: KindTerraform})
		case !info.IsDir():
			kind, why, err := classify(p)
			switch {
			case err != nil:
				problems = append(problems, inputErr("input %s: %w", p, err))
			case kind == "":
				problems = append(problems, inputErr("input %s: %s", p, why))
			default:
				found = append(found, Input{Path: p, Kind: kind})
			}
		default:
			in, probs := detectDir(p)
			found = append(found, in...)
			problems = append(problems, probs...)
		}
	}
	return found, problems
}

// maxDetectDepth bounds the search below a directory given on the
// command line.
const maxDetectDepth = 8

// detectDir finds the inputs of a directory given on the command line: its
// own (detectHere) when it has any, as each example lab does; otherwise,
// as Trivy and Checkov do, those of its subdirectories, each searched the
// same way, so a tree of labs or stacks is checked in one run.
func detectDir(dir string) ([]Input, []error) {
	t := &tree{seen: map[string]bool{}}
	t.walk(dir, 0, nil)
	if len(t.found) == 0 && len(t.problems) == 0 {
		t.problems = append(t.problems, inputErr("input %s: nothing to check in this directory or below it (want %s)", dir, wantInputs))
	}
	return t.found, t.problems
}

// tree is one directory search. Symbolic links to directories are
// followed; seen (real paths) reads a directory reached twice once, and a
// link back to a directory being searched is reported as a loop.
type tree struct {
	found    []Input
	problems []error
	seen     map[string]bool
}

func (t *tree) walk(dir string, depth int, ancestors []string) {
	resolved, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.problems = append(t.problems, inputErr("input %s: %w", dir, err))
		return
	}
	if slices.Contains(ancestors, resolved) {
		t.problems = append(t.problems, inputErr("input %s: symbolic link loop: leads back to %s", dir, resolved))
		return
	}
	if t.seen[resolved] {
		return
	}
	t.seen[resolved] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.problems = append(t.problems, inputErr("input %s: %w", dir, err))
		return
	}
	own, subdirs, problems := detectHere(dir, entries)
	t.found = append(t.found, own...)
	t.problems = append(t.problems, problems...)
	if len(own) > 0 || depth == maxDetectDepth {
		return
	}
	for _, sub := range subdirs {
		t.walk(sub, depth+1, append(ancestors, resolved))
	}
}

// skipDir names directories that hold no one's infrastructure: version
// control, dependencies, Terraform's module and provider cache, and
// anything hidden.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}

func isTerraform(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// candidate tells whether a file name may be an input worth opening.
func candidate(name string) bool {
	return isTerraform(name) || slices.Contains([]string{".json", ".yaml", ".yml", ".template"}, filepath.Ext(name))
}

// detectHere returns a directory's own inputs (its .tf files as one
// Terraform input, and the snapshots, plans and templates directly in
// it), the subdirectories to search when it has none, and its entries
// that could not be read: a candidate file that cannot be opened, a
// symbolic link that loops or, named like an input, leads nowhere.
func detectHere(dir string, entries []os.DirEntry) (own []Input, subdirs []string, problems []error) {
	terraform := false
	for _, e := range entries {
		name := e.Name()
		if skipDir(name) {
			continue
		}
		p := filepath.Join(dir, name)
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil {
				if errors.Is(err, syscall.ELOOP) || candidate(name) {
					problems = append(problems, inputErr("input %s: %w", p, err))
				}
				continue
			}
			isDir = info.IsDir()
		}
		switch {
		case isDir:
			subdirs = append(subdirs, p)
		case isTerraform(name):
			terraform = true
		case candidate(name):
			kind, _, err := classify(p)
			if err != nil {
				problems = append(problems, inputErr("input %s: %w", p, err))
			} else if kind != "" {
				own = append(own, Input{Path: p, Kind: kind})
			}
		}
	}
	// A plan beside its .tf files already maps its resources to them;
	// reading the directory too would report everything twice.
	hasPlan := slices.ContainsFunc(own, func(in Input) bool { return in.Kind == KindPlan })
	if terraform && !hasPlan {
		own = append([]Input{{Path: dir, Kind: KindTerraform}}, own...)
	}
	return own, subdirs, problems
}

// classify tells the kind of a file from its first bytes, without
// decoding the whole file: a kind, or why it is none, or the error that
// kept the file from being read.
func classify(path string) (Kind, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", "", err
	}
	trimmed := bytes.TrimSpace(head)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		keys, schema := topKeys(head)
		switch {
		case strings.HasPrefix(schema, "vpclint.snapshot/"):
			return KindSnapshot, "", nil
		case schema != "":
			return "", fmt.Sprintf("its \"schema\" is %q (want %s)", schema, wantInputs), nil
		case keys["format_version"] && (keys["planned_values"] || keys["resource_changes"] || keys["prior_state"]):
			return KindPlan, "", nil
		case keys["AWSTemplateFormatVersion"] || keys["Resources"]:
			return KindCloudFormation, "", nil
		}
		return "", "a JSON object that is none of the supported inputs (want " + wantInputs + ")", nil
	}
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" || ext == ".template" {
		if yamlTopKey(head, "AWSTemplateFormatVersion") || yamlTopKey(head, "Resources") {
			return KindCloudFormation, "", nil
		}
		return "", "a YAML file without AWSTemplateFormatVersion or Resources (want " + wantInputs + ")", nil
	}
	return "", "not JSON or YAML (want " + wantInputs + ")", nil
}

// topKeys returns the top-level keys seen in the first 64 KiB of a JSON
// object, and the "schema" value when it is a string.
func topKeys(head []byte) (map[string]bool, string) {
	keys := map[string]bool{}
	schema := ""
	dec := json.NewDecoder(bytes.NewReader(head))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return keys, ""
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := k.(string)
		keys[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		if key == "schema" {
			_ = json.Unmarshal(raw, &schema)
		}
	}
	return keys, schema
}

// yamlTopKey reports whether a line starts with key: at column 0.
func yamlTopKey(head []byte, key string) bool {
	for line := range bytes.SplitSeq(head, []byte("\n")) {
		if bytes.HasPrefix(line, []byte(key+":")) {
			return true
		}
	}
	return false
}
