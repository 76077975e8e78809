package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

func loadSnap(t *testing.T, path string) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccessFactsInInput(t *testing.T) {
	s := loadSnap(t, "../examples/peering-endpoints-lab/snapshot.json")
	v, err := buildInput(s, facts.Options{}, reach.NewModel(s))
	if err != nil {
		t.Fatal(err)
	}
	if dig(v, "facts", "access", "bucket_personas", "peering-lab-data", 0, "decision") == nil {
		t.Error("input.facts.access.bucket_personas missing")
	}
}

// Every access and endpoint rule fires on the facts package's access
// snapshot from the Go facts, not
// only on the hand-made facts of the Rego tests.
func TestAccessRulesEndToEnd(t *testing.T) {
	ids := []string{"S3004", "S3005", "IAM013", "FL001", "VPCE003", "VPCE004", "VPCE005", "VPCE006"}
	e := newEngine(t, Options{Enable: ids})
	fs, err := e.Check(context.Background(), loadSnap(t, "../facts/testdata/access.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range fs {
		got[f.RuleID] = append(got[f.RuleID], f.Resource.ID+": "+f.Message)
	}
	want := map[string][]string{
		"S3004":   {"data: bucket data policy statement 0 (Typo) explicitly denies", "aws:sourcevpce vpce-s4 is NOT in the snapshot", "callers through the snapshot's S3 endpoints vpce-s3 are denied too"},
		"S3005":   {"data: bucket data policy statement 2 allows by aws:SourceIp", "vpce-s3 (VPC vpc-1, instances i-1)"},
		"IAM013":  {"arn:aws:iam::111122223333:role/app: role app is used by instance profile"},
		"FL001":   {"fl-1: ", "fl-2: ", "not in the snapshot"},
		"VPCE003": {"vpce-ddb: dynamodb gateway endpoint vpce-ddb is not associated with route table rtb-1 of subnet subnet-1"},
		"VPCE004": {"vpce-ssm: ", "enableDnsHostnames false"},
		"VPCE005": {"vpce-ssm: ", "default security group"},
		"VPCE006": {"vpce-s3: ", "s3:PutObject (granted by inline policy data statement 0, denied by endpoint policy statement [1])", "s3:ListBucket (granted by inline policy data statement 1, no Allow in the endpoint policy)"},
	}
	for id, parts := range want {
		all := strings.Join(got[id], "\n")
		if all == "" {
			t.Errorf("%s did not fire", id)
			continue
		}
		for _, p := range parts {
			if !strings.Contains(all, p) {
				t.Errorf("%s: %q not in\n%s", id, p, all)
			}
		}
	}
	for _, f := range fs {
		t.Logf("%s %s %s %s", f.RuleID, f.Severity, f.Resource.ID, f.Message)
	}
}
