package facts

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// PeerWideRule is an inbound SG rule whose source covers the whole of a
// peered VPC's CIDR block, with the peer subnets that hold interfaces:
// the narrower sources that would do (SG009).
type PeerWideRule struct {
	GroupID string `json:"group_id"`
	// Rule is the rule as in input.security_groups[group_id].ingress.
	Rule    snapshot.SGRule `json:"rule"`
	Peering string          `json:"peering"`
	PeerVPC string          `json:"peer_vpc"`
	// PeerCIDR is the peer VPC's block the rule's source covers.
	PeerCIDR string `json:"peer_cidr"`
	// Used are the peer VPC's subnets in that block with interfaces, sorted.
	Used []PeerSubnet `json:"used"`
}

// PeerSubnet is a peer subnet and how many interfaces it holds.
type PeerSubnet struct {
	ID         string `json:"id"`
	CIDR       string `json:"cidr"`
	Interfaces int    `json:"interfaces"`
}

// peerWideIngress finds inbound rules admitting a whole peer VPC block,
// across every peering that is or may become active, when the peer VPC
// is in the snapshot (otherwise nothing shows which part needs access).
// Rules open to internet addresses are the exposure rules' business.
func peerWideIngress(m *reach.Model, public map[string]bool) []PeerWideRule {
	peers := map[string][][2]string{} // vpc -> (peering, peer vpc)
	for _, pc := range m.S.PeeringConnections {
		if reach.DeadPeering(pc.Status) {
			continue
		}
		peers[pc.Requester.VPCID] = append(peers[pc.Requester.VPCID], [2]string{pc.ID, pc.Accepter.VPCID})
		peers[pc.Accepter.VPCID] = append(peers[pc.Accepter.VPCID], [2]string{pc.ID, pc.Requester.VPCID})
	}
	out := []PeerWideRule{}
	for _, sg := range m.S.SecurityGroups {
		for _, r := range sg.Ingress {
			c := r.CIDRIPv4
			if c == "" {
				c = r.CIDRIPv6
			}
			src, err := netip.ParsePrefix(c)
			if err != nil || public[c] {
				continue
			}
			for _, p := range peers[sg.VPCID] {
				v := m.VPCs[p[1]]
				if v == nil || p[1] == sg.VPCID {
					continue
				}
				for _, block := range prefixesOf(slices.Concat(v.CIDRBlocks, v.IPv6CIDRBlocks)) {
					if src.Bits() <= block.Bits() && src.Contains(block.Addr()) {
						out = append(out, PeerWideRule{GroupID: sg.ID, Rule: r, Peering: p[0], PeerVPC: v.ID, PeerCIDR: block.String(), Used: usedSubnets(m, v.ID, block)})
					}
				}
			}
		}
	}
	return out
}

// usedSubnets are a VPC's subnets within block that hold interfaces.
func usedSubnets(m *reach.Model, vpc string, block netip.Prefix) []PeerSubnet {
	count := map[string]int{}
	for _, e := range m.ENIs {
		if e.VPCID == vpc {
			count[e.SubnetID]++
		}
	}
	out := []PeerSubnet{}
	for _, sn := range m.S.Subnets {
		if sn.VPCID != vpc || count[sn.ID] == 0 {
			continue
		}
		for _, p := range prefixesOf(append([]string{sn.CIDRBlock}, sn.IPv6CIDRBlocks...)) {
			if block.Overlaps(p) {
				out = append(out, PeerSubnet{ID: sn.ID, CIDR: p.String(), Interfaces: count[sn.ID]})
			}
		}
	}
	slices.SortFunc(out, func(a, b PeerSubnet) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func prefixesOf(cidrs []string) []netip.Prefix {
	var out []netip.Prefix
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}
