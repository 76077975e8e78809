package report

import (
	"fmt"
	"strings"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/finding"
)

const ansiGreen = "\x1b[32m"

// statusLabel and statusColor are how the text format shows a control's
// verdict.
var (
	statusLabel = map[compliance.Status]string{
		compliance.Fail: "FAIL", compliance.Muted: "MUTED", compliance.Pass: "PASS",
		compliance.NotChecked: "NOT CHECKED", compliance.Manual: "MANUAL",
	}
	statusColor = map[compliance.Status]string{
		compliance.Fail: severityColor[finding.High], compliance.Muted: ansiDim, compliance.Pass: ansiGreen,
		compliance.NotChecked: ansiDim, compliance.Manual: ansiDim,
	}
)

// maxListedResources caps the failing resources named per control; the
// JSON format lists them all.
const maxListedResources = 5

// compliance prints each --compliance framework's per-control view, as
// Prowler's compliance table does: one line per control with its verdict,
// then what the verdict rests on.
func (tw *textWriter) compliance(in *Input) {
	for i := range in.Compliance {
		rep := &in.Compliance[i]
		s := rep.Summary
		tw.printf("%s\n", tw.paint(ansiBold, fmt.Sprintf("%s (%s): %d fail, %d muted, %d pass, %d not checked, %d manual",
			rep.Title, rep.Name, s.Fail, s.Muted, s.Pass, s.NotChecked, s.Manual)))
		for j := range rep.Controls {
			tw.control(&rep.Controls[j])
		}
		if len(in.Coverage) > 0 && s.Pass > 0 {
			tw.printf("  %d coverage gaps: a pass covers only what could be read\n", len(in.Coverage))
		}
		tw.printf("\n")
	}
}

func (tw *textWriter) control(c *compliance.Result) {
	title := c.Title
	if c.Unlisted {
		title = "(not in vpclint's table of this framework)"
	}
	tw.printf("  %s  %-6s  %s\n", tw.paint(statusColor[c.Status], fmt.Sprintf("%-11s", statusLabel[c.Status])), c.ID, title)
	rules := strings.Join(c.Rules, ", ")
	switch c.Status {
	case compliance.Fail:
		tw.printf("               %s: %s on %s\n", rules, plural(c.Open, "open finding", "open findings"), clean(resourceList(c.Resources)))
	case compliance.Muted:
		tw.printf("               %s: %s, all muted\n", rules, plural(c.MutedFindings, "finding", "findings"))
	case compliance.Pass:
		tw.printf("               %s found nothing\n", rules)
		if c.Partial != "" {
			tw.printf("               partial: %s\n", c.Partial)
		}
	case compliance.NotChecked, compliance.Manual:
	}
}

// resourceList names the first few failing resources and counts the rest.
func resourceList(rs []compliance.Resource) string {
	names := make([]string, 0, min(len(rs), maxListedResources))
	for _, r := range rs[:min(len(rs), maxListedResources)] {
		names = append(names, resourceLabel(finding.Resource{Type: r.Type, ID: r.ID}))
	}
	s := strings.Join(names, ", ")
	if more := len(rs) - len(names); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
