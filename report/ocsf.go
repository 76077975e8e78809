package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vpclint/vpclint/finding"
)

// OCSFVersion is the OCSF schema version the ocsf format follows; its
// Detection Finding fields are described by schema/ocsf-detection-finding.schema.json.
const OCSFVersion = "1.3.0"

// OCSF class, category and activity of every record: a Detection Finding
// (2004) in the Findings category (2), created (1) by this run.
const (
	ocsfClassUID    = 2004
	ocsfCategoryUID = 2
	ocsfActivityID  = 1
	ocsfAccountType = 10 // account type_id: AWS Account
	ocsfAnalyticID  = 1  // analytic type_id: Rule
	ocsfStatusNew   = 1
	ocsfStatusMuted = 3 // Suppressed
)

// ocsfSeverity maps a severity to OCSF severity_id and its caption.
var ocsfSeverity = map[finding.Severity]struct {
	id      int
	caption string
}{
	finding.Info: {1, "Informational"}, finding.Low: {2, "Low"}, finding.Medium: {3, "Medium"},
	finding.High: {4, "High"}, finding.Critical: {5, "Critical"},
}

type ocsfFinding struct {
	ActivityID   int              `json:"activity_id"`
	ActivityName string           `json:"activity_name"`
	CategoryUID  int              `json:"category_uid"`
	CategoryName string           `json:"category_name"`
	ClassUID     int              `json:"class_uid"`
	ClassName    string           `json:"class_name"`
	TypeUID      int              `json:"type_uid"`
	TypeName     string           `json:"type_name"`
	SeverityID   int              `json:"severity_id"`
	Severity     string           `json:"severity"`
	StatusID     int              `json:"status_id"`
	Status       string           `json:"status"`
	StatusDetail string           `json:"status_detail,omitempty"`
	Time         int64            `json:"time"`
	Message      string           `json:"message"`
	Metadata     ocsfMetadata     `json:"metadata"`
	FindingInfo  ocsfFindingInfo  `json:"finding_info"`
	Resources    []ocsfResource   `json:"resources"`
	Cloud        ocsfCloud        `json:"cloud"`
	Remediation  *ocsfRemediation `json:"remediation,omitempty"`
	Evidences    []ocsfEvidence   `json:"evidences,omitempty"`
	Unmapped     ocsfUnmapped     `json:"unmapped"`
}

type ocsfMetadata struct {
	EventCode string      `json:"event_code"`
	Product   ocsfProduct `json:"product"`
	Profiles  []string    `json:"profiles"`
	Version   string      `json:"version"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	UID        string `json:"uid"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
	URL        string `json:"url_string,omitempty"`
}

type ocsfFindingInfo struct {
	UID        string       `json:"uid"`
	Title      string       `json:"title"`
	Desc       string       `json:"desc"`
	Types      []string     `json:"types"`
	ProductUID string       `json:"product_uid"`
	Analytic   ocsfAnalytic `json:"analytic"`
}

type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfResource struct {
	UID            string   `json:"uid"`
	Name           string   `json:"name,omitempty"`
	Type           string   `json:"type"`
	Region         string   `json:"region,omitempty"`
	CloudPartition string   `json:"cloud_partition,omitempty"`
	Labels         []string `json:"labels,omitempty"`
}

