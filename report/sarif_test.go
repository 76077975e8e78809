package report

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
)

// sarifLog is the part of SARIF the GitHub checks below read.
type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID               string         `json:"id"`
					Name             string         `json:"name"`
					ShortDescription *sarifText     `json:"shortDescription"`
					FullDescription  *sarifText     `json:"fullDescription"`
					Help             *sarifHelp     `json:"help"`
					HelpURI          string         `json:"helpUri"`
					Properties       map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string    `json:"ruleId"`
			RuleIndex *int      `json:"ruleIndex"`
			Level     string    `json:"level"`
			Message   sarifText `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						EndLine     int `json:"endLine"`
						StartColumn int `json:"startColumn"`
						EndColumn   int `json:"endColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					Name               string `json:"name"`
					FullyQualifiedName string `json:"fullyQualifiedName"`
					Kind               string `json:"kind"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]any    `json:"properties"`
			Suppressions        []struct {
				Kind          string `json:"kind"`
				Status        string `json:"status"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, in *Input, opt Options) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", in, opt), &log); err != nil {
		t.Fatalf("sarif is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("not one SARIF 2.1.0 run: version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	return log
}

func TestSARIFMeetsGitHubRules(t *testing.T) {
	in := fixture()
	run := parseSARIF(t, in, fixtureOptions).Runs[0]
	rules := run.Tool.Driver.Rules
	if len(rules) != len(in.Rules) {
		t.Fatalf("%d rules, want %d", len(rules), len(in.Rules))
	}
	for _, r := range rules {
		if r.ShortDescription == nil || r.ShortDescription.Text == "" || r.FullDescription == nil || r.FullDescription.Text == "" ||
			r.Help == nil || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s lacks short/full description or help", r.ID)
		}
		if r.Name == r.ID {
			t.Errorf("rule %s: name equals id", r.ID)
		}
		tags, _ := r.Properties["tags"].([]any)
		if len(tags) == 0 || tags[0] != "security" || len(tags) > maxTags {
			t.Errorf("rule %s: tags %v must start with security and hold at most %d", r.ID, tags, maxTags)
		}
		if sev, ok := r.Properties["security-severity"]; ok {
			if _, isString := sev.(string); !isString {
				t.Errorf("rule %s: security-severity %v is %T, want string", r.ID, sev, sev)
			}
		} else if r.ID != "SG010" { // info carries none
			t.Errorf("rule %s: no security-severity", r.ID)
		}
	}
	if len(run.Results) != len(in.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(in.Findings))
	}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d (%s): ruleIndex %v does not point at its rule", i, res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" || res.PartialFingerprints[sarifFingerprintKey] != in.Findings[i].Fingerprint {
			t.Errorf("result %d: message %q, fingerprints %v", i, res.Message.Text, res.PartialFingerprints)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations, want 1", i, len(res.Locations))
		}
		loc := res.Locations[0]
		pl := loc.PhysicalLocation
		if pl == nil || pl.ArtifactLocation.URI == "" || pl.Region == nil || pl.Region.StartLine < 1 ||
			pl.Region.EndLine < pl.Region.StartLine || pl.Region.StartColumn != 1 || pl.Region.EndColumn != 1 {
			t.Errorf("result %d: incomplete physical location %+v", i, pl)
			continue
		}
		if strings.HasPrefix(pl.ArtifactLocation.URI, "/") || strings.Contains(pl.ArtifactLocation.URI, "..") {
			t.Errorf("result %d: uri %q is not relative to the repo root", i, pl.ArtifactLocation.URI)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Kind != "resource" || loc.LogicalLocations[0].Name != in.Findings[i].Resource.ID {
			t.Errorf("result %d: logical location %+v", i, loc.LogicalLocations)
		}
	}
	inv := run.Invocations
	if len(inv) != 1 || !inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Level != "warning" {
		t.Errorf("coverage gap not reported as a warning notification: %+v", inv)
	}
	if run.AutomationDetails.ID != "vpclint/111122223333-us-east-1/" || run.Tool.Driver.SemanticVersion != "0.3.0" {
		t.Errorf("automation id %q, semanticVersion %q", run.AutomationDetails.ID, run.Tool.Driver.SemanticVersion)
	}
}

