package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// TestExamplesLoad loads every examples/*/snapshot.json exactly as
// `vpclint check` will: schema, decode, normalise. Then it checks that
// every reference in the lab is consistent and that each lab has a README.
func TestExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("../../examples/*/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples/*/snapshot.json found")
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := snapshot.ValidateSchema(data); err != nil {
				t.Fatalf("schema: %v", err)
			}
			s, err := snapshot.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range CheckReferences(s) {
				t.Error(e)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), "README.md")); err != nil {
				t.Errorf("lab has no README.md: %v", err)
			}
		})
	}
}
