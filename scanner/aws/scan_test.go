package aws_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/finding"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

const fixture = "testdata/account.json"

// isolate keeps the SDK away from the real default chain, shared config
// files, instance metadata and endpoint variables of the machine.
func isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
		"AWS_SESSION_TOKEN": "", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": "",
		"AWS_ENDPOINT_URL_EC2": "", "AWS_ENDPOINT_URL_IAM": "", "AWS_ENDPOINT_URL_STS": "", "AWS_CA_BUNDLE": "",
	} {
		t.Setenv(k, v)
	}
}

// world reads the fixture as written (not normalised): what the server serves.
func world(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var s snapshot.Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func staticCreds() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(awstest.BaseAccessKey, awstest.BaseSecretKey, "")
}

func options(srv *awstest.Server) scanaws.Options {
	return scanaws.Options{
		EndpointURL: srv.URL,
		Credentials: staticCreds(),
		Regions:     []string{"us-east-1"},
		MaxBackoff:  5 * time.Millisecond,
		Timeout:     time.Minute,
	}
}

func scan(t *testing.T, opt scanaws.Options) (*snapshot.Snapshot, *scanaws.Stats) {
	t.Helper()
	snap, st, err := scanaws.Scan(context.Background(), opt)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return snap, st
}

func encode(t *testing.T, s *snapshot.Snapshot) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestScanFixture scans the fixture account through every protocol with
// small pages (NextToken, Marker/IsTruncated and S3 continuation tokens
// all page) and throttling on every service, then checks the snapshot
// against the reviewed golden file, the schema, and the hand-written
// equivalent: same entities and the same findings.
func TestScanFixture(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.PageSize = 2
	srv.Throttle = map[string]int{
		"ec2:DescribeSecurityGroupRules": 2, "ec2:DescribeVpcs": 1, "iam:GetAccountAuthorizationDetails": 2,
		"s3:GetBucketPolicy": 1, "s3:ListBuckets": 1, "sts:GetCallerIdentity": 1,
	}
	snap, st := scan(t, options(srv))

	if len(readGaps(snap.Coverage)) != 0 {
		t.Fatalf("unexpected gaps: %+v", snap.Coverage)
	}
	if st.Retries != 8 {
		t.Errorf("retries = %d, want 8 (one per throttled response)", st.Retries)
	}
	if st.Calls != len(srv.Log()) {
		t.Errorf("counted %d calls, server saw %d", st.Calls, len(srv.Log()))
	}
	if snap.Origin.Kind != "live" || snap.Origin.Endpoint != srv.URL || !slices.Equal(snap.Origin.Inputs, []string{"111122223333/us-east-1"}) {
		t.Errorf("origin = %+v", snap.Origin)
	}
	if _, err := time.Parse(time.RFC3339, snap.Origin.Captured); err != nil {
		t.Errorf("origin.captured: %v", err)
	}
	snap.Origin.Endpoint, snap.Origin.Captured = "http://127.0.0.1:PORT", ""
	data := encode(t, snap)
	if err := snapshot.ValidateSchema(data); err != nil {
		t.Fatalf("scanned snapshot fails the JSON Schema: %v", err)
	}
	golden := filepath.Join("testdata", "golden", "scan.json")
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./scanner/aws -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("scanned snapshot differs from %s; rerun with -update and review the diff", golden)
	}

	hand, err := snapshot.Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(snap), ids(hand); !slices.Equal(got, want) {
		t.Errorf("entities differ from the hand-written snapshot:\n got %v\nwant %v", got, want)
	}
	assertSpotChecks(t, snap)
	// The scan adds one finding the hand-written file cannot have: COV001
	// for the coverage note on role broken's malformed trust policy.
	scanned := slices.DeleteFunc(findings(t, nil, snap), func(f string) bool { return f == "COV001 111122223333/iam" })
	if got, want := scanned, findings(t, []string{fixture}, nil); !slices.Equal(got, want) {
		t.Errorf("findings differ:\n scanned %v\n written %v", got, want)
	} else if len(got) < 10 {
		t.Errorf("only %d findings; the fixture is meant to trip many rules: %v", len(got), got)
	}
}

