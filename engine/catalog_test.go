package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
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

// A rule's frameworks come out sorted as people number controls (5.10
// after 5.2), without duplicates, and ride on every finding of the rule.
func TestFrameworksAreSortedAndOnFindings(t *testing.T) {
	dir := t.TempDir()
	meta := strings.Replace(customHeader, "#   remediation: Do the thing.\n",
		"#   remediation: Do the thing.\n#   frameworks:\n#     cis-aws-v3.0: [\"5.10\", \"5.2\", \"5.2\"]\n#     aws-fsbp: [\"EC2.19\", \"EC2.2\"]\n", 1)
	writeRule(t, dir, "c.rego", meta+`
findings contains f if {
	some v in input.vpcs
	f := {"resource": {"type": "vpc", "id": v.id}, "message": "m"}
}
`)
	e := newEngine(t, Options{RuleDirs: []string{dir}, Enable: []string{"ACME001"}})
	want := map[string][]string{"cis-aws-v3.0": {"5.2", "5.10"}, "aws-fsbp": {"EC2.2", "EC2.19"}}
	if got := e.Catalog()[0].Frameworks; !reflect.DeepEqual(got, want) {
		t.Fatalf("catalog frameworks %v, want %v", got, want)
	}
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Check(context.Background(), s)
	if err != nil || len(fs) == 0 {
		t.Fatalf("findings %v, %v", fs, err)
	}
	for _, f := range fs {
		if !reflect.DeepEqual(f.Frameworks, want) {
			t.Fatalf("finding frameworks %v, want %v", f.Frameworks, want)
		}
	}
}

// A malformed mapping is an error, never an empty mapping that would
// report its controls as not checked.
func TestMalformedFrameworksAreReported(t *testing.T) {
	for name, block := range map[string]string{
		"not a map":     "#   frameworks: [\"5.2\"]\n",
		"number id":     "#   frameworks:\n#     cis-aws-v3.0: [5.2]\n",
		"empty list":    "#   frameworks:\n#     aws-fsbp: []\n",
		"bad name":      "#   frameworks:\n#     CIS AWS: [\"5.2\"]\n",
		"not a list":    "#   frameworks:\n#     aws-fsbp: EC2.2\n",
		"empty control": "#   frameworks:\n#     aws-fsbp: [\" \"]\n",
	} {
		dir := t.TempDir()
		src := strings.Replace(customHeader, "#   remediation: Do the thing.\n", "#   remediation: Do the thing.\n"+block, 1)
		writeRule(t, dir, "c.rego", src+bodyFindings)
		_, err := New(context.Background(), Options{RuleDirs: []string{dir}})
		if err == nil || !strings.Contains(err.Error(), "custom.frameworks") || !strings.Contains(err.Error(), "c.rego") {
			t.Errorf("%s: want a located custom.frameworks error, got %v", name, err)
		}
	}
}
