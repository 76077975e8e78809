package reach

import (
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

// AtInterface evaluates what one interface itself decides about a packet
// it sends (egress) or receives: its security groups, unless reply is set
// (they track the connection and never re-check a response, aws-semantics
// §1.1), and its subnet's network ACL in that direction, unless the peer
// is inside the same subnet (§2.1: NACLs filter traffic entering and
// leaving a subnet). It is the question a flow-log record asks (§8.3): the
// record is written at that interface, so the other end's security groups
// and NACL, which already let the packet out or will see it later, are
// not part of it, and routes never produce a REJECT.
//
// t.Ports are the packet's destination ports (or ICMP type/code values).
// The blocks use Reach's codes; denied lists, in the order of the
// verdict's network-acl blocks, the entries that matched first and deny.
func (m *Model) AtInterface(e *ENI, peer Endpoint, egress, reply bool, t Traffic) (v Verdict, denied []snapshot.ACLEntry) {
	local := Endpoint{ENI: e, Name: e.ID}
	if len(e.Private) > 0 {
		local.Addr = e.Private[0]
	}
	src, dst := peer, local
	if egress {
		src, dst = local, peer
	}
	v = Verdict{Source: src.Name, Destination: dst.Name, Traffic: t.String(), Hops: []Hop{}, Blocks: []Block{}}
	if slices.Contains(neverFiltered, peer.Addr) {
		v.Notes = append(v.Notes, "security groups and network ACLs never filter traffic to Amazon DNS, instance metadata or Time Sync (aws-semantics §1.7)")
		v.Result = Allowed
		return v, nil
	}
	w := &walk{m: m, t: t, v: &v}
	leg := "forward"
	if reply {
		leg = "return"
		v.Notes = append(v.Notes, "a response: security groups are stateful and do not re-check it (aws-semantics §1.1)")
	}
	// In the order the packet meets them: the SG inside the subnet's NACL.
	sg := func() {
		if !reply {
			w.sgCheck(e, egress, peer.Addr, peer.ENI)
		}
	}
	if egress {
		sg()
	}
	if m.sameSubnet(e, peer) {
		w.hopAt("subnet", e.SubnetID, e.SubnetID, "same subnet: no network ACL")
	} else {
		w.aclCheck(e.SubnetID, egress, peer.Addr, t.Ports, leg)
		denied = m.deniedEntries(e.SubnetID, egress, peer.Addr, t)
	}
	if !egress {
		sg()
	}
	v.Result = v.outcome()
	return v, denied
}

// sameSubnet says whether the peer is inside e's subnet: an interface of
// that subnet, or an address within its CIDRs (an interface the snapshot
// does not list is still on the same side of the NACL).
func (m *Model) sameSubnet(e *ENI, peer Endpoint) bool {
	if peer.ENI != nil {
		return peer.ENI.SubnetID == e.SubnetID
	}
	sn := m.Subnets[e.SubnetID]
	if sn == nil {
		return false
	}
	return anyContains(prefixes(append([]string{sn.CIDRBlock}, sn.IPv6CIDRBlocks...)), peer.Addr)
}

// deniedEntries are the entries aclCheck reported as blocks, with their
// numbers, which a block carries only as text.
func (m *Model) deniedEntries(subnetID string, egress bool, peer netip.Addr, t Traffic) []snapshot.ACLEntry {
	sn := m.Subnets[subnetID]
	if sn == nil || m.ACLs[sn.NetworkACLID] == nil {
		return nil
	}
	allowed, denied, _ := aclAllowed(m.ACLs[sn.NetworkACLID], egress, peer, t.Number, t.Ports)
	if allowed.Equal(t.Ports) || t.Ports.Empty() {
		return nil
	}
	out := make([]snapshot.ACLEntry, len(denied))
	for i, d := range denied {
		out[i] = d.Entry
	}
	return out
}
