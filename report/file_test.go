package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWriteFile(t *testing.T) {
	entries := func(dir string) []string {
		t.Helper()
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	content := func(s string) func(io.Writer) error {
		return func(w io.Writer) error {
			_, err := io.WriteString(w, s)
			return err
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := WriteFile(path, content("old")); err != nil {
		t.Fatal(err)
	}
	if got := entries(dir); !slices.Equal(got, []string{"out.json"}) {
		t.Fatalf("after a write the directory holds %q, want only out.json", got)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode: %v %v, want 0644", st, err)
	}

	// The writer fails half way: the old file stays, the temporary goes.
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the writer's error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("a failed write changed the file to %q", data)
	}
	if got := entries(dir); !slices.Equal(got, []string{"out.json"}) {
		t.Errorf("after a failed write the directory holds %q, want only out.json", got)
	}

	// The rename fails (the target is a directory): the temporary goes.
	target := filepath.Join(dir, "sub")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(target, content("x")); err == nil {
		t.Error("writing over a directory succeeded")
	}
	if got := entries(dir); !slices.Equal(got, []string{"out.json", "sub"}) {
		t.Errorf("after a failed rename the directory holds %q", got)
	}

	// No directory to create the temporary in.
	if err := WriteFile(filepath.Join(dir, "nope", "x"), content("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}
