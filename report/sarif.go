package report

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/vpclint/vpclint/finding"
)

// sarifFingerprintKey names vpclint's stable fingerprint among a result's
// partialFingerprints; bump the version if the hash ever changes.
const sarifFingerprintKey = "vpclintFingerprint/v1"

// srcRoot is the uriBaseId of every artifact: the repository root.
const srcRoot = "%SRCROOT%"

// GitHub's limits (reference B3): description texts of at most 1024
// characters, and only the first 10 tags of a rule are kept.
const (
	maxDescription = 1024
	maxTags        = 10
)

// securitySeverity maps severities onto GitHub's security-severity scale;
// info has none, so GitHub shows no security severity for it.
var securitySeverity = map[finding.Severity]string{
	finding.Critical: "9.5",
	finding.High:     "8.0",
	finding.Medium:   "5.5",
	finding.Low:      "2.0",
}

var semverRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Critical, finding.High:
		return "error"
	case finding.Medium:
		return "warning"
	default:
		return "note"
	}
}

func writeSARIF(w io.Writer, in *Input, opt Options) error {
	rep, err := buildSARIF(in, opt)
	if err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	// Report.WriteFile does not truncate (reference B2): always write to w.
	if err := rep.PrettyWrite(w); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

func buildSARIF(in *Input, opt Options) (*sarif.Report, error) {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	run := sarif.NewRunWithInformationURI(cmp.Or(in.Tool.Name, "vpclint"), cmp.Or(in.Tool.InformationURI, "https://github.com/vpclint/vpclint"))
	setVersion(run.Tool.Driver, in.Tool.Version)
	if opt.RepoRoot != "" {
		base, err := rootURI(opt.RepoRoot)
		if err != nil {
			return nil, err
		}
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{srcRoot: sarif.NewSimpleArtifactLocation(base)})
	}
	// Rules first: a result for a rule not yet added gets an out-of-range
	// ruleIndex (reference B2).
	for _, r := range ruleSet(in) {
		addRule(run, r)
	}
	for i := range in.Findings {
		addResult(run, in, opt, &in.Findings[i])
	}
	addInvocation(run, in)
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(cmp.Or(in.AutomationID, "vpclint/")))
	rep.AddRun(run)
	return rep, nil
}

func setVersion(d *sarif.ToolComponent, version string) {
	if version == "" {
		return
	}
	// SARIF2005 wants a version that starts with a digit: drop the tag's "v".
	if m := semverRE.FindStringSubmatch(version); m != nil {
		version = m[1]
		d.WithSemanticVersion(version)
	}
	d.Version = &version
}

// rootURI turns the repository root into the file URI of %SRCROOT%; the
// trailing slash makes relative URIs resolve inside it.
func rootURI(root string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("repo root: %w", err)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String(), nil
}

func addRule(run *sarif.Run, r finding.Rule) {
	d := run.AddRule(r.ID)
	if r.Name != "" && r.Name != r.ID {
		d.WithName(r.Name)
	}
	title := cmp.Or(r.Title, r.Name, r.ID)
	desc := cmp.Or(strings.TrimSpace(r.Description), title)
	d.WithShortDescription(sarif.NewMultiformatMessageString(truncate(title, maxDescription)))
	d.WithFullDescription(sarif.NewMultiformatMessageString(truncate(desc, maxDescription)))
	refs := webLinks(r.References)
	d.WithHelp(sarif.NewMultiformatMessageString(helpText(r, desc, refs)).WithMarkdown(helpMarkdown(r, desc, refs)))
	if len(refs) > 0 {
		d.WithHelpURI(refs[0])
	}
	d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	d.WithProperties(ruleProperties(r))
}

func ruleProperties(r finding.Rule) sarif.Properties {
	pb := sarif.NewPropertyBag()
	if s, ok := securitySeverity[r.Severity]; ok {
		pb.Add("security-severity", s)
	}
	pb.Add("tags", ruleTags(r))
	pb.Add("precision", "high")
	return pb.Properties
}

