package reach

import (
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// onewayPeeringSnapshot: vpc-a (10.1.0.0/16) and vpc-b (10.2.0.0/16) with
// an active peering and a route on vpc-a's side only. Security groups and
// NACLs allow everything (the default NACL, allow-all rules), so only
// routing decides.
func onewayPeeringSnapshot(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	allowAll := []snapshot.SGRule{{Protocol: "-1", CIDRIPv4: "0.0.0.0/0"}}
	s := &snapshot.Snapshot{
		Schema: snapshot.SchemaV1,
		VPCs: []snapshot.VPC{
			{ID: "vpc-a", CIDRBlocks: []string{"10.1.0.0/16"}, Meta: snapshot.Meta{Region: "us-east-1"}},
			{ID: "vpc-b", CIDRBlocks: []string{"10.2.0.0/16"}, Meta: snapshot.Meta{Region: "us-east-1"}},
		},
		Subnets: []snapshot.Subnet{
			{ID: "subnet-a", VPCID: "vpc-a", CIDRBlock: "10.1.1.0/24"},
			{ID: "subnet-b", VPCID: "vpc-b", CIDRBlock: "10.2.1.0/24"},
		},
		SecurityGroups: []snapshot.SecurityGroup{
			{ID: "sg-a", Name: "a", VPCID: "vpc-a", Ingress: allowAll, Egress: allowAll},
			{ID: "sg-b", Name: "b", VPCID: "vpc-b", Ingress: allowAll, Egress: allowAll},
		},
		PeeringConnections: []snapshot.PeeringConnection{{
			ID: "pcx-ab", Status: "active",
			Requester: snapshot.PeeringSide{VPCID: "vpc-a", Region: "us-east-1", CIDRBlocks: []string{"10.1.0.0/16"}},
			Accepter:  snapshot.PeeringSide{VPCID: "vpc-b", Region: "us-east-1", CIDRBlocks: []string{"10.2.0.0/16"}},
		}},
		RouteTables: []snapshot.RouteTable{
			{ID: "rtb-a", VPCID: "vpc-a", Main: true, Routes: []snapshot.Route{
				{DestinationCIDR: "10.2.0.0/16", TargetType: "vpc_peering_connection", TargetID: "pcx-ab", State: "active"},
			}},
			// vpc-b has no route back to vpc-a.
		},
		NetworkInterfaces: []snapshot.NetworkInterface{
			{ID: "eni-a", SubnetID: "subnet-a", PrivateIPs: []string{"10.1.1.10"}, SecurityGroupIDs: []string{"sg-a"}},
			{ID: "eni-b", SubnetID: "subnet-b", PrivateIPs: []string{"10.2.1.10"}, SecurityGroupIDs: []string{"sg-b"}},
		},
	}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	return s
}

// Regressions found by TestDifferential. Each row names the seed that
// found it and the aws-semantics section that decides it.
func TestDifferentialRegressions(t *testing.T) {
	cases := []struct {
		name     string
		snapshot func(*testing.T) *snapshot.Snapshot
		from, to string
		traffic  string
		want     Result
	}{
		// Seeds 236, 272, 274, 469, 923 (and many more). An ICMP message
		// other than an echo request has no reply (reach's own replyPorts
		// says so, and skips the return NACLs), so nothing travels back
		// and the destination subnet's route back to the source plays no
		// part: aws-semantics §0 row R applies the return path to the
		// reverse 5-tuple of a reply, and §4 "No uRPF" says a peering does
		// not check the source against the reverse route. AWS delivers a
		// one-way "fragmentation needed" (type 3 code 4) over a peering
		// routed on the sender's side only; reach blocks it with
		// NO_ROUTE_TO_DESTINATION on the return leg.
		{"icmp 3/4 needs no route back", onewayPeeringSnapshot, "eni-a", "eni-b", "icmp/3/4", Allowed},
		// Controls: flows with a reply do need the route back (§4 "Routes
		// both sides"), so these stay blocked.
		{"echo request needs the route back", onewayPeeringSnapshot, "eni-a", "eni-b", "icmp", Blocked},
		{"tcp needs the route back", onewayPeeringSnapshot, "eni-a", "eni-b", "tcp/443", Blocked},
		{"no forward route", onewayPeeringSnapshot, "eni-b", "eni-a", "icmp/3/4", Blocked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.snapshot(t)
			o := newOracle(s)
			m := NewModel(s)
			q := diffQuestion{srcName: c.from, dstName: c.to, traffic: c.traffic}
			src, err := m.Resolve(c.from)
			if err != nil {
				t.Fatal(err)
			}
			dst, err := m.Resolve(c.to)
			if err != nil {
				t.Fatal(err)
			}
			q.srcAddr, q.dstAddr = src.Addr, dst.Addr
			if want, _ := oracleAnswer(o, s, q, false); want.Allowed != (c.want == Allowed) {
				t.Fatalf("the oracle says %s, the case expects %s", want, c.want)
			}
			got, err := askReach(m, q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Result != c.want {
				t.Errorf("reach says %s, want %s (aws-semantics §0 row R, §4); blocks: %+v", got.Result, c.want, got.Blocks)
			}
		})
	}
}
