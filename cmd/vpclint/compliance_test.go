package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rules show names each control a rule maps to, with its title.
func TestRulesShowCompliance(t *testing.T) {
	out, _, code := vpclint(t, "rules", "show", "SG001")
	for _, want := range []string{
		"Compliance: CIS AWS Foundations Benchmark v3.0.0 (cis-aws-v3.0)",
		"  5.2     Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
		"Compliance: AWS Foundational Security Best Practices v1.0.0 (aws-fsbp)",
		"  EC2.19  Security groups should not allow unrestricted access to ports with high risk",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("exit %d; output lacks %q:\n%s", code, want, out)
		}
	}
}

// fail_on: never in .vpclint.yaml does what --fail-on never does, and the
// flag still overrides the file.
func TestConfigFailOnNever(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), ".vpclint.yaml")
	if err := os.WriteFile(cfg, []byte("fail_on: never\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := vpclint(t, "check", basic, "--config", cfg)
	if code != 0 || !strings.Contains(out, "at or above never") {
		t.Fatalf("fail_on: never: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if _, _, code := vpclint(t, "check", basic, "--config", cfg, "--fail-on", "high"); code != 1 {
		t.Fatalf("--fail-on high over fail_on: never: exit %d, want 1", code)
	}
}

func TestComplianceFlag(t *testing.T) {
	_, errOut, code := vpclint(t, "check", basic, "--compliance", "cis-aws-v9")
	if code != 2 || !strings.Contains(errOut, `unknown compliance framework "cis-aws-v9" (known: aws-fsbp, cis-aws-v3.0, cis-aws-v5.0)`) {
		t.Fatalf("unknown framework: exit %d, want 2 naming the known ones\n%s", code, errOut)
	}
	out, _, _ := vpclint(t, "check", basic, "--compliance", "cis-aws-v5.0")
	if !strings.Contains(out, "CIS AWS Foundations Benchmark v5.0.0 (cis-aws-v5.0):") ||
		!strings.Contains(out, "  FAIL         5.3     Ensure no security groups allow ingress from 0.0.0.0/0") {
		t.Fatalf("text lacks the per-control view:\n%s", out)
	}
	// --severity hides SG001's high findings from the report, not from
	// the verdict: 5.3 still fails.
	out, _, _ = vpclint(t, "check", basic, "-f", "json", "--severity", "critical", "--compliance", "aws-fsbp,cis-aws-v5.0,aws-fsbp")
	var rep struct {
		Compliance []struct {
			Name     string `json:"name"`
			Controls []struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"controls"`
		} `json:"compliance"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Compliance) != 2 || rep.Compliance[0].Name != "aws-fsbp" || rep.Compliance[1].Name != "cis-aws-v5.0" {
		t.Fatalf("want aws-fsbp then cis-aws-v5.0, once each: %+v", rep.Compliance)
	}
	for _, c := range rep.Compliance[1].Controls {
		if c.ID == "5.3" && c.Status != "fail" {
			t.Errorf("5.3 is %s under --severity critical, want fail", c.Status)
		}
	}
}
