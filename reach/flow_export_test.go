package reach

// Exports for the flow-log differential test (flow_test.go, package
// reach_test: it imports flowlogs, which imports reach). They expose the
// random topologies of differential_test.go and the oracle's steps, never
// reach's own evaluation.

import (
	"math/rand/v2"
	"net/netip"

	"github.com/vpclint/vpclint/snapshot"
)

// FlowTopology is one generated topology, normalised.
type FlowTopology struct {
	Snapshot *snapshot.Snapshot
	// ENIs are the interfaces with their private addresses.
	ENIs []FlowENI
	R    *rand.Rand
	o    *oracle
}

// FlowENI is a generated interface.
type FlowENI struct {
	ID, Subnet string
	IPs        []netip.Addr
}

// NewFlowTopology builds the topology of one seed.
func NewFlowTopology(seed uint64) (*FlowTopology, error) {
	g := newGenerator(seed)
	s := g.build()
	if err := s.Normalize(); err != nil {
		return nil, err
	}
	t := &FlowTopology{Snapshot: s, R: g.r, o: newOracle(s)}
	for _, e := range g.enis {
		t.ENIs = append(t.ENIs, FlowENI{ID: e.id, Subnet: e.subnet.id, IPs: e.ips})
	}
	return t, nil
}

// OracleRecord is what AWS would record at one interface for one packet,
// as the oracle decides it.
type OracleRecord struct {
	ENI      string
	Egress   bool
	Reply    bool
	Accepted bool
	// Step is the oracle's reason for a REJECT.
	Step string
}

// OracleFlow walks one request (an echo request for ICMP) and its reply
// through the oracle's steps in the order the packets meet them and
// returns the records AWS would write: one per interface and direction
// the packet reaches, ending at the first REJECT. A route that drops the
// packet writes nothing further (routes never REJECT). unsupported is set
// when the oracle cannot decide; allowed is the oracle's whole verdict.
func (t *FlowTopology) OracleFlow(src, dst netip.Addr, proto, sport, dport int) (recs []OracleRecord, allowed, unsupported bool) {
	o := t.o
	p := oraclePacket{Src: src, Dst: dst, Proto: proto, SrcPort: sport, DstPort: dport}
	if proto == protoICMP {
		p.SrcPort, p.DstPort, p.ICMPType, p.ICMPCode = 0, 0, 8, 0
	}
	whole := o.decide(p)
	if whole.Unsupported {
		return nil, false, true
	}
	s, d := o.eniWithPrivateIP(src), o.eniWithPrivateIP(dst)
	same := s.SubnetID == d.SubnetID
	pass := oracleVerdict{Allowed: true}
	// at decides one position: the NACL (unless within the subnet) and
	// the SG (requests only) in the order the packet meets them.
	at := func(eni *snapshot.NetworkInterface, egress bool, pk oraclePacket, peer netip.Addr, leg string, sg bool) oracleVerdict {
		steps := []func() oracleVerdict{}
		nacl := func() oracleVerdict {
			if same {
				return pass
			}
			return o.naclAllows(eni.SubnetID, egress, pk, peer, leg)
		}
		sgv := func() oracleVerdict {
			if !sg {
				return pass
			}
			return o.sgAllows(eni, egress, pk, peer)
		}
		if egress {
			steps = append(steps, sgv, nacl)
		} else {
			steps = append(steps, nacl, sgv)
		}
		for _, step := range steps {
			if v := step(); !v.Allowed {
				return v
			}
		}
		return pass
	}
	route := func(from string, to netip.Addr, vpc, leg string) bool {
		return same || o.routeDelivers(from, to, vpc, leg).Allowed
	}
	add := func(eni *snapshot.NetworkInterface, egress, reply bool, v oracleVerdict) bool {
		recs = append(recs, OracleRecord{ENI: eni.ID, Egress: egress, Reply: reply, Accepted: v.Allowed, Step: v.Step})
		return v.Allowed
	}
	if !add(s, true, false, at(s, true, p, dst, "forward", true)) || !route(s.SubnetID, dst, d.VPCID, "forward route") {
		return recs, whole.Allowed, false
	}
	if !add(d, false, false, at(d, false, p, src, "forward", true)) {
		return recs, whole.Allowed, false
	}
	r, ok := p.reply()
	if !ok || !add(d, true, true, at(d, true, r, r.Dst, "return", false)) || !route(d.SubnetID, r.Dst, s.VPCID, "return route") {
		return recs, whole.Allowed, false
	}
	add(s, false, true, at(s, false, r, r.Src, "return", false))
	return recs, whole.Allowed, false
}
