package facts

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/iampolicy"
)

const (
	accessSnap = "testdata/access.json"
	labSnap    = "../examples/peering-endpoints-lab/snapshot.json"
)

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
	f := computeAccess(load(t, labSnap), Options{})
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

func TestAccessFactsTypoAndPersonas(t *testing.T) {
	s := load(t, accessSnap)
	f := computeAccess(s, Options{})
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
	f = computeAccess(s, Options{Personas: []iampolicy.Persona{p}})
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
	f := computeAccess(load(t, accessSnap), Options{})
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
	lf := computeAccess(load(t, "../examples/flow-logs-lab/snapshot.json"), Options{})
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
	f := computeAccess(load(t, accessSnap), Options{})
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
	if lf := computeAccess(load(t, labSnap), Options{}); len(lf.EndpointBlockedActions) != 0 {
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
