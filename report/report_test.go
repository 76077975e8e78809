package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

func render(t *testing.T, format string, in *Input, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, in, opt); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			golden(t, format, render(t, format, fixture(), fixtureOptions))
		})
	}
}

// golden compares got with testdata/golden/NAME.golden, or rewrites that
// file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s output differs from %s; review the diff and run go test ./report -update\n%s", name, path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line, enough to start a review.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		a := render(t, format, fixture(), fixtureOptions)
		b := render(t, format, fixture(), fixtureOptions)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders of the same input differ", format)
		}
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "html", "junit", "ocsf"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", fixture(), Options{})
	if err == nil {
		t.Fatal("Write(xml) succeeded")
	}
	for _, name := range Formats() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name format %s", err, name)
		}
	}
}

func TestEmptyInput(t *testing.T) {
	for _, format := range Formats() {
		if out := render(t, format, &Input{}, Options{}); len(out) == 0 {
			t.Errorf("%s: empty output for empty input", format)
		}
	}
}

func TestReadBaselineBothFormats(t *testing.T) {
	in := fixture()
	for _, format := range []string{"json", "sarif"} {
		var buf bytes.Buffer
		if err := Write(&buf, format, in, Options{}); err != nil {
			t.Fatal(err)
		}
		fps, err := ReadBaseline(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range in.Findings {
			if !fps[f.Fingerprint] {
				t.Errorf("%s baseline lost fingerprint of %s on %s", format, f.RuleID, f.Resource.ID)
			}
		}
	}
	if _, err := ReadBaseline(strings.NewReader(`{"hello": 1}`), "x.json"); err == nil {
		t.Error("want error for a file that is neither format")
	}
}