func TestSARIFLocations(t *testing.T) {
	run := parseSARIF(t, fixture(), fixtureOptions).Runs[0]
	want := map[string]struct {
		uri   string
		start int
		level string
	}{
		"sg-0123":  {"infra/sg.tf", 12, "error"},     // absolute path rebased onto the root
		"sg-0456":  {"infra/bastion.tf", 5, "error"}, // relative path cleaned
		"acl-0abc": {"infra/main.tf", 1, "warning"},  // live: first input, line 1
		"vpc-0def": {"snapshot.json", 220, "note"},
		"admin":    {"infra/iam.tf", 30, "error"},
	}
	for _, res := range run.Results {
		name := res.Locations[0].LogicalLocations[0].Name
		w, ok := want[name]
		if !ok {
			continue
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URI != w.uri || pl.Region.StartLine != w.start || res.Level != w.level {
			t.Errorf("%s: uri %q line %d level %s, want %q line %d level %s",
				name, pl.ArtifactLocation.URI, pl.Region.StartLine, res.Level, w.uri, w.start, w.level)
		}
	}
}

func TestSARIFSuppressions(t *testing.T) {
	in := fixture()
	run := parseSARIF(t, in, fixtureOptions).Runs[0]
	for i, res := range run.Results {
		f := in.Findings[i]
		switch {
		case f.Suppressed():
			if len(res.Suppressions) != 1 || res.Suppressions[0].Status != "accepted" || res.Suppressions[0].Justification != f.Suppression.Reason {
				t.Errorf("%s on %s: suppressions %+v", f.RuleID, f.Resource.ID, res.Suppressions)
				continue
			}
			wantKind := map[finding.SuppressionKind]string{finding.SuppressInline: "inSource", finding.SuppressTag: "external"}[f.Suppression.Kind]
			if res.Suppressions[0].Kind != wantKind {
				t.Errorf("%s on %s: kind %q, want %q", f.RuleID, f.Resource.ID, res.Suppressions[0].Kind, wantKind)
			}
		case len(res.Suppressions) != 0:
			// Covers the expired waiver: it no longer mutes.
			t.Errorf("%s on %s: unexpected suppressions %+v", f.RuleID, f.Resource.ID, res.Suppressions)
		}
	}
}

func TestSARIFUnknownRuleAndTruncation(t *testing.T) {
	long := strings.Repeat("é", 2000)
	in := &Input{
		Rules: []finding.Rule{{ID: "X1", Title: "t", Description: long, Severity: finding.Info}},
		Findings: []finding.Finding{
			{RuleID: "ZZ9", Title: "not in catalog", Message: "m", Severity: finding.Low, Fingerprint: "f"},
		},
	}
	run := parseSARIF(t, in, Options{}).Runs[0]
	if len(run.Tool.Driver.Rules) != 2 || run.Results[0].RuleIndex == nil || *run.Results[0].RuleIndex != 1 {
		t.Fatalf("rule missing from the catalog not added: rules %d, result %+v", len(run.Tool.Driver.Rules), run.Results[0])
	}
	fd := run.Tool.Driver.Rules[0].FullDescription.Text
	if n := len([]rune(fd)); n != maxDescription || !strings.HasSuffix(fd, "…") {
		t.Errorf("full description is %d runes, want %d ending in an ellipsis", n, maxDescription)
	}
	if uri := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri == "" {
		t.Error("no uri for a finding without file or inputs")
	}
}

// Issue 11 item 11: a custom rule's METADATA is someone else's text. Its
// links reach the viewer only when they are http(s), and its markup is
// shown, not rendered.
func TestSARIFCustomRuleHelpIsInert(t *testing.T) {
	rule := func(refs ...string) finding.Rule {
		return finding.Rule{
			ID: "ACME001", Title: "Title <b>bold</b>", Severity: finding.Low, Custom: true,
			Description: "Payload <img src=x onerror=alert(1)> and `<service>:*` in code.\n\n```\n<pre>\n```\n",
			Remediation: "Set <script>alert(1)</script>.", References: refs,
			Frameworks: map[string][]string{"<x>": {"1"}},
		}
	}
	hostile := []string{"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JavaScript:alert(1)", "//evil.example/x", "https://ok.example/a>b", "file:///etc/passwd"}
	for name, tc := range map[string]struct {
		refs    []string
		helpURI string
	}{
		"only hostile":  {hostile, ""},
		"web after bad": {append(slices.Clone(hostile), "https://docs.example/rule", "http://plain.example/"), "https://docs.example/rule"},
	} {
		r := parseSARIF(t, &Input{Rules: []finding.Rule{rule(tc.refs...)}}, Options{}).Runs[0].Tool.Driver.Rules[0]
		if r.HelpURI != tc.helpURI {
			t.Errorf("%s: helpUri %q, want %q", name, r.HelpURI, tc.helpURI)
		}
		for _, bad := range []string{"javascript:", "JavaScript:", "data:", "evil.example", "file:", "a>b"} {
			if strings.Contains(r.Help.Markdown, bad) || strings.Contains(r.Help.Text, bad) {
				t.Errorf("%s: help keeps the reference %q:\n%s\n%s", name, bad, r.Help.Text, r.Help.Markdown)
			}
		}
		md := r.Help.Markdown
		for _, want := range []string{
			"## ACME001: Title &lt;b&gt;bold&lt;/b&gt;", "Payload &lt;img src=x onerror=alert(1)&gt;",
			"`<service>:*`", "```\n<pre>\n```", "Set &lt;script&gt;alert(1)&lt;/script&gt;.", "- &lt;x&gt;: 1",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("%s: markdown lacks %q:\n%s", name, want, md)
			}
		}
		if regexp.MustCompile(`<(img|b|script|x)\b`).MatchString(strings.ReplaceAll(md, "`<service>", "")) {
			t.Errorf("%s: raw HTML in the markdown:\n%s", name, md)
		}
		if !strings.Contains(r.Help.Text, "Payload <img src=x") {
			t.Errorf("%s: the plain-text help must stay plain text:\n%s", name, r.Help.Text)
		}
		if name == "web after bad" && !strings.Contains(md, "- <https://docs.example/rule>\n- <http://plain.example/>") {
			t.Errorf("web references dropped:\n%s", md)
		}
	}
}

