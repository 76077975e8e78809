package config

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse: any bytes either parse or fail with an error naming the
// file; never a panic.
func FuzzParse(f *testing.F) {
	b, err := os.ReadFile("testdata/full.vpclint.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("waivers:\n  - rule: SG001\n"))
	f.Add([]byte("intents:\n  - {name: x, from: {}, to: {vpc: v}, expect: allow}\n"))
	f.Add([]byte("fail_on: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, w := range c.Waivers {
			if w.Validate() != nil {
				t.Fatalf("accepted an invalid waiver: %+v", w)
			}
		}
	})
}
