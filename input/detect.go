package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
// it, or when it has none, those found below it (detectDir). Anything else
// is an Error naming the path and what was expected.
func Detect(paths []string) ([]Input, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []Input
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, inputErr("input %s: %w", p, err)
		}
		if !info.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")) {
			// Terraform's unit is the directory (module): a .tf file is
			// read with its siblings, as terraform would.
			out = append(out, Input{Path: filepath.Dir(p), Kind: KindTerraform})
			continue
		}
		if !info.IsDir() {
			kind, why := classify(p)
			if kind == "" {
				return nil, inputErr("input %s: %s", p, why)
			}
			out = append(out, Input{Path: p, Kind: kind})
			continue
		}
		found, err := detectDir(p)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// maxDetectDepth bounds the search below a directory given on the
// command line.
const maxDetectDepth = 8

// detectDir finds the inputs of a directory given on the command line: its
// own (detectHere) when it has any, as each example lab does; otherwise,
// as Trivy and Checkov do, those of its subdirectories, each searched the
// same way, so a tree of labs or stacks is checked in one run.
func detectDir(dir string) ([]Input, error) {
	out, err := detectTree(dir, 0)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, inputErr("input %s: nothing to check in this directory or below it (want %s)", dir, wantInputs)
	}
	return out, nil
}

func detectTree(dir string, depth int) ([]Input, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, inputErr("input %s: %w", dir, err)
	}
	out := detectHere(dir, entries)
	if len(out) > 0 || depth == maxDetectDepth {
		return out, nil
	}
	for _, e := range entries {
		// DirEntry.IsDir is false for a symlink, so links cannot loop.
		if !e.IsDir() || skipDir(e.Name()) {
			continue
		}
		sub, err := detectTree(filepath.Join(dir, e.Name()), depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// skipDir names directories that hold no one's infrastructure: version
// control, dependencies, Terraform's module and provider cache, and
// anything hidden.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}

// detectHere returns a directory's own inputs: its .tf files (one
// Terraform input) and the snapshots, plans and templates directly in it.
func detectHere(dir string, entries []os.DirEntry) []Input {
	var out []Input
	terraform := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") {
			terraform = true
			continue
		}
		if !slices.Contains([]string{".json", ".yaml", ".yml", ".template"}, filepath.Ext(name)) {
			continue
		}
		p := filepath.Join(dir, name)
		if kind, _ := classify(p); kind != "" {
			out = append(out, Input{Path: p, Kind: kind})
		}
	}
	// A plan beside its .tf files already maps its resources to them;
	// reading the directory too would report everything twice.
	hasPlan := slices.ContainsFunc(out, func(in Input) bool { return in.Kind == KindPlan })
	if terraform && !hasPlan {
		out = append([]Input{{Path: dir, Kind: KindTerraform}}, out...)
	}
	return out
}

// classify tells the kind of a file from its first bytes, without
// decoding the whole file.
func classify(path string) (Kind, string) {
	f, err := os.Open(path)
	if err != nil {
		return "", err.Error()
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", err.Error()
	}
	trimmed := bytes.TrimSpace(head)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		keys, schema := topKeys(head)
		switch {
		case strings.HasPrefix(schema, "vpclint.snapshot/"):
			return KindSnapshot, ""
		case schema != "":
			return "", fmt.Sprintf("its \"schema\" is %q (want %s)", schema, wantInputs)
		case keys["format_version"] && (keys["planned_values"] || keys["resource_changes"] || keys["prior_state"]):
			return KindPlan, ""
		case keys["AWSTemplateFormatVersion"] || keys["Resources"]:
			return KindCloudFormation, ""
		}
		return "", "a JSON object that is none of the supported inputs (want " + wantInputs + ")"
	}
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" || ext == ".template" {
		if yamlTopKey(head, "AWSTemplateFormatVersion") || yamlTopKey(head, "Resources") {
			return KindCloudFormation, ""
		}
		return "", "a YAML file without AWSTemplateFormatVersion or Resources (want " + wantInputs + ")"
	}
	return "", "not JSON or YAML (want " + wantInputs + ")"
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
