package finding

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// SuppressionKind says where a suppression came from, in priority order.
type SuppressionKind string

// Suppression kinds, highest priority first (DESIGN.md "Findings").
const (
	SuppressInline SuppressionKind = "inline"
	SuppressTag    SuppressionKind = "tag"
	SuppressWaiver SuppressionKind = "waiver"
)

// Suppression records why a finding is muted. Muted findings stay in every
// output; they are only ignored for the exit code.
type Suppression struct {
	Kind    SuppressionKind `json:"kind"`
	Reason  string          `json:"reason"`
	Owner   string          `json:"owner,omitempty"`
	Expires string          `json:"expires,omitempty"`
	// Source is where the suppression was written: "main.tf:12",
	// ".vpclint.yaml:30", or the tag key.
	Source string `json:"source,omitempty"`
	// Active is false for a waiver that matched but has expired: it no
	// longer mutes the finding, and the output says so.
	Active bool `json:"active"`
}

// Ignore is an inline or tag suppression attached to a resource: a rule id
// or name, with the reason the author gave.
type Ignore struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason,omitempty"`
	Source string `json:"source,omitempty"`
}

// Waiver is a .vpclint.yaml waiver.
type Waiver struct {
	Rule     string `json:"rule" yaml:"rule"`
	Resource string `json:"resource" yaml:"resource"`
	Reason   string `json:"reason" yaml:"reason"`
	Owner    string `json:"owner,omitempty" yaml:"owner,omitempty"`
	Expires  string `json:"expires,omitempty" yaml:"expires,omitempty"`
	// Source is file:line of the waiver, for messages.
	Source string `json:"-" yaml:"-"`
}

// Validate checks a waiver's fields; the caller adds file and line.
func (w *Waiver) Validate() error {
	if strings.TrimSpace(w.Rule) == "" {
		return errors.New("waiver needs a rule (id such as SG001 or its name)")
	}
	if strings.TrimSpace(w.Resource) == "" {
		return fmt.Errorf("waiver for %s needs a resource (id, ARN or IaC address; globs allowed)", w.Rule)
	}
	if _, err := path.Match(w.Resource, ""); err != nil {
		return fmt.Errorf("waiver for %s: bad resource glob %q: %w", w.Rule, w.Resource, err)
	}
	if strings.TrimSpace(w.Reason) == "" {
		return fmt.Errorf("waiver for %s on %s needs a reason", w.Rule, w.Resource)
	}
	if w.Expires != "" {
		if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
			return fmt.Errorf("waiver for %s on %s: expires %q is not a date (want YYYY-MM-DD)", w.Rule, w.Resource, w.Expires)
		}
	}
	return nil
}

// ruleMatches accepts a rule id or its kebab-case name, case-insensitively.
func ruleMatches(want string, f *Finding) bool {
	want = strings.TrimSpace(want)
	return want == "*" || strings.EqualFold(want, f.RuleID) || strings.EqualFold(want, f.RuleName)
}

// MatchesResource reports whether a glob names the finding's resource by
// id, ARN or IaC address.
func MatchesResource(glob string, f *Finding) bool {
	for _, s := range []string{f.Resource.ID, f.Resource.ARN, f.Location.Address} {
		if s == "" {
			continue
		}
		if ok, _ := path.Match(glob, s); ok {
			return true
		}
	}
	return false
}

// ApplyIgnores marks f suppressed by the first inline or tag ignore naming
// its rule. A higher-priority suppression already on f is kept.
func ApplyIgnores(f *Finding, kind SuppressionKind, ignores []Ignore) {
	if f.Suppressed() {
		return
	}
	for _, ig := range ignores {
		if ruleMatches(ig.Rule, f) {
			f.Suppression = &Suppression{Kind: kind, Reason: ig.Reason, Source: ig.Source, Active: true}
			return
		}
	}
}

// ApplyWaivers marks findings matched by a waiver. A waiver whose expiry
// date is before today stops applying: the finding keeps an inactive
// suppression that says the waiver expired, so the report shows it.
func ApplyWaivers(fs []Finding, ws []Waiver, today time.Time) {
	day := today.UTC().Format(time.DateOnly)
	for i := range fs {
		f := &fs[i]
		if f.Suppressed() {
			continue
		}
		for _, w := range ws {
			if !ruleMatches(w.Rule, f) || !MatchesResource(w.Resource, f) {
				continue
			}
			s := &Suppression{Kind: SuppressWaiver, Reason: w.Reason, Owner: w.Owner, Expires: w.Expires, Source: w.Source, Active: true}
			if w.Expires != "" && w.Expires < day {
				s.Active = false
				s.Reason = fmt.Sprintf("waiver expired on %s: %s", w.Expires, w.Reason)
			}
			f.Suppression = s
			if s.Active {
				break
			}
		}
	}
}

// ParseTagIgnores reads the value of a `vpclint:ignore` tag: rule ids or
// names separated by commas.
func ParseTagIgnores(value, source string) []Ignore {
	var out []Ignore
	for part := range strings.SplitSeq(value, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, Ignore{Rule: p, Reason: "tag " + source, Source: source})
		}
	}
	return out
}

// IgnoreTag is the resource tag that carries rule suppressions.
const IgnoreTag = "vpclint:ignore"
