package compliance_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/finding"
)

func TestCompareControls(t *testing.T) {
	ids := []string{"5.10", "EC2.18", "2.1.4", "5.2", "EC2.9", "2.1.1", "1.15", "S3.1", "5.1.2", "5.1", "IAM.1"}
	slices.SortFunc(ids, compliance.CompareControls)
	want := []string{"1.15", "2.1.1", "2.1.4", "5.1", "5.1.2", "5.2", "5.10", "EC2.9", "EC2.18", "IAM.1", "S3.1"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("got %v, want %v", ids, want)
	}
}

// The tables are what the per-control view lists: unique ids in control
// order, each with a title, per known framework.
func TestTablesAreWellFormed(t *testing.T) {
	if got := compliance.Names(); !reflect.DeepEqual(got, []string{"aws-fsbp", "cis-aws-v3.0", "cis-aws-v5.0"}) {
		t.Fatalf("names %v", got)
	}
	for _, fw := range compliance.Frameworks() {
		if fw.Title == "" || !strings.HasPrefix(fw.URL, "https://") || len(fw.Controls) == 0 {
			t.Errorf("%s: incomplete %+v", fw.Name, fw)
		}
		if !slices.IsSortedFunc(fw.Controls, func(a, b compliance.Control) int { return compliance.CompareControls(a.ID, b.ID) }) {
			t.Errorf("%s: controls not in control order", fw.Name)
		}
		for i, c := range fw.Controls {
			if c.Title == "" || (i > 0 && fw.Controls[i-1].ID == c.ID) {
				t.Errorf("%s: control %q has no title or is listed twice", fw.Name, c.ID)
			}
		}
	}
}

func TestLookupUnknownListsKnown(t *testing.T) {
	_, err := compliance.Lookup("cis-aws-v9")
	if err == nil || !strings.Contains(err.Error(), "aws-fsbp, cis-aws-v3.0, cis-aws-v5.0") {
		t.Fatalf("got %v", err)
	}
	if fw, err := compliance.Lookup("cis-aws-v5.0"); err != nil || fw.Title != "CIS AWS Foundations Benchmark v5.0.0" {
		t.Fatalf("got %+v, %v", fw, err)
	}
}

// Every embedded rule maps only to known frameworks and to controls their
// tables hold: a typo ("5.20", "EC2.199") would otherwise show up as an
// unlisted control without a title.
func TestEmbeddedRulesMapToListedControls(t *testing.T) {
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mapped := 0
	for _, r := range eng.Catalog() {
		for name, ids := range r.Frameworks {
			fw, err := compliance.Lookup(name)
			if err != nil {
				t.Errorf("%s: %v", r.ID, err)
				continue
			}
			for _, id := range ids {
				if _, ok := fw.Control(id); !ok {
					t.Errorf("%s maps to %s %s, which the %s table does not list", r.ID, name, id, name)
				}
				mapped++
			}
		}
	}
	if mapped < 20 {
		t.Errorf("only %d rule-to-control mappings in the embedded catalog", mapped)
	}
}

func rule(id string, fw map[string][]string) finding.Rule {
	return finding.Rule{ID: id, Frameworks: fw}
}

func TestEvaluate(t *testing.T) {
	fw, err := compliance.Lookup("cis-aws-v3.0")
	if err != nil {
		t.Fatal(err)
	}
	rules := []finding.Rule{
		rule("SG001", map[string][]string{"cis-aws-v3.0": {"5.2", "5.3"}}),
		rule("SG005", map[string][]string{"cis-aws-v3.0": {"5.4"}}),
		rule("SG006", map[string][]string{"cis-aws-v3.0": {"5.4"}}),
		rule("EC2001", map[string][]string{"cis-aws-v3.0": {"5.6"}}),
		rule("NACL001", map[string][]string{"cis-aws-v3.0": {"5.1"}, "aws-fsbp": {"EC2.21"}}),
		rule("ACME001", map[string][]string{"cis-aws-v3.0": {"1.4"}}),
		rule("VPC002", nil),
	}
	muted := &finding.Suppression{Kind: finding.SuppressWaiver, Reason: "accepted", Active: true}
	expired := &finding.Suppression{Kind: finding.SuppressWaiver, Reason: "old", Active: false}
	findings := []finding.Finding{
		{RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-2"}},
		{RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-1"}},
		{RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-2"}, Key: "3389"},
		{RuleID: "SG006", Resource: finding.Resource{Type: "instance", ID: "i-1"}, Suppression: muted},
		{RuleID: "EC2001", Resource: finding.Resource{Type: "instance", ID: "i-1"}, Suppression: expired},
		{RuleID: "VPC002", Resource: finding.Resource{Type: "vpc", ID: "vpc-1"}},
	}
	rep := compliance.Evaluate(fw, rules, findings)
	got := map[string]compliance.Result{}
	var order []string
	for _, c := range rep.Controls {
		got[c.ID] = c
		order = append(order, c.ID)
	}
	wantStatus := map[string]compliance.Status{
		"1.4": compliance.Pass, "1.15": compliance.NotChecked, "1.18": compliance.Manual,
		"5.1": compliance.Pass, "5.2": compliance.Fail, "5.3": compliance.Fail,
		"5.4": compliance.Muted, "5.5": compliance.Manual, "5.6": compliance.Fail,
	}
	for id, want := range wantStatus {
		if got[id].Status != want {
			t.Errorf("%s: status %s, want %s", id, got[id].Status, want)
		}
	}
	if c := got["5.2"]; c.Open != 3 || !reflect.DeepEqual(c.Resources, []compliance.Resource{{Type: "security_group", ID: "sg-1"}, {Type: "security_group", ID: "sg-2"}}) {
		t.Errorf("5.2: %+v", c)
	}
	if c := got["5.4"]; !reflect.DeepEqual(c.Rules, []string{"SG005", "SG006"}) || c.MutedFindings != 1 || c.Open != 0 {
		t.Errorf("5.4: %+v", c)
	}
	if c := got["1.4"]; !c.Unlisted || c.Title != "" || !reflect.DeepEqual(c.Rules, []string{"ACME001"}) {
		t.Errorf("1.4 (unlisted, a custom rule's): %+v", c)
	}
	if c := got["1.15"]; c.Rules == nil || len(c.Rules) != 0 {
		t.Errorf("1.15: rules must be empty, not nil: %+v", c)
	}
	if !slices.IsSortedFunc(order, compliance.CompareControls) || len(order) != len(fw.Controls)+1 {
		t.Errorf("controls %v: want every listed control plus 1.4, in control order", order)
	}
	want := compliance.Summary{Fail: 3, Muted: 1, Pass: 2, NotChecked: 6, Manual: 3}
	if rep.Summary != want {
		t.Errorf("summary %+v, want %+v", rep.Summary, want)
	}
}
