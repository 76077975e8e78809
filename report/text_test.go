package report

import (
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
)

func TestTextLayout(t *testing.T) {
	out := string(render(t, "text", fixture(), Options{}))
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without Options.Color")
	}
	order := []string{
		"CRITICAL (1)", "CRITICAL  IAM001  aws_iam_role/admin", "    evidence: {",
		"HIGH (1)", "(/src/repo/infra/sg.tf:12)", "    related: aws_security_group_rule/sgr-1",
		"MEDIUM (1)", "    inactive waiver: waiver expired on 2024-01-31",
		"INFO (1)",
		"Muted (2)", "sg-0456", "    muted by inline: bastion, reviewed in SEC-42",
		"Coverage gaps (1)", "ec2 DescribeNetworkAcls",
		"6 findings: 1 critical, 1 high, 1 medium, 0 low, 1 info; 2 muted; 1 coverage gaps; 2 at or above high; 2 already in baseline\n",
	}
	pos := 0
	for _, want := range order {
		i := strings.Index(out[pos:], want)
		if i < 0 {
			t.Fatalf("text lacks %q after byte %d:\n%s", want, pos, out)
		}
		pos += i + len(want)
	}
	if !strings.HasSuffix(out, order[len(order)-1]) {
		t.Error("summary is not the last line")
	}
}

func TestTextColorAndControlCharacters(t *testing.T) {
	in := fixture()
	in.Findings[0].Message = "evil\x1b[2J\nsecond line"
	out := string(render(t, "text", in, Options{Color: true}))
	if !strings.Contains(out, "\x1b[1;31mCRITICAL") {
		t.Error("no colour with Options.Color")
	}
	if strings.Contains(out, "\x1b[2J") || strings.Contains(out, "evil\x1b") || !strings.Contains(out, `evil\x1b[2J\x0asecond line`) {
		t.Error("control characters in a message reach the terminal")
	}
}

func TestTextEmpty(t *testing.T) {
	out := string(render(t, "text", &Input{FailOn: finding.High}, Options{}))
	want := "0 findings: 0 critical, 0 high, 0 medium, 0 low, 0 info; 0 muted; 0 coverage gaps; 0 at or above high\n"
	if out != want {
		t.Errorf("empty text = %q, want %q", out, want)
	}
}