// Compliance controls are SARIF tags, framework/control: on the rule
// within the ten GitHub keeps, and every one of them on each result.
func TestSARIFComplianceTags(t *testing.T) {
	in := fixture()
	run := parseSARIF(t, in, fixtureOptions).Runs[0]
	want := []any{"aws-fsbp/EC2.18", "aws-fsbp/EC2.19", "cis-aws-v3.0/5.2", "cis-aws-v3.0/5.3", "cis-aws-v5.0/5.3", "cis-aws-v5.0/5.4"}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID != "SG001" {
			continue
		}
		tags, _ := r.Properties["tags"].([]any)
		if len(tags) != maxTags || !reflect.DeepEqual(tags[2:2+len(want)], want) {
			t.Errorf("SG001 rule tags %v: want security, the category, then %v, capped at %d", tags, want, maxTags)
		}
	}
	seen := 0
	for i, res := range run.Results {
		tags, _ := res.Properties["tags"].([]any)
		switch in.Findings[i].RuleID {
		case "SG001":
			seen++
			if !reflect.DeepEqual(tags, want) {
				t.Errorf("SG001 result tags %v, want %v", tags, want)
			}
		case "NACL003":
			if tags != nil {
				t.Errorf("NACL003 maps to nothing, yet its result has tags %v", tags)
			}
		}
	}
	if seen == 0 {
		t.Fatal("fixture has no SG001 result")
	}
}
