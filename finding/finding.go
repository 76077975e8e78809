package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Severity grades a finding. The zero value is Info.
type Severity int

// Severities, lowest first, so that comparisons read naturally.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// MarshalText renders the severity by name so JSON stays readable.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity by name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Category says what kind of problem a rule reports.
type Category string

// Categories of DESIGN.md, plus coverage for what could not be read.
const (
	Breakage Category = "breakage"
	Exposure Category = "exposure"
	Hygiene  Category = "hygiene"
	Coverage Category = "coverage"
)

// ParseCategory validates a category name.
func ParseCategory(name string) (Category, error) {
	switch c := Category(strings.ToLower(name)); c {
	case Breakage, Exposure, Hygiene, Coverage:
		return c, nil
	}
	return "", fmt.Errorf("unknown category %q (want breakage, exposure, hygiene or coverage)", name)
}

// Rule is one catalog entry: the documentation of a check, taken from its
// Rego METADATA.
type Rule struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Title       string              `json:"title"`
	Description string              `json:"description"`
	Category    Category            `json:"category"`
	Severity    Severity            `json:"severity"`
	Remediation string              `json:"remediation"`
	Frameworks  map[string][]string `json:"frameworks,omitempty"`
	Tags        []string            `json:"tags,omitempty"`
	References  []string            `json:"references,omitempty"`
	// Package is the Rego package the rule lives in.
	Package string `json:"package"`
	// File is the Rego file that defines the rule.
	File string `json:"file"`
	// Custom marks rules loaded with --rules rather than embedded.
	Custom bool `json:"custom,omitempty"`
}

// Location is where a finding lands in a file: IaC source or the saved
// snapshot the resource was read from.
type Location struct {
	File      string `json:"file,omitempty"`
	StartLine int    `json:"start_line,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	// Address is the IaC address (Terraform address, CloudFormation logical id).
	Address string `json:"address,omitempty"`
}

// Resource identifies the entity a finding is about.
type Resource struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	ARN     string            `json:"arn,omitempty"`
	Name    string            `json:"name,omitempty"`
	Account string            `json:"account,omitempty"`
	Region  string            `json:"region,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// Related is a secondary resource that explains a finding: the blocking SG
// rule, the shadowing NACL entry, the statement that opens a bucket.
type Related struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
}

// Finding is one result of one rule on one resource.
type Finding struct {
	RuleID      string          `json:"rule_id"`
	RuleName    string          `json:"rule_name"`
	Category    Category        `json:"category"`
	Severity    Severity        `json:"severity"`
	Title       string          `json:"title"`
	Message     string          `json:"message"`
	Resource    Resource        `json:"resource"`
	Location    Location        `json:"location"`
	Related     []Related       `json:"related,omitempty"`
	Evidence    json.RawMessage `json:"evidence,omitempty"`
	Remediation string          `json:"remediation,omitempty"`
	// Frameworks is the rule's compliance mapping, framework name to
	// control ids ({"cis-aws-v3.0": ["5.2"]}), copied from its METADATA so
	// every output can say which controls the finding fails. Shared with
	// the rule: never modify it in place.
	Frameworks map[string][]string `json:"frameworks,omitempty"`
	// Key distinguishes several findings of one rule on one resource (the
	// port, the entry number); it feeds the fingerprint.
	Key         string       `json:"key,omitempty"`
	Fingerprint string       `json:"fingerprint"`
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppressed reports whether the finding is muted and so ignored for the
// exit code.
func (f *Finding) Suppressed() bool { return f.Suppression != nil && f.Suppression.Active }

// Fingerprint is a stable hash of rule id, resource identity and the
// evidence key. It never includes line numbers or message text, so baselines
// and GitHub alerts survive reformatting.
func Fingerprint(ruleID string, r Resource, key string) string {
	h := sha256.New()
	for _, part := range []string{ruleID, r.Type, r.Account, r.Region, r.ID, key} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Sort orders findings deterministically: severity (highest first), rule,
// resource, key.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Resource.Type, b.Resource.Type),
			cmp.Compare(a.Resource.Account, b.Resource.Account),
			cmp.Compare(a.Resource.Region, b.Resource.Region),
			cmp.Compare(a.Resource.ID, b.Resource.ID),
			cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