// ruleTags puts "security" first because GitHub ignores security-severity
// without it, then the category and the compliance controls (so that the
// code-scanning tag filter finds "cis-aws-v3.0/5.2"), then the rule's own
// tags, and caps the list at what GitHub keeps.
func ruleTags(r finding.Rule) []string {
	tags := []string{"security"}
	if r.Category != "" {
		tags = append(tags, string(r.Category))
	}
	for _, t := range append(complianceTags(r.Frameworks), r.Tags...) {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > maxTags {
		tags = tags[:maxTags]
	}
	return tags
}

// complianceTags renders a compliance mapping as framework/control tags
// (cis-aws-v3.0/5.2), frameworks by name and controls in mapping order
// (the engine sorts them), in the style of CodeQL's external/cwe/cwe-079.
func complianceTags(fw map[string][]string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(fw)) {
		for _, id := range fw[name] {
			out = append(out, name+"/"+id)
		}
	}
	return out
}

// webLinks keeps the http(s) references: a custom rule's METADATA is
// someone else's text, and a javascript: or data: link in helpUri or the
// help would be one click from running in the viewer.
func webLinks(refs []string) []string {
	var out []string
	for _, ref := range refs {
		u, err := url.Parse(ref)
		if err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(ref, "<>\"' \t\r\n`") {
			out = append(out, ref)
		}
	}
	return out
}

func helpText(r finding.Rule, desc string, refs []string) string {
	var b strings.Builder
	b.WriteString(desc)
	if r.Remediation != "" {
		b.WriteString("\n\nRemediation: " + r.Remediation)
	}
	if fw := frameworks(r); len(fw) > 0 {
		b.WriteString("\n\nFrameworks: " + strings.Join(fw, "; "))
	}
	if len(refs) > 0 {
		b.WriteString("\n\nReferences:")
		for _, ref := range refs {
			b.WriteString("\n- " + ref)
		}
	}
	return b.String()
}

// helpMarkdown renders the rule's documentation with its HTML escaped:
// viewers render markdown's inline HTML, and METADATA text such as
// "<service>:*" would otherwise vanish as an unknown tag, or a custom
// rule's markup would render.
func helpMarkdown(r finding.Rule, desc string, refs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: %s\n\n%s\n", r.ID, escapeMarkdownHTML(cmp.Or(r.Title, r.Name, r.ID)), escapeMarkdownHTML(desc))
	if r.Remediation != "" {
		b.WriteString("\n### Remediation\n\n" + escapeMarkdownHTML(r.Remediation) + "\n")
	}
	if fw := frameworks(r); len(fw) > 0 {
		b.WriteString("\n### Frameworks\n\n")
		for _, f := range fw {
			b.WriteString("- " + escapeMarkdownHTML(f) + "\n")
		}
	}
	if len(refs) > 0 {
		b.WriteString("\n### References\n\n")
		for _, ref := range refs {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	return b.String()
}

var markdownHTML = strings.NewReplacer("<", "&lt;", ">", "&gt;")

// escapeMarkdownHTML escapes < and > outside code spans and fences (a
// run of backticks up to the next run of the same length), where
// markdown shows them literally already and an entity would show as one.
func escapeMarkdownHTML(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			b.WriteString(markdownHTML.Replace(s))
			break
		}
		b.WriteString(markdownHTML.Replace(s[:i]))
		s = s[i:]
		n := len(s) - len(strings.TrimLeft(s, "`"))
		end := closingTicks(s[n:], n)
		if end < 0 {
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		b.WriteString(s[:n+end+n])
		s = s[n+end+n:]
	}
	return b.String()
}

// closingTicks is the offset in s of the next run of exactly n
// backticks, or -1.
func closingTicks(s string, n int) int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '`')
		if i < 0 {
			return -1
		}
		start := off + i
		run := len(s[start:]) - len(strings.TrimLeft(s[start:], "`"))
		if run == n {
			return start
		}
		off = start + run
	}
}

// frameworks renders "name: control, control" in name order.
func frameworks(r finding.Rule) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(r.Frameworks)) {
		out = append(out, name+": "+strings.Join(r.Frameworks[name], ", "))
	}
	return out
}

// truncate cuts s to at most n characters without splitting a rune.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

