package check

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
)

// Kind is what an input file is.
type Kind string

// Input kinds. Terraform, plans and CloudFormation arrive with the IaC
// scanners; until then they are reported as unsupported, never skipped.
const (
	KindSnapshot Kind = "snapshot"
)

// Input is one detected input file.
type Input struct {
	Path string
	Kind Kind
}

// InputError is a usage or input problem: exit code 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// Detect classifies the paths given on the command line. A directory
// contributes the snapshot files directly inside it; a file must be a
// snapshot. Anything else is an InputError naming the path.
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

func detectDir(dir string) ([]Input, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, inputErr("input %s: %w", dir, err)
	}
	var out []Input
	var iac []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case strings.HasSuffix(name, ".json"):
			if kind, _ := classify(p); kind != "" {
				out = append(out, Input{Path: p, Kind: kind})
			}
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".yml"), strings.HasSuffix(name, ".template"):
			iac = append(iac, name)
		}
	}
	if len(out) == 0 {
		hint := ""
		if len(iac) > 0 {
			slices.Sort(iac)
			hint = fmt.Sprintf(" (found %s: Terraform and CloudFormation inputs are not supported by this version; save a snapshot instead)", strings.Join(iac, ", "))
		}
		return nil, inputErr("input %s: no vpclint snapshot (*.json with \"schema\": \"vpclint.snapshot/v1\") in this directory%s", dir, hint)
	}
	return out, nil
}

// classify peeks at a file's first JSON key to tell a snapshot from other
// JSON without decoding the whole file.
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
	schema, err := firstSchema(head)
	switch {
	case err != nil:
		return "", fmt.Sprintf("not a vpclint snapshot: %v (want a JSON object with \"schema\": \"vpclint.snapshot/v1\"; Terraform, plan and CloudFormation inputs are not supported by this version)", err)
	case strings.HasPrefix(schema, "vpclint.snapshot/"):
		return KindSnapshot, ""
	default:
		return "", fmt.Sprintf("not a vpclint snapshot: its \"schema\" is %q (want \"vpclint.snapshot/v1\")", schema)
	}
}

// firstSchema returns the value of the top-level "schema" key if it
// appears in the first 64 KiB.
func firstSchema(head []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return "", errors.New("not JSON")
	}
	if tok != json.Delim('{') {
		return "", errors.New("not a JSON object")
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		if k == "schema" {
			var v string
			if err := dec.Decode(&v); err != nil {
				return "", errors.New(`"schema" is not a string`)
			}
			return v, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	return "", errors.New(`no "schema" key`)
}
