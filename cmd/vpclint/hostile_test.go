package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An input whose kind cannot be detected (missing, empty directory,
// garbage, a JSON file of another schema) is one input's problem: exit 2,
// and the good snapshot's findings are still reported (issue #11 item 3).
func TestDetectionErrorKeepsOtherInputs(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	schema := filepath.Join(dir, "state.json")
	for p, body := range map[string]string{garbage: "\x00\xffnot json", schema: `{"schema": "terraform"}`} {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	empty := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	bad := map[string]string{missing: "no such file", empty: "nothing to check", garbage: "not JSON or YAML", schema: `its "schema" is "terraform"`}
	for p, why := range bad {
		t.Run(filepath.Base(p), func(t *testing.T) {
			out, errOut, code := vpclint(t, "check", p, basic)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %s", code, errOut)
			}
			if !strings.Contains(out, "SG001") {
				t.Errorf("the good snapshot's findings are lost:\n%s", out)
			}
			if !strings.Contains(errOut, p) || !strings.Contains(errOut, why) {
				t.Errorf("stderr does not name %s (%s):\n%s", p, why, errOut)
			}
		})
	}
	out, errOut, code := vpclint(t, "check", missing, empty, garbage, schema, basic, "-f", "json")
	if code != 2 || !strings.Contains(out, `"SG001"`) {
		t.Errorf("all bad inputs at once: exit %d\nstdout: %s", code, out)
	}
	for p := range bad {
		if !strings.Contains(errOut, p) {
			t.Errorf("stderr does not name %s:\n%s", p, errOut)
		}
	}
}

// TestRunawayRuleIsNamedAndOthersReport gives check a custom rule that
// never finishes on its own: with a one-second budget it is an error
// naming the rule (exit 2), and the embedded rules' findings still come
// out (issue 11, item 8).
func TestRunawayRuleIsNamedAndOthersReport(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../engine/testdata/hostile/range.rego")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "range.rego"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, errs, code := vpclint(t, "check", basic, "--rules", dir, "--rule-timeout", "1s", "-f", "text")
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "SG001") || !strings.Contains(errs, "HOST") {
		t.Errorf("want SG001 in the report and the runaway rule named:\nstdout:\n%s\nstderr:\n%s", out, errs)
	}
	if d := time.Since(start); d > 40*time.Second {
		t.Errorf("took %s with a 1 s budget", d)
	}
}
