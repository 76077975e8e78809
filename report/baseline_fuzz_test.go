package report

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadBaseline reads arbitrary documents as a --baseline file: a set
// of fingerprints or an error naming the file, never a panic.
func FuzzReadBaseline(f *testing.F) {
	for _, s := range []string{
		`{"schema":"` + JSONSchemaID + `","findings":[{"fingerprint":"a"}]}`,
		`{"version":"2.1.0","runs":[{"results":[{"partialFingerprints":{"` + sarifFingerprintKey + `":"b"}}]}]}`,
		`{"version":"2.0.0"}`, `[]`, `{`, ``, `{"schema":7}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		fps, err := ReadBaseline(bytes.NewReader(doc), "base.json")
		if err != nil {
			if !strings.Contains(err.Error(), "base.json") {
				t.Fatalf("error %v does not name the file", err)
			}
			return
		}
		if fps == nil {
			t.Fatal("no error and no fingerprint set")
		}
	})
}