type ocsfCloud struct {
	Provider string       `json:"provider"`
	Account  *ocsfAccount `json:"account,omitempty"`
	Region   string       `json:"region,omitempty"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfRemediation struct {
	Desc       string   `json:"desc"`
	References []string `json:"references,omitempty"`
}

type ocsfEvidence struct {
	Data json.RawMessage `json:"data"`
}

// ocsfUnmapped keeps what OCSF has no attribute for, so a SIEM loses
// nothing a JSON report would have said.
type ocsfUnmapped struct {
	RuleName    string            `json:"rule_name"`
	Category    finding.Category  `json:"category"`
	Fingerprint string            `json:"fingerprint"`
	Key         string            `json:"key,omitempty"`
	Location    *finding.Location `json:"location,omitempty"`
	Related     []finding.Related `json:"related,omitempty"`
	// Compliance is the finding's framework -> control ids mapping, the
	// shape Prowler's unmapped.compliance has: OCSF's compliance object
	// belongs to Compliance Finding (2003), not to Detection Finding.
	Compliance  map[string][]string  `json:"compliance,omitempty"`
	Suppression *finding.Suppression `json:"suppression,omitempty"`
}

// writeOCSF writes one JSON array of OCSF Detection Findings, one record
// per finding, muted ones included with status Suppressed, as Prowler
// does. "time" is Input.Time in epoch milliseconds (0 when unknown), never
// the wall clock, so the output is reproducible.
func writeOCSF(w io.Writer, in *Input, _ Options) error {
	rules := map[string]finding.Rule{}
	for _, r := range ruleSet(in) {
		rules[r.ID] = r
	}
	recs := make([]ocsfFinding, 0, len(in.Findings))
	for i := range in.Findings {
		recs = append(recs, ocsfRecord(in, &in.Findings[i], rules[in.Findings[i].RuleID]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(recs); err != nil {
		return fmt.Errorf("write ocsf: %w", err)
	}
	return nil
}

func ocsfRecord(in *Input, f *finding.Finding, rule finding.Rule) ocsfFinding {
	tool := cmp.Or(in.Tool.Name, "vpclint")
	sev := ocsfSeverity[f.Severity]
	status, statusName := ocsfStatusNew, "New"
	if f.Suppressed() {
		status, statusName = ocsfStatusMuted, "Suppressed"
	}
	rec := ocsfFinding{
		ActivityID: ocsfActivityID, ActivityName: "Create",
		CategoryUID: ocsfCategoryUID, CategoryName: "Findings",
		ClassUID: ocsfClassUID, ClassName: "Detection Finding",
		TypeUID: ocsfClassUID*100 + ocsfActivityID, TypeName: "Detection Finding: Create",
		SeverityID: sev.id, Severity: sev.caption,
		StatusID: status, Status: statusName, StatusDetail: suppressionLabel(f.Suppression),
		Time:    ocsfTime(in.Time),
		Message: f.Message,
		Metadata: ocsfMetadata{
			EventCode: f.RuleID,
			Product: ocsfProduct{
				Name: tool, UID: tool, VendorName: tool,
				Version: in.Tool.Version, URL: in.Tool.InformationURI,
			},
			Profiles: []string{"cloud"},
			Version:  OCSFVersion,
		},
		FindingInfo: ocsfFindingInfo{
			UID: tool + "-" + f.Fingerprint, Title: f.Title, Desc: f.Message,
			Types: []string{string(f.Category)}, ProductUID: tool,
			Analytic: ocsfAnalytic{UID: f.RuleID, Name: f.RuleName, TypeID: ocsfAnalyticID, Type: "Rule"},
		},
		Resources: []ocsfResource{ocsfResourceOf(f.Resource)},
		Cloud:     ocsfCloud{Provider: "AWS", Region: f.Resource.Region},
		Unmapped: ocsfUnmapped{
			RuleName: f.RuleName, Category: f.Category, Fingerprint: f.Fingerprint, Key: f.Key,
			Related: f.Related, Compliance: f.Frameworks, Suppression: f.Suppression,
		},
	}
	if f.Resource.Account != "" {
		rec.Cloud.Account = &ocsfAccount{UID: f.Resource.Account, TypeID: ocsfAccountType, Type: "AWS Account"}
	}
	if f.Remediation != "" {
		rec.Remediation = &ocsfRemediation{Desc: f.Remediation, References: rule.References}
	}
	if len(f.Evidence) > 0 {
		rec.Evidences = []ocsfEvidence{{Data: f.Evidence}}
	}
	if f.Location != (finding.Location{}) {
		loc := f.Location
		rec.Unmapped.Location = &loc
	}
	return rec
}

// ocsfResourceOf names the resource by ARN when known, else by id, and
// turns its tags into sorted key=value labels.
func ocsfResourceOf(r finding.Resource) ocsfResource {
	out := ocsfResource{UID: r.ID, Name: r.Name, Type: r.Type, Region: r.Region}
	if r.ARN != "" {
		out.UID = r.ARN
		if parts := strings.SplitN(r.ARN, ":", 3); len(parts) == 3 {
			out.CloudPartition = parts[1]
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
		out.Labels = append(out.Labels, k+"="+r.Tags[k])
	}
	return out
}

// ocsfTime is OCSF's timestamp_t: epoch milliseconds, 0 for an unknown
// time (the zero time.Time is year 1, before the epoch).
func ocsfTime(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
