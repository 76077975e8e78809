package report

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vpclint/vpclint/finding"
)

// Context says what a report covers. Its times are never the wall clock,
// so that the same inputs give byte-identical outputs in every format.
type Context struct {
	// Captured is when the input was captured: a live scan's recorded
	// time, else for IaC the commit time of a clean git checkout or the
	// newest file's modification time. With several inputs it is the
	// oldest, the time the whole report holds from. Zero when unknown.
	Captured time.Time
	// CapturedFrom says where Captured came from: scan, git commit or
	// file time.
	CapturedFrom string
	// Generated is when the report was made: SOURCE_DATE_EPOCH, zero when
	// it is unset.
	Generated time.Time
	// Accounts and Regions are those the snapshots describe, sorted.
	Accounts, Regions []string
	// Resources counts the checked snapshots' entities by the resource
	// type findings use (security_group, subnet, ...).
	Resources map[string]int
}

// jsonContext is Context in the JSON format. The inputs and the vpclint
// version are the report's top-level inputs and tool.version.
type jsonContext struct {
	Captured     string         `json:"captured,omitempty"`
	CapturedFrom string         `json:"captured_from,omitempty"`
	Generated    string         `json:"generated,omitempty"`
	Accounts     []string       `json:"accounts"`
	Regions      []string       `json:"regions"`
	RulesRun     int            `json:"rules_run"`
	RuleIDs      []string       `json:"rule_ids"`
	CoverageGaps int            `json:"coverage_gaps"`
	Resources    map[string]int `json:"resources"`
}

func buildJSONContext(in *Input) jsonContext {
	c := in.Context
	ids := make([]string, len(in.Rules))
	for i, r := range in.Rules {
		ids[i] = r.ID
	}
	res := c.Resources
	if res == nil {
		res = map[string]int{}
	}
	return jsonContext{
		Captured: timeLabel(c.Captured), CapturedFrom: c.CapturedFrom, Generated: timeLabel(c.Generated),
		Accounts: nonNil(c.Accounts), Regions: nonNil(c.Regions),
		RulesRun: len(in.Rules), RuleIDs: ids, CoverageGaps: len(in.Coverage),
		Resources: res,
	}
}

// timeLabel is RFC 3339 in UTC, "" for the zero time.
func timeLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// tagTypes maps a rule's METADATA tags to the resource type its findings
// are about, for rules that reported nothing this run; the first tag of a
// rule found here wins. Rules do not declare their subject, so this is
// a convention, not a guarantee.
var tagTypes = map[string]string{
	"security-group": "security_group", "nacl": "network_acl", "route-table": "route_table",
	"peering": "peering_connection", "vpc-endpoint": "vpc_endpoint", "subnet": "subnet", "vpc": "vpc",
	"trust-policy": "role", "policy": "policy", "s3": "bucket", "bucket-policy": "bucket",
	"nat-gateway": "nat_gateway", "internet-gateway": "internet_gateway", "instance": "instance",
}

// Pass is one rule's result over the resources it checked.
type Pass struct {
	RuleID, Title string
	// ResourceType is what the rule's findings are about ("" when neither
	// its findings nor its tags say); Checked counts those resources in the
	// snapshots, Failing those with an open finding of the rule.
	ResourceType     string
	Checked, Failing int
}

// Passed reports whether no resource has an open finding of the rule.
func (p Pass) Passed() bool { return p.Failing == 0 }

// passResults gives every rule that ran its checked and failing resource
// counts, sorted by rule id. A resource is failing when findingsByResource
// (the grouping JUnit's test cases use) has an open finding on it.
func passResults(in *Input) []Pass {
	out := make([]Pass, 0, len(in.Rules))
	for _, r := range ruleSet(in) {
		p := Pass{RuleID: r.ID, Title: cmp.Or(r.Title, r.Name)}
		types := map[string]bool{}
		for _, fs := range findingsByResource(r.ID, in.Findings) {
			if open, _ := split(fs); len(open) > 0 {
				p.Failing++
			}
			types[fs[0].Resource.Type] = true
		}
		if len(types) > 0 {
			p.ResourceType = strings.Join(slices.Sorted(maps.Keys(types)), ",")
		} else {
			p.ResourceType = tagType(r.Tags)
		}
		for t := range strings.SplitSeq(p.ResourceType, ",") {
			p.Checked += in.Context.Resources[t]
		}
		// A finding on a resource the snapshot does not count (an intent,
		// a change) still makes that resource checked.
		p.Checked = max(p.Checked, p.Failing)
		out = append(out, p)
	}
	return out
}

func tagType(tags []string) string {
	for _, t := range tags {
		if typ, ok := tagTypes[t]; ok {
			return typ
		}
	}
	return ""
}

// findingsByResource groups one rule's findings by the resource they are
// about, keyed by resourceLabel.
func findingsByResource(ruleID string, fs []finding.Finding) map[string][]finding.Finding {
	byRes := map[string][]finding.Finding{}
	for _, f := range fs {
		if f.RuleID == ruleID {
			label := resourceLabel(f.Resource)
			byRes[label] = append(byRes[label], f)
		}
	}
	return byRes
}
