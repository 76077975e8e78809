package main

import (
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
