package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/finding"
)

// ANSI styles per severity; muted text is dim.
var severityColor = map[finding.Severity]string{
	finding.Critical: "\x1b[1;31m",
	finding.High:     "\x1b[31m",
	finding.Medium:   "\x1b[33m",
	finding.Low:      "\x1b[36m",
	finding.Info:     "\x1b[2m",
}

const (
	ansiReset = "\x1b[0m"
	ansiDim   = "\x1b[2m"
	ansiBold  = "\x1b[1m"
)

type textWriter struct {
	w     *bufio.Writer
	color bool
}

func writeText(w io.Writer, in *Input, opt Options) error {
	tw := &textWriter{w: bufio.NewWriter(w), color: opt.Color}
	open, muted := split(in.Findings)
	tw.open(open)
	tw.muted(muted)
	tw.gaps(in)
	if in.ShowPassed {
		tw.passed(in)
	}
	tw.compliance(in)
	tw.summary(in)
	if err := tw.w.Flush(); err != nil {
		return fmt.Errorf("write text: %w", err)
	}
	return nil
}

// paint wraps s in an ANSI style when colour is on.
func (tw *textWriter) paint(style, s string) string {
	if !tw.color || style == "" {
		return s
	}
	return style + s + ansiReset
}

func (tw *textWriter) printf(format string, args ...any) { fmt.Fprintf(tw.w, format, args...) }

func (tw *textWriter) open(open []finding.Finding) {
	for _, sev := range severitiesDesc {
		group := byResource(open, sev)
		if len(group) == 0 {
			continue
		}
		tw.printf("%s\n", tw.paint(ansiBold, fmt.Sprintf("%s (%d)", strings.ToUpper(sev.String()), len(group))))
		for i := range group {
			tw.finding(&group[i])
		}
		tw.printf("\n")
	}
}

// byResource picks one severity's findings, ordered by resource so that a
// resource's problems read together.
func byResource(fs []finding.Finding, sev finding.Severity) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.Severity == sev {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b finding.Finding) int {
		return cmp.Compare(resourceLabel(a.Resource), resourceLabel(b.Resource))
	})
	return out
}

func (tw *textWriter) finding(f *finding.Finding) {
	tw.line(f, severityColor[f.Severity])
	tw.details(f)
	if s := f.Suppression; s != nil && !s.Active {
		// An expired waiver no longer mutes; say so where the finding is.
		tw.printf("    %s\n", tw.paint(severityColor[finding.Medium], "inactive "+clean(suppressionLabel(s))))
	}
}

// line prints `SEV  RULEID  type/id  message  (file:line)`.
func (tw *textWriter) line(f *finding.Finding, style string) {
	sev := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity.String()))
	msg := cmp.Or(f.Message, f.Title)
	tw.printf("%s  %s  %s  %s", tw.paint(style, sev), f.RuleID, clean(resourceLabel(f.Resource)), clean(msg))
	if loc := locationLabel(f.Location); loc != "" {
		tw.printf("  %s", tw.paint(ansiDim, "("+clean(loc)+")"))
	}
	tw.printf("\n")
}

func (tw *textWriter) details(f *finding.Finding) {
	if len(f.Evidence) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, f.Evidence); err != nil {
			buf.Reset()
			buf.Write(f.Evidence)
		}
		tw.printf("    evidence: %s\n", clean(buf.String()))
	}
	for _, r := range f.Related {
		tw.printf("    related: %s", clean(r.Type+"/"+r.ID))
		if r.Description != "" {
			tw.printf("  %s", clean(r.Description))
		}
		tw.printf("\n")
	}
}

func (tw *textWriter) muted(muted []finding.Finding) {
	if len(muted) == 0 {
		return
	}
	tw.printf("%s\n", tw.paint(ansiBold, fmt.Sprintf("Muted (%d)", len(muted))))
	for i := range muted {
		f := &muted[i]
		tw.line(f, ansiDim)
		tw.printf("    muted by %s\n", clean(suppressionLabel(f.Suppression)))
	}
	tw.printf("\n")
}

func (tw *textWriter) gaps(in *Input) {
	if len(in.Coverage) == 0 {
		return
	}
	tw.printf("%s\n", tw.paint(ansiBold, fmt.Sprintf("Coverage gaps (%d)", len(in.Coverage))))
	for _, g := range in.Coverage {
		tw.printf("  %s\n", clean(gapLabel(g)))
	}
	tw.printf("\n")
}

// passed lists the rules with no open finding and what they checked.
func (tw *textWriter) passed(in *Input) {
	var lines []string
	for _, p := range passResults(in) {
		if !p.Passed() {
			continue
		}
		what := "resources not counted: the rule's subject type is unknown"
		if p.ResourceType != "" {
			what = fmt.Sprintf("%d %s checked", p.Checked, p.ResourceType)
		}
		lines = append(lines, fmt.Sprintf("  %s  %s  (%s)", p.RuleID, clean(p.Title), what))
	}
	tw.printf("%s\n", tw.paint(ansiBold, fmt.Sprintf("Passed (%d rules)", len(lines))))
	for _, l := range lines {
		tw.printf("%s\n", l)
	}
	tw.printf("\n")
}

func (tw *textWriter) summary(in *Input) {
	s := summarize(in)
	counts := make([]string, 0, len(severitiesDesc))
	for _, sev := range severitiesDesc {
		counts = append(counts, fmt.Sprintf("%d %s", s.BySeverity[sev], sev))
	}
	tw.printf("%d findings: %s; %d muted; %d coverage gaps; %d at or above %s",
		s.Total, strings.Join(counts, ", "), s.Muted, s.Gaps, s.Failing, failOnLabel(in))
	if in.BaselineSuppressed > 0 {
		tw.printf("; %d already in baseline", in.BaselineSuppressed)
	}
	if in.Hidden > 0 {
		tw.printf("; %d below %s not shown (--severity)", in.Hidden, in.MinSeverity)
	}
	tw.printf("\n")
}

// clean keeps resource-controlled text from driving the terminal: control
// characters (escape sequences, carriage returns, newlines) become visible
// escapes so that one finding is one line and cannot repaint the screen.
func clean(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
