package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
)

func newEngine(t *testing.T, opt Options) *Engine {
	t.Helper()
	e, err := New(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestCatalog validates the whole embedded catalog: unique ids and names
// (checked by New), every field present, severity and category in range.
func TestCatalog(t *testing.T) {
	e := newEngine(t, Options{})
	cat := e.Catalog()
	if len(cat) == 0 {
		t.Fatal("empty catalog")
	}
	for _, r := range cat {
		if r.ID == "" || r.Name == "" || r.Title == "" || r.Description == "" || r.Remediation == "" || r.File == "" || r.Package == "" {
			t.Errorf("%s: incomplete catalog entry %+v", r.ID, r)
		}
		if r.Category == finding.Coverage && r.ID != "COV001" {
			t.Errorf("%s: only the coverage rule may use the coverage category", r.ID)
		}
		if len(r.References) == 0 {
			t.Errorf("%s: no related_resources reference", r.ID)
		}
		if r.Custom {
			t.Errorf("%s: embedded rule marked custom", r.ID)
		}
	}
}

func writeRule(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

const customHeader = `# METADATA
# title: Custom check
# description: A user's own rule.
# related_resources:
#   - ref: https://example.com/x
# custom:
#   id: ACME001
#   name: acme-check
#   category: hygiene
#   severity: low
#   remediation: Do the thing.
package acme.check
`

// DESIGN.md: a custom rule file must not be able to reach the network.
func TestCustomRulesCannotReachNetwork(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "get", "url": "http://127.0.0.1:1/x"})`,
		`net.lookup_ip_addr("example.com")`,
		`opa.runtime()`,
		`time.now_ns()`,
	} {
		dir := t.TempDir()
		writeRule(t, dir, "c.rego", customHeader+"\nfindings contains f if {\n\tx := "+call+"\n\tf := {\"resource\": {\"type\": \"vpc\", \"id\": sprintf(\"%v\", [x])}, \"message\": \"m\"}\n}\n")
		_, err := New(context.Background(), Options{RuleDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "undefined function") {
			t.Errorf("%s: want compile error for an undefined function, got %v", call, err)
		}
	}
}

func TestCustomRuleRunsAndIsMarked(t *testing.T) {
	dir := t.TempDir()
	writeRule(t, dir, "c.rego", customHeader+`
findings contains f if {
	some v in input.vpcs
	not v.enable_dns_support
	f := {"resource": {"type": "vpc", "id": v.id}, "message": sprintf("%s has DNS support off", [v.id])}
}
`)
	e := newEngine(t, Options{RuleDirs: []string{dir}, Enable: []string{"acme-check"}})
	if cat := e.Catalog(); len(cat) != 1 || !cat[0].Custom {
		t.Fatalf("catalog: %+v", cat)
	}
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Check(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Resource.ID != "vpc-1" || fs[0].Location.StartLine != 5 || fs[0].Fingerprint == "" {
		t.Fatalf("findings: %+v", fs)
	}
}

func TestBadMetadataIsReported(t *testing.T) {
	dir := t.TempDir()
	writeRule(t, dir, "c.rego", strings.Replace(customHeader, "severity: low", "severity: severe", 1)+"\nfindings contains f if { f := 1; false }\n")
	_, err := New(context.Background(), Options{RuleDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "custom.severity") || !strings.Contains(err.Error(), "c.rego") {
		t.Fatalf("want located METADATA error, got %v", err)
	}
}

func TestUnknownRuleSelection(t *testing.T) {
	if _, err := New(context.Background(), Options{Disable: []string{"SG999"}}); err == nil {
		t.Fatal("a typo in --disable must be an error")
	}
}

func TestCheckFindsAndLocates(t *testing.T) {
	e := newEngine(t, Options{Enable: []string{"SG001"}})
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Check(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	// basic.json opens SSH to 0.0.0.0/0 and all traffic to ::/0, which
	// contains both SSH and RDP (aws-semantics §1.2).
	if len(fs) != 3 {
		t.Fatalf("want 3 findings on sg-web, got %+v", fs)
	}
	f := fs[0]
	if f.Resource.ID != "sg-web" || f.Location.File != "../snapshot/testdata/basic.json" || f.Location.StartLine != 12 || f.Severity != finding.High {
		t.Fatalf("finding: %+v", f)
	}
}
