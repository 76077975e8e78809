package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDetect writes arbitrary bytes under the names inputs have and
// detects them: every outcome is an input or a located problem naming
// the file, never a panic, and the same bytes are classified the same way
// twice.
func FuzzDetect(f *testing.F) {
	for _, seed := range []string{
		`{"schema":"vpclint.snapshot/v1"}`, `{"format_version":"1.2","planned_values":{}}`,
		"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", `resource "aws_vpc" "v" {}`, "", "\x00\xff", `{"schema":"terraform"}`,
	} {
		f.Add(seed, "x.json")
		f.Add(seed, "main.tf")
	}
	f.Fuzz(func(t *testing.T, content, name string) {
		if name == "" || strings.ContainsAny(name, "/\\\x00") || name == "." || name == ".." || len(name) > 64 {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return
		}
		for _, target := range []string{path, dir} {
			ins, problems := Detect([]string{target})
			again, problems2 := Detect([]string{target})
			if len(ins) != len(again) || len(problems) != len(problems2) {
				t.Fatalf("%s: detection is not stable", target)
			}
			for i := range ins {
				if ins[i].Kind != again[i].Kind {
					t.Fatalf("%s: kind %s then %s", target, ins[i].Kind, again[i].Kind)
				}
			}
			for _, p := range problems {
				var ie *Error
				if !errors.As(p, &ie) || !strings.Contains(p.Error(), dir) {
					t.Fatalf("%s: problem %v does not name the input", target, p)
				}
			}
		}
	})
}

// FuzzParameters reads --parameter values: each is Key=Value or a
// located usage error, and a kept key has no surrounding space.
func FuzzParameters(f *testing.F) {
	for _, s := range []string{"Env=prod", "AWS::Region=eu-west-1", "=x", "K", " K =v=w", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, kv string) {
		m, err := parseParameters([]string{kv})
		if err != nil {
			if !strings.Contains(err.Error(), "--parameter") {
				t.Fatalf("error %v does not name the flag", err)
			}
			return
		}
		for k := range m {
			if k == "" || k != strings.TrimSpace(k) {
				t.Fatalf("key %q kept from %q", k, kv)
			}
		}
	})
}
