package facts

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

func load(t *testing.T, path string) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The default-VPC lab opens SSH to the world on an instance with a public
// address: the rule is public, and the exposure reaches its group.
func TestComputeNetwork(t *testing.T) {
	s := load(t, "../examples/default-vpc-lab/snapshot.json")
	f := Compute(s, Options{}, reach.NewModel(s))
	if len(f.SGIngressPublic) != 1 {
		t.Fatalf("sg_ingress_public %+v", f.SGIngressPublic)
	}
	r := f.SGIngressPublic[0]
	if r.GroupID != "sg-0d6e7f8a9b0c1d2e3" || !r.Anywhere || r.PrefixLen != 0 || r.Rule.FromPort != 22 || !f.PublicCIDRs["0.0.0.0/0"] {
		t.Errorf("public rule %+v", r)
	}
	if len(f.InternetExposure) != 1 || !slices.Equal(f.InternetExposure[0].Ports, [][2]int{{22, 22}}) {
		t.Fatalf("internet_exposure %+v", f.InternetExposure)
	}
	ge := f.SGExposure["sg-0d6e7f8a9b0c1d2e3"]
	if !slices.Equal(ge.Attached, []string{"eni-0d7e8f9a0b1c2d3e4"}) || len(ge.Exposed) != 1 {
		t.Errorf("sg_exposure %+v", ge)
	}
	for _, a := range s.NetworkACLs {
		if f.NACLShadowed[a.ID] == nil || f.NACLReturnGaps[a.ID] == nil || f.NACLDeniesAll[a.ID] == nil ||
			f.NACLPMTUBlocked[a.ID] == nil || f.NACLInternetIngress[a.ID] == nil || f.NACLInternetEgress[a.ID] == nil {
			t.Errorf("NACL %s lacks an entry (rules read [] for none)", a.ID)
		}
	}
	if f.Intents == nil || f.Changes == nil || f.RouteProblems == nil {
		t.Error("lists must be [], never null")
	}
}

// Every policy document is analysed where the engine puts the analysis.
func TestComputePolicies(t *testing.T) {
	s := load(t, accessSnap)
	f := Compute(s, Options{}, nil)
	const app = "arn:aws:iam::111122223333:role/app"
	want := []PolicyAt{
		{Collection: "roles", ID: app, Field: "trust_policy"},
		{Collection: "roles", ID: app, Field: "inline_policies"},
		{Collection: "roles", ID: "arn:aws:iam::111122223333:role/flow", Field: "trust_policy"},
		{Collection: "buckets", ID: "data", Field: "policy"},
		{Collection: "vpc_endpoints", ID: "vpce-s3", Field: "policy"},
		// Normalisation gives the endpoints without a policy AWS's default.
		{Collection: "vpc_endpoints", ID: "vpce-ddb", Field: "policy"},
		{Collection: "vpc_endpoints", ID: "vpce-ssm", Field: "policy"},
	}
	if len(f.Policies) != len(want) {
		t.Errorf("analysed %d documents, want %d: %v", len(f.Policies), len(want), f.Policies)
	}
	for _, at := range want {
		if _, ok := f.Policies[at]; !ok {
			t.Errorf("%+v not analysed", at)
		}
	}
	// Principal "*" without a condition: public.
	if a := f.Policies[want[4]]; !a.Public || !slices.Equal(a.PublicStatements, []int{0}) {
		t.Errorf("endpoint policy %+v", a)
	}
	// aws:SourceIp limits the bucket's only Allow: not public.
	if a := f.Policies[want[3]]; a.Public || a.PublicStatements == nil {
		t.Errorf("bucket policy %+v", a)
	}
	if tr := f.Policies[want[0]]; len(tr.Grants) != 1 || tr.Grants[0].Value != "lambda.amazonaws.com" {
		t.Errorf("trust grants %+v", tr.Grants)
	}
	if got := want[1].Path(); !slices.Equal(got, []any{"roles", app, "inline_policies", 0, "document"}) {
		t.Errorf("inline path %v", got)
	}
	if got := want[3].Path(); !slices.Equal(got, []any{"buckets", "data", "policy"}) {
		t.Errorf("bucket path %v", got)
	}
}

func TestComputeBefore(t *testing.T) {
	s := load(t, "../examples/default-vpc-lab/snapshot.json")
	before := load(t, "../examples/default-vpc-lab/snapshot.json")
	for i := range before.SecurityGroups {
		before.SecurityGroups[i].Ingress = slices.DeleteFunc(before.SecurityGroups[i].Ingress, func(r snapshot.SGRule) bool { return r.CIDRIPv4 == "0.0.0.0/0" })
	}
	if f := Compute(s, Options{}, nil); len(f.Changes) != 0 {
		t.Errorf("changes without a before snapshot: %+v", f.Changes)
	}
	f := Compute(s, Options{Before: before}, nil)
	if len(f.Changes) == 0 || f.Changes[0].Kind != "exposure" {
		t.Errorf("changes %+v", f.Changes)
	}
}
