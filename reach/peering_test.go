package reach

import (
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// peeringModel is three VPCs: a hub (10.0.0.0/16) peered with b and c.
// b's secondary CIDR 10.2.0.0/16 is c's primary; the peerings record the
// primary CIDRs only, as a peering created before the secondary does.
func peeringModel(t *testing.T, hubB, hubC string) *Model {
	t.Helper()
	s := &snapshot.Snapshot{
		Schema: snapshot.SchemaV1,
		VPCs: []snapshot.VPC{
			{ID: "vpc-hub", CIDRBlocks: []string{"10.0.0.0/16"}},
			{ID: "vpc-b", CIDRBlocks: []string{"10.1.0.0/16", "10.2.0.0/16"}},
			{ID: "vpc-c", CIDRBlocks: []string{"10.2.0.0/16"}},
		},
		PeeringConnections: []snapshot.PeeringConnection{
			{ID: "pcx-b", Status: hubB, Requester: snapshot.PeeringSide{VPCID: "vpc-hub", CIDRBlocks: []string{"10.0.0.0/16"}}, Accepter: snapshot.PeeringSide{VPCID: "vpc-b", CIDRBlocks: []string{"10.1.0.0/16"}}},
			{ID: "pcx-c", Status: hubC, Requester: snapshot.PeeringSide{VPCID: "vpc-hub"}, Accepter: snapshot.PeeringSide{VPCID: "vpc-c"}},
		},
	}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	return NewModel(s)
}

// aws-semantics §4: the overlap of secondary CIDRs counts, and a peering
// still to be accepted will route as soon as it is.
func TestOverlappingPeersSecondaryAndPending(t *testing.T) {
	m := peeringModel(t, "active", "pending-acceptance")
	got := m.OverlappingPeers()["vpc-hub"]
	if len(got) != 1 || got[0] != "10.2.0.0/16 (vpc-b) overlaps 10.2.0.0/16 (vpc-c)" {
		t.Fatalf("want b's secondary CIDR to overlap c: %v", m.OverlappingPeers())
	}
	if len(m.OverlappingPeers()) != 1 {
		t.Fatalf("only the hub is peered with both: %v", m.OverlappingPeers())
	}
}

// A peering that can never become active routes nothing.
func TestOverlappingPeersSkipsDeadPeerings(t *testing.T) {
	for _, st := range []string{"failed", "rejected", "expired", "deleted"} {
		if got := peeringModel(t, "active", st).OverlappingPeers(); len(got) != 0 {
			t.Errorf("%s: want no overlap through a dead peering, got %v", st, got)
		}
	}
}

// The direct overlap of a peering's two VPCs is checked whatever the
// state (AWS fails such a request), with the VPCs' own CIDRs.
func TestPeeringProblemsOverlapAnyState(t *testing.T) {
	for _, st := range []string{"active", "pending-acceptance", "failed"} {
		m := peeringModel(t, st, "active")
		m.VPCs["vpc-b"].CIDRBlocks = append(m.VPCs["vpc-b"].CIDRBlocks, "10.0.128.0/17")
		var ov []PeeringProblem
		for _, p := range m.PeeringProblems() {
			if p.Kind == "overlapping_cidrs" {
				ov = append(ov, p)
			}
		}
		if len(ov) != 1 || ov[0].Peering != "pcx-b" || ov[0].Detail != "10.0.0.0/16 (vpc-hub) overlaps 10.0.128.0/17 (vpc-b)" {
			t.Errorf("%s: want pcx-b's overlap through b's secondary CIDR: %+v", st, ov)
		}
	}
	m := peeringModel(t, "active", "active")
	for _, p := range m.PeeringProblems() {
		if p.Kind == "overlapping_cidrs" {
			t.Errorf("no peering connects overlapping VPCs: %+v", p)
		}
	}
	if !strings.Contains(m.overlap(m.S.PeeringConnections[0].Accepter, m.S.PeeringConnections[1].Accepter), "10.2.0.0/16 (vpc-b)") {
		t.Error("overlap reads the VPC's CIDRs, not only the peering's")
	}
}
