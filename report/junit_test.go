package report

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestJUnit(t *testing.T) {
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				ClassName string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(render(t, "junit", fixture(), Options{}), &doc); err != nil {
		t.Fatalf("junit is not XML: %v", err)
	}
	// 6 rules; S3002 found nothing; SG001 has two resources.
	if len(doc.Suites) != 6 || doc.Tests != 7 || doc.Failures != 4 || doc.Skipped != 2 {
		t.Fatalf("suites %d tests %d failures %d skipped %d, want 6/7/4/2", len(doc.Suites), doc.Tests, doc.Failures, doc.Skipped)
	}
	byName := map[string]int{}
	for i, s := range doc.Suites {
		byName[s.Name] = i
	}
	s3 := doc.Suites[byName["S3002: Bucket policy grants public access"]]
	if len(s3.Cases) != 1 || s3.Cases[0].Name != passingCase || s3.Cases[0].Failure != nil || s3.Cases[0].Skipped != nil {
		t.Errorf("rule without findings: %+v", s3.Cases)
	}
	sg := doc.Suites[byName["SG001: Security group opens an administrative port to the internet"]]
	if len(sg.Cases) != 2 {
		t.Fatalf("SG001 cases: %+v", sg.Cases)
	}
	open, muted := sg.Cases[0], sg.Cases[1]
	if open.ClassName != "SG001" || open.Name != "aws_security_group/sg-0123" || open.Failure == nil ||
		open.Failure.Message != "sg-0123 allows 0.0.0.0/0 to tcp/22" {
		t.Errorf("open case: %+v", open)
	}
	if muted.Name != "aws_security_group/sg-0456" || muted.Skipped == nil ||
		muted.Skipped.Message != "muted by inline: bastion, reviewed in SEC-42; at infra/bastion.tf:4" {
		t.Errorf("muted case: %+v", muted)
	}
	iam := doc.Suites[byName["IAM001: Role trust policy lets anyone assume it"]]
	if f := iam.Cases[0].Failure; f == nil || f.Body == "" || !strings.Contains(f.Body, `evidence: {"statement":0`) {
		t.Errorf("failure lacks evidence: %+v", f)
	}
}
