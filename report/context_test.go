package report

import (
	"testing"

	"github.com/vpclint/vpclint/finding"
)

func TestPassResults(t *testing.T) {
	in := &Input{
		Rules: []finding.Rule{
			{ID: "SG001", Tags: []string{"network", "security-group"}},
			{ID: "S3001", Tags: []string{"s3", "bucket-policy"}},
			{ID: "X001"},
		},
		Findings: []finding.Finding{
			{RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-1"}},
			{RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-1"}},
			{
				RuleID: "SG001", Resource: finding.Resource{Type: "security_group", ID: "sg-2"},
				Suppression: &finding.Suppression{Kind: finding.SuppressWaiver, Active: true},
			},
		},
		Context: Context{Resources: map[string]int{"security_group": 5, "bucket": 3}},
	}
	got := passResults(in)
	want := []Pass{
		{RuleID: "S3001", ResourceType: "bucket", Checked: 3},
		{RuleID: "SG001", ResourceType: "security_group", Checked: 5, Failing: 1},
		{RuleID: "X001"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("rule %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if got[1].Passed() || !got[0].Passed() {
		t.Errorf("passed: SG001 %v, S3001 %v", got[1].Passed(), got[0].Passed())
	}
}
