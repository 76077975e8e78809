package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/compliance"
)

// complianceFixture is the fixture with the CIS v3.0 per-control view, as
// check.Run builds it.
func complianceFixture(t *testing.T) *Input {
	t.Helper()
	in := fixture()
	fw, err := compliance.Lookup("cis-aws-v3.0")
	if err != nil {
		t.Fatal(err)
	}
	in.Compliance = []compliance.Report{compliance.Evaluate(fw, in.Rules, in.Findings)}
	return in
}

func TestComplianceText(t *testing.T) {
	out := string(render(t, "text", complianceFixture(t), Options{}))
	for _, want := range []string{
		"CIS AWS Foundations Benchmark v3.0.0 (cis-aws-v3.0): 3 fail, 0 muted, 0 pass, 8 not checked, 3 manual\n",
		"  FAIL         1.16    Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached\n" +
			"               IAM001: 1 open finding on aws_iam_role/admin\n",
		"  FAIL         5.2     Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports\n" +
			"               SG001: 1 open finding on aws_security_group/sg-0123\n",
		"  NOT CHECKED  5.4     Ensure the default security group of every VPC restricts all traffic\n",
		"  MANUAL       5.5     Ensure routing tables for VPC peering are \"least access\"\n",
		// the view comes before the summary line, which stays last
		"\n\n6 findings:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(render(t, "text", fixture(), Options{})), "cis-aws-v3.0") {
		t.Error("without --compliance the text output has a compliance view")
	}
}

func TestComplianceJSON(t *testing.T) {
	in := complianceFixture(t)
	out := render(t, "json", in, Options{})
	if err := validateJSON(t, compileSchema(t), out); err != nil {
		t.Fatalf("output does not match schema/findings.v1.json: %v", err)
	}
	var got struct {
		Compliance []struct {
			Name     string             `json:"name"`
			Summary  compliance.Summary `json:"summary"`
			Controls []struct {
				ID        string                `json:"id"`
				Status    string                `json:"status"`
				Rules     []string              `json:"rules"`
				Open      int                   `json:"open"`
				Muted     int                   `json:"muted"`
				Resources []compliance.Resource `json:"resources"`
				Partial   string                `json:"partial"`
			} `json:"controls"`
		} `json:"compliance"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Compliance) != 1 || got.Compliance[0].Name != "cis-aws-v3.0" || got.Compliance[0].Summary.Fail != 3 {
		t.Fatalf("compliance %+v", got.Compliance)
	}
	for _, c := range got.Compliance[0].Controls {
		if c.ID != "5.2" {
			continue
		}
		if c.Status != "fail" || c.Open != 1 || c.Muted != 1 || len(c.Resources) != 1 || c.Resources[0].ID != "sg-0123" || c.Partial == "" {
			t.Errorf("5.2: %+v", c)
		}
		return
	}
	t.Error("no control 5.2")
}

// The schema holds the view's shape: a status outside the five fails.
func TestComplianceJSONSchemaRejectsDrift(t *testing.T) {
	out := string(render(t, "json", complianceFixture(t), Options{}))
	for _, m := range []struct{ from, to string }{
		{`"status": "fail"`, `"status": "failed"`},
		{`"not_checked": 8`, `"not_checked": -1`},
	} {
		bad := strings.Replace(out, m.from, m.to, 1)
		if bad == out {
			t.Fatalf("output lacks %s", m.from)
		}
		if err := validateJSON(t, compileSchema(t), []byte(bad)); err == nil {
			t.Errorf("schema accepts %s", m.to)
		}
	}
}
