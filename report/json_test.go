package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaFile(t, "schema/findings.v1.json")
}

// compileSchemaFile compiles one JSON Schema file of the repository.
func compileSchemaFile(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("schema %s is not JSON: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compile schema %s: %v", path, err)
	}
	return sch
}

func validateJSON(t *testing.T, sch *jsonschema.Schema, out []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return sch.Validate(v)
}

func TestJSONValidatesAgainstSchema(t *testing.T) {
	sch := compileSchema(t)
	for name, in := range map[string]*Input{"fixture": fixture(), "empty": {}} {
		if err := validateJSON(t, sch, render(t, "json", in, Options{})); err != nil {
			t.Errorf("%s: output does not match schema/findings.v1.json: %v", name, err)
		}
	}
}

// The schema must reject what the writer must never produce, or the
// validation test above proves nothing.
func TestJSONSchemaRejectsDrift(t *testing.T) {
	sch := compileSchema(t)
	out := render(t, "json", fixture(), Options{})
	for _, mutate := range []struct{ from, to string }{
		{`"schema": "vpclint.findings/v1"`, `"schema": "vpclint.findings/v2"`},
		{`"severity": "critical"`, `"severity": "urgent"`},
		{`"total": 6`, `"total": "6"`},
	} {
		bad := strings.Replace(string(out), mutate.from, mutate.to, 1)
		if bad == string(out) {
			t.Fatalf("fixture output lacks %q", mutate.from)
		}
		if err := validateJSON(t, sch, []byte(bad)); err == nil {
			t.Errorf("schema accepted %s", mutate.to)
		}
	}
}

func TestJSONContent(t *testing.T) {
	var got struct {
		Schema  string `json:"schema"`
		Summary struct {
			Total        int            `json:"total"`
			BySeverity   map[string]int `json:"by_severity"`
			Muted        int            `json:"muted"`
			CoverageGaps int            `json:"coverage_gaps"`
			FailOn       string         `json:"fail_on"`
			Failing      int            `json:"failing"`
		} `json:"summary"`
		Findings []struct {
			RuleID      string          `json:"rule_id"`
			Evidence    json.RawMessage `json:"evidence"`
			Suppression *struct {
				Active bool `json:"active"`
			} `json:"suppression"`
		} `json:"findings"`
		Rules []struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(render(t, "json", fixture(), Options{}), &got); err != nil {
		t.Fatal(err)
	}
	s := got.Summary
	if got.Schema != JSONSchemaID || s.Total != 6 || s.Muted != 2 || s.CoverageGaps != 1 || s.FailOn != "high" || s.Failing != 2 {
		t.Errorf("summary = %+v (schema %q)", s, got.Schema)
	}
	want := map[string]int{"critical": 1, "high": 1, "medium": 1, "low": 0, "info": 1}
	for k, n := range want {
		if s.BySeverity[k] != n {
			t.Errorf("by_severity[%s] = %d, want %d", k, s.BySeverity[k], n)
		}
	}
	if len(got.Findings) != 6 || got.Findings[0].RuleID != "IAM001" || len(got.Findings[0].Evidence) == 0 {
		t.Errorf("findings not rendered in input order with evidence: %+v", got.Findings)
	}
	if len(got.Rules) != 6 || got.Rules[0].ID != "IAM001" || got.Rules[0].Severity != "critical" {
		t.Errorf("rules = %+v", got.Rules)
	}
}
