package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
)

// JSONSchemaID is the version tag of the JSON format; its JSON Schema is
// schema/findings.v1.json. Renaming or retyping a field needs a new version.
const JSONSchemaID = "vpclint.findings/v1"

type jsonReport struct {
	Schema   string            `json:"schema"`
	Tool     jsonTool          `json:"tool"`
	Inputs   []string          `json:"inputs"`
	Context  jsonContext       `json:"context"`
	Summary  jsonSummary       `json:"summary"`
	Findings []finding.Finding `json:"findings"`
	Coverage []snapshot.Gap    `json:"coverage"`
	Rules    []jsonRule        `json:"rules"`
	// RuleResults, every rule's checked and failing resource counts, is
	// there with --show-passed only.
	RuleResults []jsonPass `json:"rule_results,omitempty"`
	// Compliance, the per-control view of each framework, is there with
	// --compliance only.
	Compliance []compliance.Report `json:"compliance,omitempty"`
}

// jsonPass is one rule's pass result; see Pass.
type jsonPass struct {
	RuleID       string `json:"rule_id"`
	ResourceType string `json:"resource_type,omitempty"`
	Checked      int    `json:"checked"`
	Failing      int    `json:"failing"`
	Passed       bool   `json:"passed"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"information_uri,omitempty"`
}

// jsonSummary counts findings; by_severity counts open findings only, so
// that it adds up with muted to total.
type jsonSummary struct {
	Total              int            `json:"total"`
	BySeverity         map[string]int `json:"by_severity"`
	Muted              int            `json:"muted"`
	CoverageGaps       int            `json:"coverage_gaps"`
	FailOn             string         `json:"fail_on"`
	Failing            int            `json:"failing"`
	BaselineSuppressed int            `json:"baseline_suppressed"`
}

type jsonRule struct {
	ID         string              `json:"id"`
	Name       string              `json:"name"`
	Title      string              `json:"title"`
	Severity   finding.Severity    `json:"severity"`
	Category   finding.Category    `json:"category"`
	Frameworks map[string][]string `json:"frameworks,omitempty"`
}

func writeJSON(w io.Writer, in *Input, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The output is data, not HTML; keep <, > and & readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(buildJSON(in)); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func buildJSON(in *Input) jsonReport {
	s := summarize(in)
	by := make(map[string]int, len(s.BySeverity))
	for sev, n := range s.BySeverity {
		by[sev.String()] = n
	}
	rules := ruleSet(in)
	jr := make([]jsonRule, len(rules))
	for i, r := range rules {
		jr[i] = jsonRule{ID: r.ID, Name: r.Name, Title: r.Title, Severity: r.Severity, Category: r.Category, Frameworks: r.Frameworks}
	}
	// Empty arrays, not null, so consumers can iterate without checks.
	jrep := jsonReport{
		Schema:  JSONSchemaID,
		Tool:    jsonTool{Name: in.Tool.Name, Version: in.Tool.Version, InformationURI: in.Tool.InformationURI},
		Inputs:  nonNil(in.Inputs),
		Context: buildJSONContext(in),
		Summary: jsonSummary{
			Total: s.Total, BySeverity: by, Muted: s.Muted, CoverageGaps: s.Gaps,
			FailOn: failOnLabel(in), Failing: s.Failing, BaselineSuppressed: in.BaselineSuppressed,
		},
		Findings:   nonNil(in.Findings),
		Coverage:   nonNil(in.Coverage),
		Rules:      jr,
		Compliance: in.Compliance,
	}
	if in.ShowPassed {
		for _, p := range passResults(in) {
			jrep.RuleResults = append(jrep.RuleResults, jsonPass{
				RuleID: p.RuleID, ResourceType: p.ResourceType, Checked: p.Checked, Failing: p.Failing, Passed: p.Passed(),
			})
		}
	}
	return jrep
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
