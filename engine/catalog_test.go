package engine

import (
	"context"
	"strings"
	"testing"
)

const bodyFindings = `
findings contains f if {
	some v in input.vpcs
	f := {"resource": {"type": "vpc", "id": v.id}, "message": "m"}
}
`

// Issue 11 item 2: a rules file the catalog cannot see used to be
// ignored; one that defines findings is now an error naming it.
func TestRuleFileWithoutMetadataIsAnError(t *testing.T) {
	metaNoID := "# METADATA\n# title: No id\n# description: d\npackage acme.noid\n"
	ruleScope := "package acme.rulescope\n\n# METADATA\n# title: On the rule\n# custom:\n#   id: ACME009\n"
	for name, tc := range map[string]struct{ src, want string }{
		"bare.rego":      {"package acme.bare\n" + bodyFindings, "acme.bare defines findings but has no package-scope METADATA"},
		"noid.rego":      {metaNoID + bodyFindings, "acme.noid defines findings but has a package-scope METADATA block without custom.id"},
		"rulescope.rego": {ruleScope + bodyFindings, "acme.rulescope defines findings but has no package-scope METADATA"},
	} {
		dir := t.TempDir()
		writeRule(t, dir, name, tc.src)
		_, err := New(context.Background(), Options{RuleDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir+"/"+name) {
			t.Errorf("%s: want an error naming the file and %q, got %v", name, tc.want, err)
		}
	}
}

// Helpers without findings, in lib/ or beside the rule, and a second file
// adding to a declared rule's package are not rules of their own.
func TestHelperFilesNeedNoMetadata(t *testing.T) {
	dir := t.TempDir()
	writeRule(t, dir, "rule.rego", customHeader+`
import data.acme.lib.helpers

findings contains f if {
	some v in input.vpcs
	helpers.dns_off(v)
	f := {"resource": {"type": "vpc", "id": v.id}, "message": "dns off"}
}
`)
	writeRule(t, dir, "more.rego", "package acme.check\n"+bodyFindings)
	writeRule(t, dir, "helpers.rego", "package acme.lib.helpers\n\ndns_off(v) if not v.enable_dns_support\n")
	e := newEngine(t, Options{RuleDirs: []string{dir}, Enable: []string{"ACME001"}})
	if cat := e.Catalog(); len(cat) != 1 || cat[0].ID != "ACME001" {
		t.Fatalf("catalog: %+v", cat)
	}
}
