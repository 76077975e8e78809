package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/finding"
)

//go:embed assets/report.html.tmpl assets/report.css assets/topology.css assets/report.js assets/flows.html.tmpl assets/flows.css assets/explain.html.tmpl assets/explain.css
var assets embed.FS

// The stylesheets and script are our own embedded files, never data, so
// they alone are trusted as CSS and JS. baseCSS is shared with the flows
// page; the findings report adds the topology picture's and evidence
// tables' rules.
var (
	baseCSS = mustAsset("assets/report.css")
	htmlCSS = template.CSS(baseCSS + mustAsset("assets/topology.css")) //nolint:gosec // G203: our own embedded stylesheets, never data
	htmlJS  = template.JS(mustAsset("assets/report.js"))               //nolint:gosec // G203: our own embedded script, never data
)

// htmlTemplate is parsed once; html/template escapes every value by its
// context, which is what keeps resource-controlled text inert. Its
// Content-Security-Policy allows only our own style and script element,
// by the hash of their exact text: even markup that slipped past the
// escaping could neither run nor restyle the page. The hashes go into
// the template's text, not through a value, which the attribute context
// would entity-encode.
var htmlTemplate = template.Must(template.New("report.html.tmpl").Parse(strings.NewReplacer(
	"'sha256-@style@'", cspHash(string(htmlCSS)),
	"'sha256-@script@'", cspHash(string(htmlJS)),
).Replace(mustAsset("assets/report.html.tmpl"))))

// cspHash is a CSP hash source for an inline element's exact content.
func cspHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func mustAsset(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

type htmlPage struct {
	Tool               Tool
	Inputs             []string
	AutomationID       string
	FailOn             string
	Failing            int
	Total              int
	MutedCount         int
	GapCount           int
	BaselineSuppressed int
	BySeverity         []htmlCount
	ByCategory         []htmlCategory
	Severities         []string
	Categories         []string
	// Frameworks are the compliance frameworks the open findings map to,
	// sorted, for the compliance filter.
	Frameworks  []string
	Open        []htmlFinding
	Muted       []htmlFinding
	Gaps        []string
	Context     htmlContext
	Passes      []Pass
	PassedRules int
	// Pictures are the checked snapshots' topologies.
	Pictures []htmlPicture
	CSS      template.CSS
	JS       template.JS
	// Data feeds the script through a JSON block; html/template encodes it
	// in the script's JS context, so "</script>" in any string stays text.
	Data htmlData
}

// htmlContext is the header's context line; times are RFC 3339 or "".
type htmlContext struct {
	Captured, CapturedFrom, Generated string
	Accounts, Regions, RuleIDs        []string
	Resources                         int
}

type htmlCount struct {
	Name  string
	Count int
}

type htmlCategory struct {
	Name        string
	Open, Muted int
}

type htmlFinding struct {
	Severity, Category, RuleID, RuleName, Title, Message string
	Resource, ARN, Address, Location, Fingerprint        string
	Evidence, Remediation, Suppression, Inactive         string
	// EvidenceView is the evidence as tables; Evidence the raw JSON.
	EvidenceView *evNode
	// Elements are the page keys of the topology elements the finding
	// is drawn on, space separated, for the badge filter.
	Elements string
	// Controls are its compliance mapping, one entry per framework;
	// FrameworkNames those frameworks, space separated, for the filter.
	Controls       []htmlControls
	FrameworkNames string
	// Search is the lower-cased text the search box matches.
	Search  string
	Tags    []htmlTag
	Related []finding.Related
}

type htmlTag struct{ Key, Value string }

// htmlControls are the controls of one framework a finding fails.
type htmlControls struct {
	Framework string
	IDs       []string
}

type htmlData struct {
	Schema   string         `json:"schema"`
	Open     int            `json:"open"`
	Muted    int            `json:"muted"`
	Findings []htmlDataItem `json:"findings"`
}

type htmlDataItem struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	Severity    string `json:"severity"`
	Resource    string `json:"resource"`
	Message     string `json:"message"`
	Muted       bool   `json:"muted"`
}

func writeHTML(w io.Writer, in *Input, _ Options) error {
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, buildHTML(in)); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return nil
}

