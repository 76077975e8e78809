package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/finding"
)

// passingCase names the single test case of a rule that found nothing.
const passingCase = "all resources"

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func writeJUnit(w io.Writer, in *Input, _ Options) error {
	doc := buildJUnit(in)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	return nil
}

func buildJUnit(in *Input) junitSuites {
	doc := junitSuites{Name: cmp.Or(in.Tool.Name, "vpclint")}
	for _, r := range ruleSet(in) {
		s := junitRuleSuite(r, in.Findings)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	return doc
}

// junitRuleSuite makes one test case per resource the rule reported on,
// folding several findings on one resource (different ports, entries)
// into that case.
func junitRuleSuite(r finding.Rule, fs []finding.Finding) junitSuite {
	byRes := findingsByResource(r.ID, fs)
	s := junitSuite{Name: r.ID + ": " + cmp.Or(r.Title, r.Name)}
	if len(byRes) == 0 {
		s.Cases = []junitCase{{ClassName: r.ID, Name: passingCase}}
	}
	for _, label := range slices.Sorted(maps.Keys(byRes)) {
		c := junitTestCase(r.ID, label, byRes[label])
		if c.Failure != nil {
			s.Failures++
		} else if c.Skipped != nil {
			s.Skipped++
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	return s
}

func junitTestCase(ruleID, label string, fs []finding.Finding) junitCase {
	c := junitCase{ClassName: ruleID, Name: label}
	open, muted := split(fs)
	if len(open) == 0 {
		reasons := make([]string, len(muted))
		for i := range muted {
			reasons[i] = "muted by " + suppressionLabel(muted[i].Suppression)
		}
		c.Skipped = &junitSkipped{Message: strings.Join(reasons, " | ")}
		return c
	}
	var body strings.Builder
	for i := range open {
		junitFindingBody(&body, &open[i])
	}
	for i := range muted {
		fmt.Fprintf(&body, "muted: %s (%s)\n", muted[i].Message, suppressionLabel(muted[i].Suppression))
	}
	c.Failure = &junitFailure{
		Message: cmp.Or(open[0].Message, open[0].Title),
		Type:    highest(open).String(),
		Body:    body.String(),
	}
	return c
}

func junitFindingBody(b *strings.Builder, f *finding.Finding) {
	fmt.Fprintf(b, "[%s] %s\n", f.Severity, cmp.Or(f.Message, f.Title))
	if loc := locationLabel(f.Location); loc != "" {
		fmt.Fprintf(b, "location: %s\n", loc)
	}
	if len(f.Evidence) > 0 {
		fmt.Fprintf(b, "evidence: %s\n", f.Evidence)
	}
	for _, r := range f.Related {
		fmt.Fprintf(b, "related: %s/%s %s\n", r.Type, r.ID, r.Description)
	}
	if s := f.Suppression; s != nil && !s.Active {
		fmt.Fprintf(b, "inactive %s\n", suppressionLabel(s))
	}
	if f.Remediation != "" {
		fmt.Fprintf(b, "remediation: %s\n", f.Remediation)
	}
}

func highest(fs []finding.Finding) finding.Severity {
	best := finding.Info
	for _, f := range fs {
		best = max(best, f.Severity)
	}
	return best
}
