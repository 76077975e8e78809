package gen

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/snapshot"
)

func encode(tb testing.TB, s *snapshot.Snapshot) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func preset(tb testing.TB, name string) Params {
	tb.Helper()
	p, err := Preset(name)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestPresetsValidate(t *testing.T) {
	for _, n := range PresetNames() {
		if err := preset(t, n).Validate(); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if _, err := Preset("huge"); err == nil {
		t.Error("unknown preset accepted")
	}
	bad := preset(t, "small")
	bad.SGRules = 1
	if bad.Validate() == nil {
		t.Error("too few rules accepted")
	}
}

// TestDeterministic: the same seed gives identical bytes, another seed
// gives another account.
func TestDeterministic(t *testing.T) {
	for _, n := range []string{"small", "medium"} {
		p := preset(t, n)
		a, b := encode(t, Generate(p)), encode(t, Generate(p))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs with seed %d differ", n, p.Seed)
		}
		p.Seed++
		if bytes.Equal(a, encode(t, Generate(p))) {
			t.Errorf("%s: seeds %d and %d give the same snapshot", n, p.Seed-1, p.Seed)
		}
	}
}

// TestNormalizeAndRoundTrip: the generated JSON passes the schema, loads
// (decode + Normalize), has no dangling references, and survives
// save/load unchanged.
func TestNormalizeAndRoundTrip(t *testing.T) {
	for _, n := range []string{"small", "medium"} {
		t.Run(n, func(t *testing.T) {
			raw := encode(t, Generate(preset(t, n)))
			if err := snapshot.ValidateSchema(raw); err != nil {
				t.Fatalf("schema: %v", err)
			}
			s, err := snapshot.Decode(raw, n+".json")
			if err != nil {
				t.Fatalf("decode/normalize: %v", err)
			}
			for i, e := range CheckReferences(s) {
				if i == 20 {
					t.Fatal("...")
				}
				t.Error(e)
			}
			once := encode(t, s)
			again, err := snapshot.Decode(once, "again.json")
			if err != nil {
				t.Fatalf("reload: %v", err)
			}
			if !bytes.Equal(once, encode(t, again)) {
				t.Error("save(load(save(x))) differs from save(x)")
			}
		})
	}
}

// counts tallies what the large preset promises.
type counts struct {
	vpcs, subnets, groups, sgRules, enis, instances, nacls, naclEntries, routeTables, roles, buckets, flowLogs int
}

func tally(s *snapshot.Snapshot) counts {
	c := counts{
		vpcs: len(s.VPCs), subnets: len(s.Subnets), groups: len(s.SecurityGroups), enis: len(s.NetworkInterfaces),
		instances: len(s.Instances), nacls: len(s.NetworkACLs), routeTables: len(s.RouteTables), roles: len(s.Roles),
		buckets: len(s.Buckets), flowLogs: len(s.FlowLogs),
	}
	for _, g := range s.SecurityGroups {
		c.sgRules += len(g.Ingress) + len(g.Egress)
	}
	for _, a := range s.NetworkACLs {
		c.naclEntries += len(a.Entries)
	}
	return c
}

// TestLargeCounts checks the large preset exactly. NACL entries are
// counted as generated, before Normalize appends the four "*" denies per
// NACL; after normalising there are 4*500 more. The default security
// groups, default NACLs and main route tables are generated explicitly and
// are part of the counts, so Normalize adds none of them.
func TestLargeCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("large preset in -short mode")
	}
	start := time.Now()
	s := Generate(preset(t, "large"))
	t.Logf("generated large in %v", time.Since(start))
	want := counts{
		vpcs: 50, subnets: 1000, groups: 10000, sgRules: 100000, enis: 20000, instances: 10000, nacls: 500,
		naclEntries: 10000, routeTables: 1000, roles: 5000, buckets: 2000, flowLogs: 25,
	}
	if got := tally(s); got != want {
		t.Fatalf("large preset counts\n got %+v\nwant %+v", got, want)
	}
	attached := 0
	for _, n := range s.NetworkInterfaces {
		if n.Attachment != nil && n.Attachment.InstanceID != "" {
			attached++
		}
	}
	if attached < 10000 {
		t.Errorf("only %d ENIs attached to instances, want at least one per instance", attached)
	}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	want.naclEntries += 4 * 500
	if got := tally(s); got != want {
		t.Fatalf("after Normalize\n got %+v\nwant %+v", got, want)
	}
	for i, e := range CheckReferences(s) {
		if i == 20 {
			t.Fatal("...")
		}
		t.Error(e)
	}
	t.Logf("generated, normalised and checked large in %v", time.Since(start))
}

// TestCheckReferencesFindsBreaks breaks one reference in each area the
// checker covers and expects each to be reported.
func TestCheckReferencesFindsBreaks(t *testing.T) {
	s, err := snapshot.Decode(encode(t, Generate(preset(t, "small"))), "small.json")
	if err != nil {
		t.Fatal(err)
	}
	s.NetworkInterfaces = append(s.NetworkInterfaces, s.NetworkInterfaces[1])
	s.Subnets[0].VPCID = "vpc-gone"
	s.SecurityGroups[0].VPCID = "vpc-gone"
	s.NetworkACLs[0].VPCID = "vpc-gone"
	s.RouteTables[0].VPCID = "vpc-gone"
	s.VPCEndpoints[0].VPCID = "vpc-gone"
	s.NetworkInterfaces[0].VPCID = "vpc-gone"
	s.Instances[0].InstanceProfileID = "profile-gone"
	s.Roles[0].InstanceProfileIDs = append(s.Roles[0].InstanceProfileIDs, "profile-gone")
	s.FlowLogs[0].DeliverLogsRoleARN = "arn:aws:iam::111122223333:role/gone"
	var got []string
	for _, e := range CheckReferences(s) {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"duplicate network interface " + s.NetworkInterfaces[1].ID,
		"subnet " + s.Subnets[0].ID + ": vpc vpc-gone does not exist",
		"security group " + s.SecurityGroups[0].ID + ": vpc vpc-gone does not exist",
		"network acl " + s.NetworkACLs[0].ID + ": vpc vpc-gone does not exist",
		"route table " + s.RouteTables[0].ID + ": vpc vpc-gone does not exist",
		"endpoint " + s.VPCEndpoints[0].ID + ": vpc vpc-gone does not exist",
		"eni " + s.NetworkInterfaces[0].ID + ": subnet",
		"instance " + s.Instances[0].ID + ": instance profile profile-gone does not exist",
		"role " + s.Roles[0].ID + ": instance profile profile-gone does not exist",
		"flow log " + s.FlowLogs[0].ID + ": delivery role",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
}
