package aws_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// TestScanResourcePolicies reads the fixture's resource policies of seven
// services live (issue #12 item 3) and checks the findings the rules make
// of them: public (RES001) and cross-account (RES002) where the policy
// says so, nothing for SNS's default topic policy (Principal "*" pinned by
// AWS:SourceOwner), an S3 trigger pinned by source ARN and account, or a
// secret shared with a role of the same account.
func TestScanResourcePolicies(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.PageSize = 1
	snap, _ := scan(t, options(srv))
	if len(readGaps(snap.Coverage)) != 0 {
		t.Fatalf("gaps: %+v", snap.Coverage)
	}
	var services []string
	for _, p := range snap.ResourcePolicies {
		services = append(services, p.Service)
		if len(p.Policy.Statements) == 0 || len(p.Policy.Problems) != 0 || p.Name == "" || p.ARN != p.ID {
			t.Errorf("%s read as %+v", p.ID, p)
		}
	}
	slices.Sort(services)
	if want := []string{"ecr", "es", "kms", "lambda", "secretsmanager", "sns", "sqs"}; !slices.Equal(services, want) {
		t.Errorf("services read = %v, want %v", services, want)
	}
	var got []string
	for _, f := range findings(t, nil, snap) {
		if strings.HasPrefix(f, "RES") {
			got = append(got, f)
		}
	}
	want := []string{
		"RES001 arn:aws:ecr:us-east-1:111122223333:repository/web",
		"RES001 arn:aws:es:us-east-1:111122223333:domain/search",
		"RES001 arn:aws:sqs:us-east-1:111122223333:orders",
		"RES002 arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}
	if !slices.Equal(got, want) {
		t.Errorf("resource-policy findings:\n got %v\nwant %v", got, want)
	}
}

// TestScanResourcePolicyFaults: a service the credentials may not list is
// one gap for that service and region, a policy that cannot be read
// (denied, or a malformed answer) is a gap naming the resource, and every
// other service is still read.
func TestScanResourcePolicyFaults(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.Deny = map[string]bool{"kms": true, "lambda:GetPolicy": true}
	srv.Throttle = map[string]int{"sqs:GetQueueAttributes": 2, "es": 1}
	srv.Malformed = map[string]bool{"ecr:GetRepositoryPolicy": true}
	snap, _ := scan(t, options(srv))
	var gaps []string
	for _, g := range readGaps(snap.Coverage) {
		gaps = append(gaps, g.Region+" "+g.Service+":"+g.Operation+" "+g.Resource+" "+firstWords(g.Error))
	}
	want := []string{
		"us-east-1 ecr:GetRepositoryPolicy arn:aws:ecr:us-east-1:111122223333:repository/web malformed response:",
		"us-east-1 kms:ListKeys  AccessDeniedException: User: arn:aws:iam::111122223333:user/scanner is not authorized to perform: kms:ListKeys",
		"us-east-1 lambda:GetPolicy arn:aws:lambda:us-east-1:111122223333:function:thumbnail AccessDeniedException: User: arn:aws:iam::111122223333:user/scanner is not authorized to perform: lambda:GetPolicy",
	}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps:\n got %q\nwant %q", gaps, want)
	}
	var read []string
	for _, p := range snap.ResourcePolicies {
		read = append(read, p.Service)
	}
	slices.Sort(read)
	if want := []string{"es", "secretsmanager", "sns", "sqs"}; !slices.Equal(read, want) {
		t.Errorf("read %v, want %v (throttled calls retried, denied and malformed ones skipped)", read, want)
	}
	if !slices.ContainsFunc(snap.Coverage, func(g snapshot.Gap) bool { return g.Service == "kms" }) {
		t.Error("no coverage entry for KMS")
	}
}