func buildHTML(in *Input) htmlPage {
	s := summarize(in)
	open, muted := split(in.Findings)
	p := htmlPage{
		Tool:   Tool{Name: cmp.Or(in.Tool.Name, "vpclint"), Version: in.Tool.Version, InformationURI: in.Tool.InformationURI},
		Inputs: in.Inputs, AutomationID: in.AutomationID, FailOn: failOnLabel(in),
		Failing: s.Failing, Total: s.Total, MutedCount: s.Muted, GapCount: s.Gaps,
		BaselineSuppressed: in.BaselineSuppressed,
		ByCategory:         categoryCounts(in.Findings),
		CSS:                htmlCSS,
		JS:                 htmlJS,
		Data:               htmlData{Schema: JSONSchemaID, Open: len(open), Muted: len(muted), Findings: []htmlDataItem{}},
	}
	for _, sev := range severitiesDesc {
		p.BySeverity = append(p.BySeverity, htmlCount{Name: sev.String(), Count: s.BySeverity[sev]})
		p.Severities = append(p.Severities, sev.String())
	}
	for _, c := range p.ByCategory {
		p.Categories = append(p.Categories, c.Name)
	}
	pictures, elements := buildPictures(in)
	p.Pictures = pictures
	frameworks := map[string]bool{}
	for i := range open {
		h := newHTMLFinding(&open[i])
		h.Elements = strings.Join(elements[open[i].Fingerprint], " ")
		for _, c := range h.Controls {
			frameworks[c.Framework] = true
		}
		p.Open = append(p.Open, h)
	}
	p.Frameworks = slices.Sorted(maps.Keys(frameworks))
	for i := range muted {
		p.Muted = append(p.Muted, newHTMLFinding(&muted[i]))
	}
	for i := range in.Findings {
		f := &in.Findings[i]
		p.Data.Findings = append(p.Data.Findings, htmlDataItem{
			Fingerprint: f.Fingerprint, RuleID: f.RuleID, Severity: f.Severity.String(),
			Resource: resourceLabel(f.Resource), Message: f.Message, Muted: f.Suppressed(),
		})
	}
	for _, g := range in.Coverage {
		p.Gaps = append(p.Gaps, gapLabel(g))
	}
	p.Context = newHTMLContext(in)
	p.Passes = passResults(in)
	for _, r := range p.Passes {
		if r.Passed() {
			p.PassedRules++
		}
	}
	return p
}

func newHTMLContext(in *Input) htmlContext {
	c := htmlContext{
		Captured: timeLabel(in.Context.Captured), CapturedFrom: in.Context.CapturedFrom,
		Generated: timeLabel(in.Context.Generated), Accounts: in.Context.Accounts, Regions: in.Context.Regions,
	}
	for _, r := range in.Rules {
		c.RuleIDs = append(c.RuleIDs, r.ID)
	}
	for _, n := range in.Context.Resources {
		c.Resources += n
	}
	return c
}

func categoryCounts(fs []finding.Finding) []htmlCategory {
	counts := map[string]*htmlCategory{}
	for i := range fs {
		name := cmp.Or(string(fs[i].Category), "uncategorised")
		c := counts[name]
		if c == nil {
			c = &htmlCategory{Name: name}
			counts[name] = c
		}
		if fs[i].Suppressed() {
			c.Muted++
		} else {
			c.Open++
		}
	}
	out := make([]htmlCategory, 0, len(counts))
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, *counts[name])
	}
	return out
}

func newHTMLFinding(f *finding.Finding) htmlFinding {
	h := htmlFinding{
		Severity: f.Severity.String(), Category: string(f.Category), RuleID: f.RuleID, RuleName: f.RuleName,
		Title: f.Title, Message: cmp.Or(f.Message, f.Title), Resource: resourceLabel(f.Resource),
		ARN: f.Resource.ARN, Address: f.Location.Address, Location: locationLabel(f.Location),
		Fingerprint: f.Fingerprint, Evidence: prettyJSON(f.Evidence), EvidenceView: evidenceView(f.Evidence),
		Remediation: f.Remediation,
		Related:     f.Related,
	}
	if s := f.Suppression; s != nil {
		if s.Active {
			h.Suppression = suppressionLabel(s)
		} else {
			h.Inactive = suppressionLabel(s)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.Resource.Tags)) {
		h.Tags = append(h.Tags, htmlTag{Key: k, Value: f.Resource.Tags[k]})
	}
	names := slices.Sorted(maps.Keys(f.Frameworks))
	for _, fw := range names {
		h.Controls = append(h.Controls, htmlControls{Framework: fw, IDs: f.Frameworks[fw]})
	}
	h.FrameworkNames = strings.Join(names, " ")
	h.Search = strings.ToLower(strings.Join([]string{
		h.RuleID, h.RuleName, h.Title, h.Message, h.Resource, h.ARN, h.Address, h.Location,
	}, " "))
	return h
}

// prettyJSON indents evidence for reading; invalid JSON is shown as is.
func prettyJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}
