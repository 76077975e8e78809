package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/finding"
)

func TestParseFull(t *testing.T) {
	c, err := Load("testdata/full.vpclint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "medium" || len(c.Waivers) != 1 || len(c.Intents) != 1 || len(c.Personas) != 1 || c.Rules.Disable[0] != "SG007" {
		t.Fatalf("parsed: %+v", c)
	}
	if w := c.Waivers[0]; w.Source != "testdata/full.vpclint.yaml:7" || w.Expires != "2027-03-31" {
		t.Fatalf("waiver: %+v", w)
	}
}

func TestSchemaAcceptsExample(t *testing.T) {
	data, err := os.ReadFile("testdata/full.vpclint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	sch := compileSchema(t)
	// yaml.v3 decodes dates as strings into `any` only when quoted; round-trip through JSON types.
	if err := sch.Validate(jsonable(doc)); err != nil {
		t.Fatalf("example config violates the schema: %v", err)
	}
	bad := jsonable(map[string]any{"fail_on": "severe"})
	if err := sch.Validate(bad); err == nil {
		t.Fatal("schema must reject an unknown severity")
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("config.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// jsonable converts yaml.v3 values (time.Time, int) into JSON-model values.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	case int:
		return float64(x)
	case interface{ Format(string) string }:
		return x.Format("2006-01-02")
	}
	return v
}

func TestParseErrorsAreLocated(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"unknown key":   {"fail_on: high\nwaiverz: []\n", "c.yaml: yaml: unmarshal errors:\n  line 2: field waiverz not found"},
		"bad severity":  {"fail_on: severe\n", "c.yaml:1: fail_on: unknown severity"},
		"no reason":     {"waivers:\n  - rule: SG001\n    resource: sg-1\n", "c.yaml:2: waiver for SG001 on sg-1 needs a reason"},
		"bad expiry":    {"waivers:\n  - rule: SG001\n    resource: sg-1\n    reason: r\n    expires: soon\n", "c.yaml:2: waiver for SG001 on sg-1: expires \"soon\" is not a date"},
		"bad intent":    {"intents:\n  - name: x\n    from: {vpc: vpc-1}\n    to: {}\n    expect: allow\n", "c.yaml:2: intent \"x\": from and to must each select"},
		"intent expect": {"intents:\n  - name: x\n    from: {vpc: vpc-1}\n    to: {vpc: vpc-2}\n    expect: maybe\n", "expect \"maybe\""},
		"syntax":        {"fail_on: [high\n", "c.yaml: yaml:"},
		"persona":       {"personas:\n  - name: p\n", "c.yaml:2: persona needs a name and a principal"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc), "c.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

// fail_on: never is what --fail-on never means; the file takes every
// value the flag takes, and the schema agrees.
func TestFailOnNever(t *testing.T) {
	for _, v := range []string{"never", "NEVER", "high"} {
		c, err := Parse([]byte("fail_on: "+v+"\n"), "c.yaml")
		if err != nil {
			t.Fatalf("fail_on: %s: %v", v, err)
		}
		sev, never, err := ParseFailOn(c.FailOn)
		wantNever := strings.EqualFold(v, "never")
		if err != nil || never != wantNever || (!never && sev != finding.High) {
			t.Fatalf("ParseFailOn(%q) = %v, %v, %v", c.FailOn, sev, never, err)
		}
	}
	if _, _, err := ParseFailOn("sometimes"); err == nil || !strings.HasSuffix(err.Error(), "or never") {
		t.Fatalf("ParseFailOn(sometimes) = %v, want an error naming never", err)
	}
	if err := compileSchema(t).Validate(map[string]any{"fail_on": "never"}); err != nil {
		t.Fatalf("schema rejects fail_on: never: %v", err)
	}
}

func TestEmptyConfig(t *testing.T) {
	c, err := Parse([]byte("# nothing\n"), "c.yaml")
	if err != nil || c.FailOn != "" {
		t.Fatalf("%+v %v", c, err)
	}
}

// Issue 11 item 2: a config past MaxSize was read up to 16 MiB and the
// rest dropped without a word.
func TestOversizedConfigIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".vpclint.yaml")
	// A valid config up to the limit: cut there it would parse cleanly.
	data := append([]byte("fail_on: high\n"), bytes.Repeat([]byte("#\n"), MaxSize/2)...)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatalf("want an error naming the file and the limit, got %v", err)
	}
	if err := os.WriteFile(path, data[:MaxSize], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err != nil {
		t.Fatalf("a config of exactly MaxSize bytes must load: %v", err)
	}
}

// The decoder reads one YAML document; waivers in a second one would
// silently not apply.
func TestSecondDocumentIsAnError(t *testing.T) {
	for doc, want := range map[string]string{
		"fail_on: high\n---\nwaivers: []\n":         "c.yaml:2: a second YAML document",
		"---\n---\nfail_on: low\n":                  "c.yaml:2: a second YAML document",
		"fail_on: high\n---\n---\n# c\n---\nx: 1\n": "c.yaml:5: a second YAML document",
		"fail_on: high\n---\n":                      "",
		"# comment\n---\nfail_on: high\n...\n":      "",
	} {
		_, err := Parse([]byte(doc), "c.yaml")
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: got %v, want %q", doc, err, want)
		}
	}
}