func addResult(run *sarif.Run, in *Input, opt Options, f *finding.Finding) {
	loc := resultLocation(in, opt, f)
	res := run.CreateResultForRule(f.RuleID).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(cmp.Or(f.Message, f.Title, f.RuleID))).
		WithPartialFingerPrints(map[string]any{sarifFingerprintKey: f.Fingerprint}).
		WithLocations([]*sarif.Location{loc})
	// Related resources go into the property bag, not relatedLocations:
	// GitHub (GH1001) requires a file location on every related location,
	// and the related entity has none of its own.
	if len(f.Related) > 0 {
		res.Properties = sarif.Properties{"vpclint/related": relatedProps(f.Related)}
	}
	// The rule's tags are capped at GitHub's ten; the result keeps every
	// control the finding fails.
	if tags := complianceTags(f.Frameworks); len(tags) > 0 {
		if res.Properties == nil {
			res.Properties = sarif.Properties{}
		}
		res.Properties["tags"] = tags
	}
	if s := f.Suppression; s != nil && s.Active {
		res.AddSuppression(suppression(f, loc))
	}
}

func resultLocation(in *Input, opt Options, f *finding.Finding) *sarif.Location {
	file, start, end := f.Location.File, f.Location.StartLine, f.Location.EndLine
	if file == "" {
		// GitHub rejects the whole file if one result lacks a physical
		// location, so a live finding points at what was checked.
		file, start, end = firstInput(in), 1, 1
	}
	start = max(start, 1)
	end = max(end, start)
	uri, base := artifactURI(file, opt.RepoRoot)
	al := sarif.NewSimpleArtifactLocation(uri)
	if base {
		al.WithUriBaseId(srcRoot)
	}
	phys := sarif.NewPhysicalLocation().
		WithArtifactLocation(al).
		WithRegion(sarif.NewSimpleRegion(start, end).WithStartColumn(1).WithEndColumn(1))
	return sarif.NewLocationWithPhysicalLocation(phys).
		WithLogicalLocations([]*sarif.LogicalLocation{logicalLocation(f.Resource)})
}

func firstInput(in *Input) string {
	if len(in.Inputs) > 0 {
		return in.Inputs[0]
	}
	return "."
}

// artifactURI makes file relative to the repository root. It reports false
// when the result is not relative (an absolute path outside the root), in
// which case it is a file URI without a base.
func artifactURI(file, root string) (string, bool) {
	if filepath.IsAbs(file) {
		if root != "" {
			if absRoot, err := filepath.Abs(root); err == nil {
				if rel, err := filepath.Rel(absRoot, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return escapePath(filepath.ToSlash(rel)), true
				}
			}
		}
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String(), false
	}
	return escapePath(path.Clean(filepath.ToSlash(file))), true
}

// escapePath percent-encodes what a URI reference cannot hold (spaces, #,
// ?) while keeping the slashes.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

func logicalLocation(r finding.Resource) *sarif.LogicalLocation {
	return sarif.NewLogicalLocation().
		WithName(r.ID).
		WithFullyQualifiedName(cmp.Or(r.ARN, resourceLabel(r))).
		WithKind("resource")
}

func relatedProps(rs []finding.Related) []map[string]string {
	out := make([]map[string]string, len(rs))
	for i, r := range rs {
		out[i] = map[string]string{"type": r.Type, "id": r.ID}
		if r.Description != "" {
			out[i]["description"] = r.Description
		}
	}
	return out
}

// suppression records an active suppression. go-sarif serialises the
// optional guid and location without omitempty, and null is not valid
// SARIF, so both are filled: the guid is derived from the fingerprint to
// keep the output deterministic.
func suppression(f *finding.Finding, loc *sarif.Location) *sarif.Suppression {
	kind := "external"
	if f.Suppression.Kind == finding.SuppressInline {
		kind = "inSource"
	}
	return sarif.NewSuppression(kind).
		WithStatus("accepted").
		WithJustifcation(cmp.Or(f.Suppression.Reason, string(f.Suppression.Kind))).
		WithGuid(stableGUID("suppression", f.RuleID, f.Fingerprint)).
		WithLocation(loc)
}

// stableGUID formats a hash of parts as a version-5-style UUID.
func stableGUID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	b := h[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// addInvocation reports coverage gaps as warnings: the run succeeded, but
// some of the account could not be read.
func addInvocation(run *sarif.Run, in *Input) {
	inv := run.AddInvocation(true)
	var notes []*sarif.Notification
	for _, g := range in.Coverage {
		notes = append(notes, sarif.NewNotification().WithLevel("warning").WithTextMessage("coverage gap: "+gapLabel(g)))
	}
	if len(notes) > 0 {
		inv.WithToolExecutionNotifications(notes)
	}
}
