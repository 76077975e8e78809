package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func vpclint(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

const basic = "../../snapshot/testdata/basic.json"

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string // in stdout+stderr
	}{
		{"findings at or above high", []string{"check", basic}, 1, "SG001"},
		{"nothing at or above critical after disabling SG003", []string{"check", basic, "--fail-on", "critical", "--disable", "SG003"}, 0, "SG001"},
		{"malformed snapshot", []string{"check", "../../snapshot/testdata/malformed/bad-cidr.json"}, 2, "bad-cidr.json:6:23: vpcs[0].cidr_blocks[0]: invalid CIDR"},
		{"missing file", []string{"check", "nope.json"}, 2, "nope.json"},
		{"malformed policy is located, results still reported", []string{"check", "../../snapshot/testdata/malformed/bad-policy.json"}, 2, "bad-policy.json:9:23: roles[0].trust_policy: policy Statement : key \"Statement \" has surrounding whitespace"},
		{"bad input among good ones keeps the good results", []string{"check", basic, "../../snapshot/testdata/malformed/bad-cidr.json"}, 2, "SG001"},
		{"not an input", []string{"check", "../../go.mod"}, 2, "go.mod: not JSON or YAML (want a vpclint snapshot"},
		{"unknown format", []string{"check", basic, "-f", "pdf"}, 2, `unknown format "pdf"`},
		{"unpaired outputs", []string{"check", basic, "-f", "json", "-f", "text"}, 2, "one --output per --format"},
		{"unknown rule", []string{"check", basic, "--enable", "SG999"}, 2, `unknown rule "SG999"`},
		{"bad fail-on", []string{"check", basic, "--fail-on", "severe"}, 2, "unknown severity"},
		{"unknown flag", []string{"check", "--nope"}, 2, "unknown flag"},
		{"fail-on never", []string{"check", basic, "--fail-on", "never"}, 0, "at or above never"},
		{"fail-on never still fails closed on input errors", []string{"check", "nope.json", "--fail-on", "never"}, 2, "nope.json"},
		{"severity hides, gate still sees", []string{"check", basic, "--severity", "critical", "--disable", "IAM001"}, 1, "below critical not shown (--severity)"},
		{"bad severity", []string{"check", basic, "--severity", "severe"}, 2, "--severity: unknown severity"},
		{"output name says no format", []string{"check", basic, "-o", "report.out"}, 2, "--output report.out: cannot tell the format"},
		{"rules show by name", []string{"rules", "show", "sg-admin-port-open"}, 0, "Remediation:"},
		{"rules show unknown", []string{"rules", "show", "XX001"}, 2, "no rule"},
		{"version", []string{"version"}, 0, "vpclint "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := vpclint(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errOut)
			}
			if !strings.Contains(out+errOut, c.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", c.want, out, errOut)
			}
		})
	}
}

func TestCoverageGapsExit3(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, "s.json")
	doc := `{"schema": "vpclint.snapshot/v1", "coverage": [{"account": "111122223333", "region": "us-east-1", "service": "iam", "operation": "GetAccountAuthorizationDetails", "error": "AccessDenied"}]}`
	if err := os.WriteFile(snap, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := vpclint(t, "check", snap)
	if code != 3 || !strings.Contains(out, "COV001") {
		t.Fatalf("want exit 3 with COV001, got %d\n%s", code, out)
	}
	if _, _, code := vpclint(t, "check", snap, "--allow-partial"); code != 0 {
		t.Fatalf("--allow-partial: exit %d, want 0 (COV001 is medium)", code)
	}
}

// DESIGN.md: same input, byte-identical JSON and SARIF.
func TestDeterministicOutputs(t *testing.T) {
	for _, format := range []string{"json", "sarif", "text", "junit", "html"} {
		a, _, _ := vpclint(t, "check", basic, "-f", format)
		b, _, _ := vpclint(t, "check", basic, "-f", format)
		if a != b || a == "" {
			t.Errorf("%s output differs between runs or is empty", format)
		}
	}
}

func TestWaiversAndBaseline(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "v.yaml")
	if err := os.WriteFile(cfg, []byte("waivers:\n  - rule: sg-admin-port-open\n    resource: sg-web\n    reason: lab\n    expires: 2999-01-01\n  - rule: SG003\n    resource: sg-*\n    reason: old\n    expires: 2001-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, _ := vpclint(t, "check", basic, "--config", cfg, "-f", "json")
	var rep struct {
		Findings []struct {
			RuleID      string `json:"rule_id"`
			Fingerprint string `json:"fingerprint"`
			Suppression *struct {
				Kind   string `json:"kind"`
				Active bool   `json:"active"`
			} `json:"suppression"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		switch f.RuleID {
		case "SG001":
			if f.Suppression == nil || !f.Suppression.Active || f.Suppression.Kind != "waiver" {
				t.Errorf("SG001 should be waived: %+v", f.Suppression)
			}
		case "SG003":
			if f.Suppression == nil || f.Suppression.Active {
				t.Errorf("SG003 waiver expired: want inactive suppression, got %+v", f.Suppression)
			}
		}
		seen[f.RuleID] = true
	}
	if !seen["SG001"] || !seen["SG003"] {
		t.Fatalf("muted findings must stay in the output: %v", seen)
	}

	base := filepath.Join(dir, "base.json")
	if err := os.WriteFile(base, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	again, errOut, code := vpclint(t, "check", basic, "--baseline", base, "-f", "json")
	if code != 0 || !strings.Contains(again, `"findings": []`) {
		t.Fatalf("everything is in the baseline: exit %d\n%s\n%s", code, again, errOut)
	}
}

func TestWritesFilesAtomically(t *testing.T) {
	dir := t.TempDir()
	html := filepath.Join(dir, "r.html")
	sarif := filepath.Join(dir, "r.sarif")
	_, errOut, _ := vpclint(t, "check", basic, "-f", "html", "-o", html, "-f", "sarif", "-o", sarif)
	for _, p := range []string{html, sarif} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v (%s)", p, err, errOut)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 2 {
		t.Errorf("want only the two reports in %s (no temporary file left behind): %v %v", dir, entries, err)
	}
}
