package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vpclint/vpclint/report"
)

func TestPairOutputsInfersFormat(t *testing.T) {
	for _, tc := range []struct {
		formats, files []string
		want           []output
	}{
		{nil, nil, []output{{"text", "-"}}},
		{nil, []string{"r.sarif"}, []output{{"sarif", "r.sarif"}}},
		{nil, []string{"-", "R.HTML", "f.ocsf.json", "f.json", "junit.xml"}, []output{{"text", "-"}, {"html", "R.HTML"}, {"ocsf", "f.ocsf.json"}, {"json", "f.json"}, {"junit", "junit.xml"}}},
		{[]string{"json"}, []string{"r.sarif"}, []output{{"json", "r.sarif"}}}, // -f wins
	} {
		got, err := pairOutputs(tc.formats, tc.files, report.Formats())
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("pairOutputs(%q, %q) = %v, %v; want %v", tc.formats, tc.files, got, err, tc.want)
		}
	}
	for _, files := range [][]string{{"report"}, {"r.sarif", "r.pdf"}} {
		if _, err := pairOutputs(nil, files, report.Formats()); err == nil {
			t.Errorf("pairOutputs(nil, %q) guessed a format", files)
		}
	}
	if _, err := pairOutputs(nil, []string{"m.sarif"}, []string{"text", "json", "html"}); err == nil {
		t.Error("a format the command does not write was inferred")
	}
}

// -o report.sarif without -f writes SARIF, not text (issue #13 item 8),
// and -f ocsf writes OCSF records stamped with SOURCE_DATE_EPOCH.
func TestCheckWritesInferredFormats(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	sarif, ocsf := filepath.Join(dir, "report.sarif"), filepath.Join(dir, "findings.ocsf.json")
	if _, errOut, code := vpclint(t, "check", basic, "-q", "-o", sarif, "-o", ocsf); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("report.sarif is not SARIF: %.200s", data)
	}
	data, err = os.ReadFile(ocsf)
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		ClassUID int   `json:"class_uid"`
		Time     int64 `json:"time"`
	}
	if err := json.Unmarshal(data, &recs); err != nil || len(recs) == 0 {
		t.Fatalf("findings.ocsf.json: %v, %d records", err, len(recs))
	}
	if recs[0].ClassUID != 2004 || recs[0].Time != 1700000000000 {
		t.Errorf("first record %+v, want class 2004 at SOURCE_DATE_EPOCH in milliseconds", recs[0])
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if _, errOut, code := vpclint(t, "check", basic, "-q", "-o", ocsf); code != 2 {
		t.Errorf("bad SOURCE_DATE_EPOCH: exit %d, want 2: %s", code, errOut)
	}
}