// ids lists "collection/id" of every entity.
func ids(s *snapshot.Snapshot) []string {
	var out []string
	for _, coll := range snapshot.Collections() {
		if coll == "regions" { // the hand-written snapshot does not list them
			continue
		}
		typ := snapshot.ResourceType(coll)
		data, err := json.Marshal(s)
		if err != nil {
			panic(err)
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(data, &m)
		var list []struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(m[coll], &list)
		for _, e := range list {
			if _, ok := s.Lookup(typ, e.ID); ok {
				out = append(out, coll+"/"+e.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// assertSpotChecks pins the parts of the mapping that are easiest to get
// wrong, beyond the golden file.
func assertSpotChecks(t *testing.T, s *snapshot.Snapshot) {
	t.Helper()
	role, _ := find(s.Roles, func(r snapshot.Role) bool { return r.Name == "web-role" })
	if !strings.HasPrefix(role.TrustPolicy.Text, `{"Version"`) || len(role.TrustPolicy.Statements) != 1 {
		t.Errorf("URL-encoded trust policy not decoded: %+v", role.TrustPolicy)
	}
	broken, _ := find(s.Roles, func(r snapshot.Role) bool { return r.Name == "broken" })
	if len(broken.TrustPolicy.Problems) == 0 || !strings.Contains(broken.TrustPolicy.Text, `"Statement "`) {
		t.Errorf("malformed key not kept with its problem: %+v", broken.TrustPolicy)
	}
	in, _ := find(s.Instances, func(i snapshot.Instance) bool { return i.ID == "i-0web" })
	if !slices.Equal(in.RoleIDs, []string{"arn:aws:iam::111122223333:role/web-role"}) || in.MetadataOptions == nil || in.MetadataOptions.HTTPTokens != "optional" {
		t.Errorf("instance profile or IMDS not resolved: %+v", in)
	}
	vpc, _ := find(s.VPCs, func(v snapshot.VPC) bool { return v.ID == "vpc-0a" })
	if vpc.EnableDNSSupport == nil || !*vpc.EnableDNSSupport || vpc.EnableDNSHostnames == nil || *vpc.EnableDNSHostnames {
		t.Errorf("DNS attributes of the private-DNS VPC: %+v", vpc)
	}
	other, _ := find(s.VPCs, func(v snapshot.VPC) bool { return v.ID == "vpc-0b" })
	if other.EnableDNSSupport != nil {
		t.Errorf("DescribeVpcAttribute called for a VPC that does not need it")
	}
	pl, _ := find(s.PrefixLists, func(p snapshot.PrefixList) bool { return p.ID == "pl-0unused" })
	if len(pl.Entries) != 0 {
		t.Errorf("entries read for an unreferenced prefix list")
	}
	b, _ := find(s.Buckets, func(b snapshot.Bucket) bool { return b.ID == "public-site" })
	if b.Region != "eu-west-1" || b.Policy == nil || b.Source == nil || b.Source.ARN != "arn:aws:s3:::public-site" {
		t.Errorf("bucket: %+v", b)
	}
	if s.Accounts[0].PublicAccessBlock == nil || !s.Accounts[0].PublicAccessBlock.BlockPublicACLs || s.Accounts[0].Alias != "vpclint-fixture" {
		t.Errorf("account: %+v", s.Accounts[0])
	}
	sg, _ := find(s.SecurityGroups, func(g snapshot.SecurityGroup) bool { return g.ID == "sg-0web" })
	if len(sg.Ingress) != 5 || sg.Ingress[4].RuleID != "sgr-0web05" || sg.Ingress[4].Tags["Owner"] != "netops" || sg.Ingress[3].ICMPType != 8 {
		t.Errorf("security group rules: %+v", sg.Ingress)
	}
}

func find[T any](xs []T, f func(T) bool) (T, bool) {
	if i := slices.IndexFunc(xs, f); i >= 0 {
		return xs[i], true
	}
	var zero T
	return zero, false
}

// findings runs check and returns "rule resource" pairs, sorted.
func findings(t *testing.T, paths []string, snap *snapshot.Snapshot) []string {
	t.Helper()
	opt := check.Options{Paths: paths, FailOn: finding.Critical, AllowPartial: true}
	if snap != nil {
		opt.Snapshots = []*snapshot.Snapshot{snap}
	}
	res, err := check.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Report.Findings {
		out = append(out, f.RuleID+" "+f.Resource.ID)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestScanFaults: AccessDenied on a whole service, a region that fails,
// retries exhausted, a malformed response. Each becomes a gap naming
// account, region, service and operation; everything else is read.
func TestScanFaults(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.Deny = map[string]bool{"s3": true}
	srv.FailRegions = map[string]bool{"eu-south-1": true}
	srv.Throttle = map[string]int{"ec2:DescribeNatGateways": 100}
	srv.Malformed = map[string]bool{"ec2:DescribeFlowLogs": true}
	opt := options(srv)
	opt.Regions = []string{"us-east-1", "eu-south-1"}
	opt.MaxAttempts = 3
	snap, st := scan(t, opt)

	var got []string
	for _, g := range snap.Coverage {
		got = append(got, strings.Join([]string{g.Account, g.Region, g.Service, g.Operation, g.Resource, firstWords(g.Error)}, "|"))
	}
	want := []string{
		"111122223333||iam|GetAccountAuthorizationDetails|arn:aws:iam::111122223333:role/broken|trust policy could not",
		"111122223333||s3|GetPublicAccessBlock|account|AccessDenied:",
		"111122223333||s3|ListBuckets||AccessDenied:",
		"111122223333|eu-south-1|ec2|||every EC2",
		"111122223333|us-east-1|ec2|DescribeFlowLogs||malformed response:",
		"111122223333|us-east-1|ec2|DescribeNatGateways||retries exhausted",
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps:\n got %q\nwant %q", got, want)
	}
	if len(snap.VPCs) != 2 || len(snap.Roles) == 0 || len(snap.Buckets) != 0 || len(snap.NATGateways) != 0 || len(snap.FlowLogs) != 0 {
		t.Errorf("the rest of the scan should have been read: %d vpcs, %d roles, %d buckets", len(snap.VPCs), len(snap.Roles), len(snap.Buckets))
	}
	if st.Gaps != len(want) {
		t.Errorf("stats gaps = %d", st.Gaps)
	}
	if snap.Origin.Incomplete {
		t.Error("a scan that finished is not incomplete")
	}
	if err := snapshot.ValidateSchema(encode(t, snap)); err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(context.Background(), check.Options{Snapshots: []*snapshot.Snapshot{snap}, FailOn: finding.Critical})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != check.ExitPartial {
		t.Errorf("check exit = %d, want %d on coverage gaps", res.ExitCode, check.ExitPartial)
	}
}

// readGaps leaves out the coverage note the fixture's role "broken" gets
// for its malformed trust policy (TestLivePolicyMalformed checks it).
func readGaps(gs []snapshot.Gap) []snapshot.Gap {
	var out []snapshot.Gap
	for _, g := range gs {
		if !strings.Contains(g.Error, "could not be fully analysed") {
			out = append(out, g)
		}
	}
	return out
}

func firstWords(s string) string {
	for _, p := range []string{"AccessDenied:", "every EC2", "malformed response:", "retries exhausted", "trust policy could not"} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return s
}

// TestReadOnly records every operation the scanner sends (server log and
// the scanner's own count) across the widest scan (organization, all
// regions) and both flow-log fetches, and fails on anything outside
// docs/scanner-policy.json or not read-only. sts:AssumeRole obtains
// credentials and changes nothing, and the policy lists it in its own
// statement; logs:FilterLogEvents reads, whatever its name.
func TestReadOnly(t *testing.T) {
	isolate(t)
	w := world(t)
	addSecondAccount(w)
	srv := awstest.New(w)
	defer srv.Close()
	srv.Regions = []string{"us-east-1", "us-west-2"}
	srv.OptIn = []string{"af-south-1"}
	srv.PageSize = 1
	opt := options(srv)
	opt.Regions = nil
	opt.AllRegions = true
	opt.OrgRole = "vpclint-scan"
	snap, st := scan(t, opt)
	if len(readGaps(snap.Coverage)) != 0 {
		t.Fatalf("gaps: %+v", snap.Coverage)
	}

	allowed := policyActions(t)
	seen := map[string]bool{}
	for _, op := range srv.Log() {
		seen[op] = true
	}
	for op := range st.ByOperation {
		seen[op] = true
	}
	for op := range fetchEverything(t, srv) {
		seen[op] = true
	}
	for op := range seen {
		svc, name, _ := strings.Cut(op, ":")
		action := scanaws.Action(svc, name)
		if !allowed[action] {
			t.Errorf("%s (%s) is not in docs/scanner-policy.json", op, action)
		}
		readOnly := strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Get")
		if !readOnly && op != "sts:AssumeRole" && op != "logs:FilterLogEvents" {
			t.Errorf("%s is not a read-only operation", op)
		}
	}
	for _, must := range []string{
		"organizations:ListAccounts", "sts:AssumeRole", "ec2:DescribeRegions", "ec2:DescribeVpcAttribute", "ec2:GetManagedPrefixListEntries",
		"iam:GetOpenIDConnectProvider", "s3control:GetPublicAccessBlock", "logs:FilterLogEvents", "s3:ListObjectsV2", "s3:GetObject",
		"sqs:GetQueueAttributes", "sns:GetTopicAttributes", "kms:GetKeyPolicy", "lambda:GetPolicy", "ecr:GetRepositoryPolicy",
		"secretsmanager:GetResourcePolicy", "es:DescribeDomains",
	} {
		if !seen[must] {
			t.Errorf("the wide scan did not exercise %s", must)
		}
	}
	if n := len(snap.Accounts); n != 2 {
		t.Errorf("accounts = %d, want 2", n)
	}
	if i := slices.IndexFunc(snap.Regions, func(r snapshot.Region) bool { return r.Name == "af-south-1" && !r.Enabled }); i < 0 {
		t.Error("a region not enabled should be recorded as disabled, not scanned")
	}
	if i := slices.IndexFunc(snap.VPCs, func(v snapshot.VPC) bool { return v.ID == "vpc-0c" && v.Account == "444455556666" }); i < 0 {
		t.Error("the second account's VPC was not read through the assumed role")
	}
	if n := len(snap.PeeringConnections); n != 1 || snap.PeeringConnections[0].Account != "111122223333" {
		t.Errorf("a peering read from both sides should be kept once, from the requester: %+v", snap.PeeringConnections)
	}
	// And the policy lists nothing the scanner does not need
	// (GetBucketLocation: the flow-log fetch always asks it).
	used := map[string]bool{}
	for op := range seen {
		svc, name, _ := strings.Cut(op, ":")
		used[scanaws.Action(svc, name)] = true
	}
	for a := range allowed {
		if !used[a] {
			t.Errorf("policy grants %s but the scan never needed it", a)
		}
	}
}

// fetchEverything reads the fixture's flow logs from CloudWatch Logs and
// S3 (after the scan, on the same server) and returns the operations the
// fetches counted.
func fetchEverything(t *testing.T, srv *awstest.Server) map[string]int {
	t.Helper()
	srv.LogEvents = map[string][]awstest.LogEvent{"eni-flows": flowEvents()}
	srv.Objects = map[string]map[string][]byte{"app-data": {flowKey("", day): []byte("x"), flowKey("", day.Add(time.Hour)): []byte("y")}}
	opt := scanaws.FlowLogFetch{Options: options(srv)}
	ops := map[string]int{}
	_, cw, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), opt, "eni-flows", func(_, _ string, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s3, err := scanaws.FetchS3FlowLogs(context.Background(), opt, "s3://app-data/AWSLogs/", func(string, io.Reader, int64) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if cw.Events != 24 || s3.Objects != 2 {
		t.Errorf("fetched %d events and %d objects, want 24 and 2", cw.Events, s3.Objects)
	}
	for _, st := range []*scanaws.FlowLogStats{cw, s3} {
		maps.Copy(ops, st.ByOperation)
	}
	return ops
}

func addSecondAccount(w *snapshot.Snapshot) {
	const b = "444455556666"
	w.Accounts = append(w.Accounts, snapshot.Account{ID: b})
	w.VPCs = append(w.VPCs, snapshot.VPC{ID: "vpc-0c", Meta: snapshot.Meta{Account: b, Region: "us-west-2"}, CIDRBlocks: []string{"10.1.0.0/16"}})
}

func policyActions(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../../docs/scanner-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Statement []struct {
			Effect string          `json:"Effect"`
			Action json.RawMessage `json:"Action"`
		} `json:"Statement"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, st := range doc.Statement {
		var one string
		var many []string
		if json.Unmarshal(st.Action, &one) == nil {
			many = []string{one}
		} else if err := json.Unmarshal(st.Action, &many); err != nil {
			t.Fatal(err)
		}
		for _, a := range many {
			if strings.Contains(a, "*") {
				t.Errorf("policy action %q has a wildcard; list exact actions", a)
			}
			out[a] = st.Effect == "Allow"
		}
	}
	return out
}

// TestEndpointFromEnvironment: AWS_ENDPOINT_URL (no flag) reaches every
// client, is recorded in the snapshot, and S3 goes path-style.
func TestEndpointFromEnvironment(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	opt := options(srv)
	opt.EndpointURL = ""
	snap, _ := scan(t, opt)
	if snap.Origin.Endpoint != srv.URL || len(readGaps(snap.Coverage)) != 0 || len(snap.Buckets) != 3 {
		t.Errorf("endpoint %q, %d gaps %+v, %d buckets", snap.Origin.Endpoint, len(snap.Coverage), snap.Coverage, len(snap.Buckets))
	}
}

// TestInterrupted: cancelling the scan (Ctrl-C) returns what was read,
// marked incomplete, with the unread parts as gaps.
func TestInterrupted(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.Latency = 30 * time.Millisecond
	srv.Throttle = map[string]int{"iam:GetAccountAuthorizationDetails": 1000}
	opt := options(srv)
	opt.MaxBackoff = 50 * time.Millisecond
	opt.MaxAttempts = 1000
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	snap, _, err := scanaws.Scan(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.Origin.Incomplete {
		t.Error("an interrupted scan must be marked incomplete")
	}
	if len(snap.VPCs) == 0 {
		t.Error("what was read before the interruption was dropped")
	}
	if i := slices.IndexFunc(snap.Coverage, func(g snapshot.Gap) bool { return g.Operation == "GetAccountAuthorizationDetails" }); i < 0 {
		t.Errorf("the interrupted call is not a gap: %+v", snap.Coverage)
	}
}
