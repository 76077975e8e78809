package facts

import (
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// The peering lab admits SSH from 10.0.0.0/8 on both sides: that covers
// each peer VPC whole, while one peer subnet holds the only interface.
func TestPeerWideIngress(t *testing.T) {
	s, err := snapshot.Load("../examples/peering-endpoints-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	f := Compute(s, Options{}, nil)
	// Each side: ICMP from the peer's /16 and SSH from 10.0.0.0/8 (SG009
	// keeps the ports; the fact keeps every rule).
	if len(f.PeerWideIngress) != 4 {
		t.Fatalf("want two rules per side, got %+v", f.PeerWideIngress)
	}
	for _, w := range f.PeerWideIngress {
		if w.Rule.Protocol == "tcp" && w.Rule.CIDRIPv4 != "10.0.0.0/8" || len(w.Used) != 1 || w.Used[0].Interfaces != 1 || w.PeerCIDR == "" {
			t.Errorf("want the /8 and one used peer subnet: %+v", w)
		}
	}
	// A failed peering carries nothing: no finding across it.
	s.PeeringConnections[0].Status = "failed"
	if got := peerWideIngress(reach.NewModel(s), f.PublicCIDRs); len(got) != 0 {
		t.Errorf("a failed peering: %+v", got)
	}
}
