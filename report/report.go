package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
)

// Input is everything a writer renders. Writers never re-evaluate anything.
type Input struct {
	// Tool names the program that produced the results.
	Tool Tool
	// Findings are already sorted (finding.Sort) and include suppressed ones.
	Findings []finding.Finding
	// Rules is the catalog of rules that ran, sorted by ID.
	Rules []finding.Rule
	// Coverage lists what could not be read.
	Coverage []snapshot.Gap
	// Inputs are the files and directories checked, as given.
	Inputs []string
	// FailOn is the exit-code threshold, shown in the summary.
	FailOn finding.Severity
	// FailNever is --fail-on never: findings never fail the run, so none
	// count as failing and the summary says "never".
	FailNever bool
	// AutomationID is the SARIF runAutomationDetails.id, e.g.
	// "vpclint/111122223333-us-east-1/"; "" means "vpclint/".
	AutomationID string
	// BaselineSuppressed counts findings dropped because --baseline already
	// had them.
	BaselineSuppressed int
	// Time is when the results hold: the input's capture time when known,
	// else SOURCE_DATE_EPOCH; zero when neither. Writers that need a time
	// (OCSF) use it, never the wall clock, so outputs stay reproducible.
	Time time.Time
	// MinSeverity is the --severity reporting threshold; findings below
	// it were left out (Hidden counts them) but still judged by FailOn.
	MinSeverity finding.Severity
	// Hidden counts findings left out for being below MinSeverity.
	Hidden int
	// Context says when the input was captured, when the report was made
	// and what it covered.
	Context Context
	// Snapshots are the checked snapshots with the fingerprints of the
	// findings made on each: the HTML report draws their topology.
	Snapshots []CheckedSnapshot
	// Compliance holds the per-control view of each framework asked for
	// with --compliance, judged from every finding (before --severity and
	// --baseline left any out); text and JSON print it.
	Compliance []compliance.Report
	// ShowPassed adds the rules that passed, with the resources they
	// checked, to the text and JSON formats (--show-passed); HTML always
	// has them.
	ShowPassed bool
}

// Tool identifies the program in the outputs.
type Tool struct{ Name, Version, InformationURI string }

// Options tune how a format is rendered without changing what it says.
type Options struct {
	// Color enables ANSI colour in the text format. The CLI decides: a TTY
	// and NO_COLOR unset.
	Color bool
	// RepoRoot is the directory SARIF artifact URIs are made relative to.
	// Absolute paths in Location.File under it are rebased; relative ones
	// are kept, cleaned, with forward slashes.
	RepoRoot string
}

type writerFunc func(w io.Writer, in *Input, opt Options) error

// formats is ordered as Formats documents.
var formats = []struct {
	name  string
	write writerFunc
}{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"html", writeHTML},
	{"junit", writeJUnit},
	{"ocsf", writeOCSF},
}

// Formats lists the supported format names in order: text, json, sarif,
// html, junit, ocsf.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// formatExts maps output file name endings to formats, longest first so
// that .ocsf.json is OCSF, not JSON.
var formatExts = []struct{ ext, format string }{
	{".ocsf.json", "ocsf"},
	{".sarif.json", "sarif"},
	{".sarif", "sarif"},
	{".json", "json"},
	{".html", "html"},
	{".htm", "html"},
	{".xml", "junit"},
	{".txt", "text"},
}

// FormatForFile infers the format of an output file from its name: .sarif,
// .json, .ocsf.json, .html, .xml (JUnit), .txt, and "-" (stdout) for text.
// It returns "" when the name does not say.
func FormatForFile(path string) string {
	if path == "-" {
		return "text"
	}
	lower := strings.ToLower(path)
	for _, e := range formatExts {
		if strings.HasSuffix(lower, e.ext) {
			return e.format
		}
	}
	return ""
}

// Write renders in to w in the named format.
func Write(w io.Writer, format string, in *Input, opt Options) error {
	if in == nil {
		in = &Input{}
	}
	for _, f := range formats {
		if f.name == format {
			return f.write(w, in, opt)
		}
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// severitiesDesc lists severities most severe first, the order every
// writer groups by.
var severitiesDesc = []finding.Severity{finding.Critical, finding.High, finding.Medium, finding.Low, finding.Info}

// summary holds the counts every format reports.
type summary struct {
	Total      int
	BySeverity map[finding.Severity]int // open (not muted) findings only
	Muted      int
	Failing    int // open findings at or above FailOn
	Gaps       int
}

func summarize(in *Input) summary {
	s := summary{Total: len(in.Findings), BySeverity: map[finding.Severity]int{}, Gaps: len(in.Coverage)}
	for _, sev := range severitiesDesc {
		s.BySeverity[sev] = 0
	}
	for i := range in.Findings {
		f := &in.Findings[i]
		if f.Suppressed() {
			s.Muted++
			continue
		}
		s.BySeverity[f.Severity]++
		if !in.FailNever && f.Severity >= in.FailOn {
			s.Failing++
		}
	}
	return s
}

// failOnLabel names the exit-code threshold as the user gave it.
func failOnLabel(in *Input) string {
	if in.FailNever {
		return "never"
	}
	return in.FailOn.String()
}

// split separates open findings from muted ones, keeping their order.
// A finding with an expired (inactive) suppression is open.
func split(fs []finding.Finding) (open, muted []finding.Finding) {
	for _, f := range fs {
		if f.Suppressed() {
			muted = append(muted, f)
		} else {
			open = append(open, f)
		}
	}
	return open, muted
}

// resourceLabel is how every format names a finding's resource.
func resourceLabel(r finding.Resource) string {
	if r.Type == "" {
		return r.ID
	}
	return r.Type + "/" + r.ID
}

// locationLabel renders file:line, or "" when the finding has no file.
func locationLabel(l finding.Location) string {
	if l.File == "" {
		return ""
	}
	if l.StartLine > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	}
	return l.File
}

// gapLabel renders a coverage gap on one line.
func gapLabel(g snapshot.Gap) string {
	var where []string
	for _, s := range []string{g.Account, g.Region} {
		if s != "" {
			where = append(where, s)
		}
	}
	what := g.Service
	if g.Operation != "" {
		what += " " + g.Operation
	}
	if g.Resource != "" {
		what += " " + g.Resource
	}
	if len(where) > 0 {
		what += " (" + strings.Join(where, "/") + ")"
	}
	return what + ": " + g.Error
}

// ruleSet returns the rules to render: the catalog plus a minimal entry for
// any rule that produced findings but is missing from it, so that every
// result can point at a rule. Sorted by ID.
func ruleSet(in *Input) []finding.Rule {
	rules := slices.Clone(in.Rules)
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for _, f := range in.Findings {
		if known[f.RuleID] {
			continue
		}
		known[f.RuleID] = true
		rules = append(rules, finding.Rule{
			ID: f.RuleID, Name: f.RuleName, Title: f.Title, Category: f.Category,
			Severity: f.Severity, Remediation: f.Remediation,
		})
	}
	slices.SortStableFunc(rules, func(a, b finding.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return rules
}

// suppressionLabel explains a suppression in one line.
func suppressionLabel(s *finding.Suppression) string {
	if s == nil {
		return ""
	}
	parts := []string{string(s.Kind) + ": " + s.Reason}
	if s.Owner != "" {
		parts = append(parts, "owner "+s.Owner)
	}
	if s.Expires != "" {
		parts = append(parts, "expires "+s.Expires)
	}
	if s.Source != "" {
		parts = append(parts, "at "+s.Source)
	}
	return strings.Join(parts, "; ")
}
