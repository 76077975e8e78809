package check

import (
	"errors"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/finding"
)

const lab = "../examples/default-vpc-lab"

// --severity leaves findings out of the report and counts them, while the
// gate still sees them: hiding a finding must not pass a CI run.
func TestMinSeverityHidesButStillGates(t *testing.T) {
	all, err := Run(t.Context(), Options{Paths: []string{lab}, FailOn: finding.Low})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(t.Context(), Options{Paths: []string{lab}, FailOn: finding.Low, MinSeverity: finding.Critical})
	if err != nil {
		t.Fatal(err)
	}
	low := 0
	for _, f := range all.Report.Findings {
		if f.Severity < finding.Critical && f.Category != finding.Coverage {
			low++
		}
	}
	if low == 0 {
		t.Fatal("the lab has no finding below critical; the test proves nothing")
	}
	for _, f := range res.Report.Findings {
		if f.Severity < finding.Critical && f.Category != finding.Coverage {
			t.Errorf("%s (%s) reported below --severity critical", f.RuleID, f.Severity)
		}
	}
	if res.Report.Hidden != low || len(res.Report.Findings) != len(all.Report.Findings)-low {
		t.Errorf("hidden %d, reported %d; want %d hidden of %d", res.Report.Hidden, len(res.Report.Findings), low, len(all.Report.Findings))
	}
	if res.ExitCode != all.ExitCode || res.ExitCode != ExitFindings {
		t.Errorf("exit %d with --severity, %d without; want both %d", res.ExitCode, all.ExitCode, ExitFindings)
	}
}

func TestFailNever(t *testing.T) {
	res, err := Run(t.Context(), Options{Paths: []string{lab}, FailOn: finding.Info, FailNever: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Findings) == 0 || res.ExitCode != ExitOK {
		t.Errorf("%d findings, exit %d; want findings and exit 0", len(res.Report.Findings), res.ExitCode)
	}
}

func TestWaiverNamingNoRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule string
		eng  engine.Options
		ok   bool
	}{
		{"typo", "SG999", engine.Options{}, false},
		{"typo with a selection", "sg-admin-port-opn", engine.Options{Enable: []string{"SG001"}}, false},
		{"id", "sg001", engine.Options{}, true},
		{"name of a rule --enable left out", "nacl-entry-shadowed", engine.Options{Enable: []string{"SG001"}}, true},
		{"any rule", "*", engine.Options{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := finding.Waiver{Rule: tc.rule, Resource: "sg-*", Reason: "r", Source: ".vpclint.yaml:7"}
			_, err := Run(t.Context(), Options{Paths: []string{lab}, Engine: tc.eng, Waivers: []finding.Waiver{w}})
			if tc.ok {
				if err != nil {
					t.Errorf("waiver for %s: %v", tc.rule, err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), ".vpclint.yaml:7") || !strings.Contains(err.Error(), `"`+tc.rule+`"`) {
				t.Errorf("waiver for %s: got %v, want an InputError naming the waiver and the rule", tc.rule, err)
			}
		})
	}
}
