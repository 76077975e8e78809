package check

import (
	"strings"
	"testing"

	"github.com/vpclint/vpclint/engine"
)

// Issue #5 item 2: a plan's prior state feeds change impact. This plan
// narrows launch-wizard-1's SSH source from 0.0.0.0/0 to 10.0.0.0/8.
func TestPlanChangeImpact(t *testing.T) {
	res, err := Run(t.Context(), Options{Paths: []string{"testdata/plan-breaks/plan.json"}, Engine: engine.Options{Enable: []string{"CHG001", "CHG002"}}})
	if err != nil {
		t.Fatal(err)
	}
	fs := res.Report.Findings
	if len(fs) != 1 || fs[0].RuleID != "CHG001" || !strings.Contains(fs[0].Message, "internet -> i-0d8e9f0a1b2c3d4e5 on tcp/22 worked before and is blocked after") {
		t.Fatalf("want the SSH path from the internet predicted broken: %+v", fs)
	}
	// It points at the group that changed, in the after input (issue #12
	// item 4), not at line 1.
	if loc := fs[0].Location; loc.File != "testdata/plan-breaks/plan.json" || loc.StartLine != 153 || loc.Address != "aws_security_group.launch_wizard_1" {
		t.Errorf("location %+v, want plan.json:153 aws_security_group.launch_wizard_1", loc)
	}
}
