package input

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Nothing below an input directory is skipped without a word (issue #11
// item 2): an unreadable candidate file, a symbolic link that loops on
// itself and a link back to a directory being searched are each a
// located problem, and the inputs beside them are still found.
func TestDetectReportsWhatItCannotRead(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string, mode os.FileMode) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target, rel string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("a/snapshot.json", `{"schema": "vpclint.snapshot/v1"}`, 0o600)
	unreadable := write("b/snapshot.json", `{"schema": "vpclint.snapshot/v1"}`, 0o000)
	if f, err := os.Open(unreadable); err == nil { // root reads anything: a dangling link instead
		f.Close()
		if err := os.Remove(unreadable); err != nil {
			t.Fatal(err)
		}
		unreadable = link("nowhere.json", "b/gone.json")
	}
	selfLoop := link("loop.json", "c/loop.json")
	back := link("..", "d/up")
	linked := link(filepath.Join(root, "a"), "e")

	found, problems := Detect([]string{root})
	if want := []Input{{good, KindSnapshot}}; !slices.Equal(found, want) {
		t.Errorf("found %v, want %v (a directory reached twice through a link is read once)", found, want)
	}
	msgs := errors.Join(problems...).Error()
	for _, p := range []string{unreadable, selfLoop, back} {
		if !strings.Contains(msgs, p) {
			t.Errorf("no problem names %s:\n%s", p, msgs)
		}
	}
	if !strings.Contains(msgs, "symbolic link loop") {
		t.Errorf("a link back to an ancestor must say it loops:\n%s", msgs)
	}
	if strings.Contains(msgs, linked) {
		t.Errorf("a link to a directory read elsewhere is no problem:\n%s", msgs)
	}
	for _, p := range problems {
		if _, ok := errors.AsType[*Error](p); !ok {
			t.Errorf("%v is not an input Error", p)
		}
	}
}

// One bad path among several is one problem: the others are still found
// (issue #11 item 3).
func TestDetectKeepsGoodPaths(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "s.json")
	garbage := filepath.Join(dir, "g.json")
	for p, body := range map[string]string{good: `{"schema": "vpclint.snapshot/v1"}`, garbage: "\x00\x01garbage"} {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	empty := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	found, problems := Detect([]string{missing, garbage, good, empty})
	if want := []Input{{good, KindSnapshot}}; !slices.Equal(found, want) {
		t.Errorf("found %v, want %v", found, want)
	}
	if len(problems) != 3 {
		t.Fatalf("want one problem per bad path, got %v", problems)
	}
	for i, p := range []string{missing, garbage, empty} {
		if !strings.Contains(problems[i].Error(), p) {
			t.Errorf("problem %d %q does not name %s", i, problems[i], p)
		}
	}
}
