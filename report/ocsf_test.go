package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const ocsfSchemaFile = "schema/ocsf-detection-finding.schema.json"

func compileOCSFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaFile(t, ocsfSchemaFile)
}

func TestOCSFValidatesAgainstSchema(t *testing.T) {
	sch := compileOCSFSchema(t)
	for name, in := range map[string]*Input{"fixture": fixture(), "empty": {}} {
		if err := validateJSON(t, sch, render(t, "ocsf", in, Options{})); err != nil {
			t.Errorf("%s: output does not match %s: %v", name, ocsfSchemaFile, err)
		}
	}
}

// The schema must reject what OCSF does not allow, or the test above
// proves nothing.
func TestOCSFSchemaRejectsDrift(t *testing.T) {
	sch := compileOCSFSchema(t)
	out := string(render(t, "ocsf", fixture(), Options{}))
	for _, m := range []struct{ from, to string }{
		{`"class_uid": 2004`, `"class_uid": 2001`},
		{`"severity_id": 5`, `"severity_id": 7`},
		{`"status_id": 3`, `"status_id": 8`},
		{`"activity_id": 1`, `"activity_id": 4`},
		{`"type_uid": 200401`, `"type_uid": 200402`},
		{`"time": 0`, `"time": "1970-01-01"`},
		{`"provider": "AWS"`, `"provider": ""`},
		{`"version": "` + OCSFVersion + `"`, `"version": "2.0"`},
		{`"category_uid": 2,`, ``},
		{`"EC2.18"`, `18`},
	} {
		if !strings.Contains(out, m.from) {
			t.Fatalf("fixture output lacks %s", m.from)
		}
		if err := validateJSON(t, sch, []byte(strings.Replace(out, m.from, m.to, 1))); err == nil {
			t.Errorf("schema accepts %s in place of %s", m.to, m.from)
		}
	}
}

func TestOCSFRecords(t *testing.T) {
	in := fixture()
	in.Time = time.Unix(1700000000, 0)
	var recs []struct {
		Time        int64  `json:"time"`
		SeverityID  int    `json:"severity_id"`
		StatusID    int    `json:"status_id"`
		Status      string `json:"status"`
		FindingInfo struct {
			UID string `json:"uid"`
		} `json:"finding_info"`
		Resources []struct {
			UID            string   `json:"uid"`
			CloudPartition string   `json:"cloud_partition"`
			Labels         []string `json:"labels"`
		} `json:"resources"`
		Cloud struct {
			Account *struct {
				UID string `json:"uid"`
			} `json:"account"`
		} `json:"cloud"`
		Unmapped struct {
			Compliance map[string][]string `json:"compliance"`
		} `json:"unmapped"`
	}
	if err := json.Unmarshal(render(t, "ocsf", in, Options{}), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(in.Findings) {
		t.Fatalf("%d records for %d findings", len(recs), len(in.Findings))
	}
	uids := map[string]bool{}
	for i, r := range recs {
		f := in.Findings[i]
		if r.Time != 1700000000000 {
			t.Errorf("%s: time %d, want Input.Time in epoch milliseconds", f.RuleID, r.Time)
		}
		if want := int(f.Severity) + 1; r.SeverityID != want {
			t.Errorf("%s: severity_id %d, want %d", f.RuleID, r.SeverityID, want)
		}
		if f.Suppressed() != (r.StatusID == 3 && r.Status == "Suppressed") {
			t.Errorf("%s: status %d %s for suppression %+v", f.RuleID, r.StatusID, r.Status, f.Suppression)
		}
		if uids[r.FindingInfo.UID] {
			t.Errorf("finding_info.uid %s repeats", r.FindingInfo.UID)
		}
		uids[r.FindingInfo.UID] = true
		if f.Resource.ARN != "" && (r.Resources[0].UID != f.Resource.ARN || r.Resources[0].CloudPartition != "aws") {
			t.Errorf("%s: resource %+v, want the ARN in partition aws", f.RuleID, r.Resources[0])
		}
		if (f.Resource.Account == "") != (r.Cloud.Account == nil) {
			t.Errorf("%s: cloud.account %+v for account %q", f.RuleID, r.Cloud.Account, f.Resource.Account)
		}
		if f.RuleID == "IAM001" && len(r.Unmapped.Compliance["cis-aws-v3.0"]) == 0 {
			t.Errorf("IAM001: compliance mapping missing: %+v", r.Unmapped.Compliance)
		}
	}
}

func TestOCSFEmptyIsArray(t *testing.T) {
	if got := bytes.TrimSpace(render(t, "ocsf", &Input{}, Options{})); string(got) != "[]" {
		t.Errorf("empty input renders %s, want []", got)
	}
}
