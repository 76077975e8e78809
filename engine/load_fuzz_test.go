package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCustomRules loads an arbitrary file as a custom rule (--rules DIR):
// the engine either builds with it or returns an error, never panics,
// and a file that defines findings without METADATA never loads quietly.
func FuzzCustomRules(f *testing.F) {
	for _, s := range []string{
		"# METADATA\n# title: t\n# description: d\n# custom:\n#   id: ACME001\n#   name: acme-x\n#   category: hygiene\n#   severity: low\n#   remediation: r\npackage acme.x\n\nfindings contains f if {\n\tsome v in input.vpcs\n\tf := {\"resource\": {\"type\": \"vpc\", \"id\": v.id}, \"message\": \"m\"}\n}\n",
		"package acme.y\n\nfindings contains 1 if true\n",
		"package acme.lib\n\nhelper(x) := x\n",
		"package", "# METADATA\n# custom: [\npackage a\n", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "custom.rego"), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := New(context.Background(), Options{RuleDirs: []string{dir}})
		if err != nil {
			return
		}
		if len(e.Catalog()) == 0 {
			t.Fatal("an engine with no rules")
		}
	})
}
