package engine

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

func decodeAccessSnap(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.Decode([]byte(accessSnap), "test.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func loadLab(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.Load("../examples/peering-endpoints-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decisionsOf(ds []PersonaDecision, persona, action string) []PersonaDecision {
	var out []PersonaDecision
	for _, d := range ds {
		if d.Persona == persona && d.Action == action {
			out = append(out, d)
		}
	}
	return out
}

// The lab's bucket carries the aws-semantics §5.5 pattern: every persona
// over the internet is denied by statement 0; the caller through the named
// endpoint is not; the endpoint exists.
func TestAccessFactsLabLockout(t *testing.T) {
	f := computeAccessFacts(loadLab(t), FactOptions{})
	ds := f.BucketPersonas["peering-lab-data"]
	for _, name := range []string{"console user", "admin role", "CI role", "AWS service"} {
		for _, act := range []string{"s3:GetObject", "s3:ListBucket", "s3:PutBucketPolicy"} {
			got := decisionsOf(ds, name, act)
			if len(got) != 1 || got[0].Decision != "explicit_deny" || !slices.Equal(got[0].Denying, []int{0}) || got[0].Uncertain {
				t.Errorf("%s %s: %+v", name, act, got)
			}
		}
	}
	if got := decisionsOf(ds, "AWS service", "s3:PutObject"); len(got) != 1 || got[0].Decision != "explicit_deny" {
		t.Errorf("service PutObject: %+v", got)
	}
	via := decisionsOf(ds, "role in vpc-01a2b3c4d5e6f7a81 via vpce-0c1d2e3f4a5b6c7d8", "s3:GetObject")
	if len(via) != 1 || via[0].Decision != "implicit_deny" || via[0].ViaEndpoint != "vpce-0c1d2e3f4a5b6c7d8" {
		t.Errorf("through the endpoint: %+v", via)
	}
	if refs := f.VPCRefs["peering-lab-data"]; len(refs) != 1 || !refs[0].Exists || refs[0].Key != "aws:sourcevpce" {
		t.Errorf("refs %+v", refs)
	}
	if len(f.MissingVPCRefs) != 0 {
		t.Errorf("missing %+v", f.MissingVPCRefs)
	}
	g := f.GatewayEndpointClients["vpce-0c1d2e3f4a5b6c7d8"]
	if g.Service != "s3" || !slices.Equal(g.SubnetIDs, []string{"subnet-01a1b2c3d4e5f6a71"}) || !slices.Equal(g.InstanceIDs, []string{"i-01a2b3c4d5e6f7a8c"}) {
		t.Errorf("gateway clients %+v", g)
	}
}

const accessSnap = `{"schema": "vpclint.snapshot/v1", "origin": {"kind": "manual"},
 "accounts": [{"id": "111122223333", "organization_id": "o-abc123"}],
 "vpcs": [{"id": "vpc-1", "account": "111122223333", "region": "us-east-1", "cidr_blocks": ["10.0.0.0/16"], "enable_dns_support": true, "enable_dns_hostnames": false}],
 "subnets": [{"id": "subnet-1", "account": "111122223333", "region": "us-east-1", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "route_table_id": "rtb-1"}],
 "route_tables": [{"id": "rtb-1", "account": "111122223333", "region": "us-east-1", "vpc_id": "vpc-1", "main": true, "routes": [{"destination_cidr": "10.0.0.0/16", "target_type": "local", "state": "active"}]}],
 "instances": [{"id": "i-1", "account": "111122223333", "region": "us-east-1", "state": "running", "vpc_id": "vpc-1", "subnet_id": "subnet-1", "private_ip": "10.0.1.5",
   "instance_profile_id": "arn:aws:iam::111122223333:instance-profile/app", "role_ids": ["arn:aws:iam::111122223333:role/app"]}],
 "instance_profiles": [{"id": "arn:aws:iam::111122223333:instance-profile/app", "name": "app", "role_ids": ["arn:aws:iam::111122223333:role/app"]}],
 "roles": [
  {"id": "arn:aws:iam::111122223333:role/app", "account": "111122223333", "name": "app", "arn": "arn:aws:iam::111122223333:role/app",
   "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
   "inline_policies": [{"name": "data", "document": {"Statement": [
     {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::data/*"},
     {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data"},
     {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}}]},
  {"id": "arn:aws:iam::111122223333:role/flow", "account": "111122223333", "name": "flow", "arn": "arn:aws:iam::111122223333:role/flow",
   "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}}]}}],
 "vpc_endpoints": [
  {"id": "vpce-s3", "account": "111122223333", "region": "us-east-1", "vpc_id": "vpc-1", "type": "Gateway", "service_name": "com.amazonaws.us-east-1.s3",
   "route_table_ids": ["rtb-1"],
   "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"},
     {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"},
     {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "*"}]}},
  {"id": "vpce-ddb", "account": "111122223333", "region": "us-east-1", "vpc_id": "vpc-1", "type": "Gateway", "service_name": "com.amazonaws.us-east-1.dynamodb"},
  {"id": "vpce-ssm", "account": "111122223333", "region": "us-east-1", "vpc_id": "vpc-1", "type": "Interface", "service_name": "com.amazonaws.us-east-1.ssm",
   "private_dns_enabled": true, "subnet_ids": ["subnet-1"]}],
 "buckets": [{"id": "data", "account": "111122223333", "region": "us-east-1", "name": "data",
   "policy": {"Statement": [{"Sid": "Typo", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-s4"}}},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::data", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}},
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*", "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}]}}],
 "flow_logs": [
  {"id": "fl-1", "account": "111122223333", "region": "us-east-1", "resource_id": "vpc-1", "resource_type": "VPC", "traffic_type": "ALL",
   "destination_type": "cloud-watch-logs", "deliver_logs_role_arn": "arn:aws:iam::111122223333:role/flow"},
  {"id": "fl-2", "account": "111122223333", "region": "us-east-1", "resource_id": "vpc-1", "resource_type": "VPC", "traffic_type": "ALL",
   "destination_type": "cloud-watch-logs", "deliver_logs_role_arn": "arn:aws:iam::111122223333:role/gone"},
  {"id": "fl-3", "account": "111122223333", "region": "us-east-1", "resource_id": "vpc-1", "resource_type": "VPC", "traffic_type": "ALL",
   "destination_type": "s3", "destination": "arn:aws:s3:::logs"}]}`

func TestAccessFactsTypoAndPersonas(t *testing.T) {
	s := decodeAccessSnap(t)
	f := computeAccessFacts(s, FactOptions{})
	miss := f.MissingVPCRefs["data"]
	if len(miss) != 1 || miss[0] != (VPCRef{Statement: 0, Key: "aws:sourcevpce", Value: "vpce-s4"}) {
		t.Errorf("missing refs %+v", miss)
	}
	if refs := f.VPCRefs["data"]; len(refs) != 2 || !refs[1].Exists {
		t.Errorf("refs %+v", refs)
	}
	// The typo locks out even the caller through the real endpoint.
	via := decisionsOf(f.BucketPersonas["data"], "role in vpc-1 via vpce-s3", "s3:GetObject")
	if len(via) != 1 || via[0].Decision != "explicit_deny" {
		t.Errorf("via endpoint %+v", via)
	}
	// Configured personas replace the defaults; endpoint callers stay.
	p, err := iampolicy.NewPersona("partner", "arn:aws:iam::999988887777:role/partner", map[string][]string{"aws:SourceVpce": {"vpce-s4"}, "aws:SourceVpc": {"vpc-1"}})
	if err != nil {
		t.Fatal(err)
	}
	f = computeAccessFacts(s, FactOptions{Personas: []iampolicy.Persona{p}})
	names := map[string]bool{}
	for _, d := range f.BucketPersonas["data"] {
		names[d.Persona] = true
	}
	if len(names) != 2 || !names["partner"] || names["console user"] {
		t.Errorf("personas %v", names)
	}
	if got := decisionsOf(f.BucketPersonas["data"], "partner", "s3:GetObject"); len(got) != 1 || got[0].Decision != "implicit_deny" {
		t.Errorf("partner %+v", got)
	}
}

func TestAccessFactsTrust(t *testing.T) {
	f := computeAccessFacts(decodeAccessSnap(t), FactOptions{})
	tr, ok := f.InstanceRoleTrust["arn:aws:iam::111122223333:role/app"]
	if !ok || tr.Decision != "implicit_deny" || tr.Service != "ec2.amazonaws.com" ||
		!slices.Equal(tr.InstanceIDs, []string{"i-1"}) || !slices.Equal(tr.InstanceProfileIDs, []string{"arn:aws:iam::111122223333:instance-profile/app"}) {
		t.Errorf("app trust %+v", tr)
	}
	if _, ok := f.InstanceRoleTrust["arn:aws:iam::111122223333:role/flow"]; ok {
		t.Error("flow role is not an instance role")
	}
	// Trust conditioned on another account's aws:SourceAccount: denied.
	fl := f.FlowLogRoles["fl-1"]
	if !fl.Found || fl.Trust == nil || fl.Trust.Decision != "implicit_deny" || fl.Trust.Uncertain {
		t.Errorf("fl-1 %+v %+v", fl, fl.Trust)
	}
	if g := f.FlowLogRoles["fl-2"]; g.Found || !g.RolesRead || g.Trust != nil {
		t.Errorf("fl-2 %+v", g)
	}
	if _, ok := f.FlowLogRoles["fl-3"]; ok {
		t.Error("S3 flow logs use no role")
	}
	// The lab's trust policies are right.
	lab, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	lf := computeAccessFacts(lab, FactOptions{})
	for id, tc := range lf.InstanceRoleTrust {
		if tc.Decision != "allow" {
			t.Errorf("flow-logs lab role %s: %+v", id, tc)
		}
	}
	for id, r := range lf.FlowLogRoles {
		if !r.Found || r.Trust.Decision != "allow" {
			t.Errorf("flow-logs lab %s: %+v", id, r)
		}
	}
}

// aws-semantics §5.3: the endpoint policy intersects with the role's grants;
// "AWS": account means the root user only.
func TestAccessFactsEndpointBlocked(t *testing.T) {
	f := computeAccessFacts(decodeAccessSnap(t), FactOptions{})
	bs := f.EndpointBlockedActions["vpce-s3"]
	got := map[string]BlockedAction{}
	for _, b := range bs {
		got[b.Action] = b
	}
	if len(got) != 2 {
		t.Fatalf("blocked %+v", bs)
	}
	if b := got["s3:PutObject"]; b.Decision != "explicit_deny" || !slices.Equal(b.Denying, []int{1}) || b.GrantedBy != "inline policy data statement 0" ||
		!slices.Equal(b.InstanceIDs, []string{"i-1"}) || !slices.Equal(b.Resources, []string{"arn:aws:s3:::data/*"}) {
		t.Errorf("PutObject %+v", b)
	}
	if b := got["s3:ListBucket"]; b.Decision != "implicit_deny" {
		t.Errorf("ListBucket (account principal = root only) %+v", b)
	}
	if _, ok := got["s3:GetObject"]; ok {
		t.Error("GetObject is allowed")
	}
	// The lab endpoint has the default policy: nothing to check.
	if lf := computeAccessFacts(loadLab(t), FactOptions{}); len(lf.EndpointBlockedActions) != 0 {
		t.Errorf("lab %+v", lf.EndpointBlockedActions)
	}
}

func TestServiceOf(t *testing.T) {
	for in, want := range map[string]string{
		"com.amazonaws.us-east-1.s3":                 "s3",
		"com.amazonaws.eu-west-1.ecr.dkr":            "ecr",
		"com.amazonaws.us-east-1.monitoring":         "cloudwatch",
		"com.amazonaws.vpce.us-east-1.vpce-svc-1234": "",
		"aws.sagemaker.us-east-1.notebook":           "",
	} {
		if got := serviceOf(in); got != want {
			t.Errorf("serviceOf(%q) = %q want %q", in, got, want)
		}
	}
}

func TestAccessFactsInInput(t *testing.T) {
	s := loadLab(t)
	v, err := buildInput(s, FactOptions{}, reach.NewModel(s))
	if err != nil {
		t.Fatal(err)
	}
	if dig(v, "facts", "access", "bucket_personas", "peering-lab-data", 0, "decision") == nil {
		t.Error("input.facts.access.bucket_personas missing")
	}
}

// Every access and endpoint rule fires on accessSnap from the Go facts, not
// only on the hand-made facts of the Rego tests.
func TestAccessRulesEndToEnd(t *testing.T) {
	ids := []string{"S3004", "S3005", "IAM013", "FL001", "VPCE003", "VPCE004", "VPCE005", "VPCE006"}
	e := newEngine(t, Options{Enable: ids})
	fs, err := e.Check(context.Background(), decodeAccessSnap(t))
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
