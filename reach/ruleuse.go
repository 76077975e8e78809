package reach

import (
	"net/netip"

	"github.com/vpclint/vpclint/snapshot"
)

// RuleAdmits says whether one rule of e's security groups (an inbound rule
// when egress is false) admits traffic t with the peer at addr: the same
// test sgAllowed applies to every rule, for callers that need to know
// which rules an observed flow used. why is non-empty when the rule's
// target cannot be known (an unknown CIDR, a missing prefix list or group):
// then the answer is neither yes nor no.
func (m *Model) RuleAdmits(e *ENI, r *snapshot.SGRule, peer netip.Addr, t Traffic) (ok bool, why string) {
	if !protoMatches(r.ProtocolNumber, t.Number) {
		return false, ""
	}
	ok, why = m.peerMatch(r, peer, m.byAddr[peer], e.VPCID)
	if !ok || why != "" {
		return false, why
	}
	return !rulePorts(r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode).Intersect(t.Ports).Empty(), ""
}
