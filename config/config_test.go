package config

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
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
	// yaml.v3 decodes dates as strings into `any` only when quoted; round-trip through JSON types.
	if err := sch.Validate(jsonable(doc)); err != nil {
		t.Fatalf("example config violates the schema: %v", err)
	}
	bad := jsonable(map[string]any{"fail_on": "severe"})
	if err := sch.Validate(bad); err == nil {
		t.Fatal("schema must reject an unknown severity")
	}
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

func TestEmptyConfig(t *testing.T) {
	c, err := Parse([]byte("# nothing\n"), "c.yaml")
	if err != nil || c.FailOn != "" {
		t.Fatalf("%+v %v", c, err)
	}
}
