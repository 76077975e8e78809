package reach

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// protoMatches tells whether a rule for protocol number rule applies to
// traffic of protocol number t. Traffic "all" (-1) is only fully admitted
// by all-protocol rules.
func protoMatches(rule, t int) bool { return rule == -1 || rule == t }

// rulePorts is the set of ports or ICMP values a normalised rule covers.
func rulePorts(protocol string, from, to, icmpType, icmpCode int) PortSet {
	switch protocol {
	case "tcp", "udp":
		return Range(from, to)
	case "icmp", "icmpv6":
		return ICMPSet(icmpType, icmpCode)
	default:
		return AllPorts()
	}
}

func cidrOf(v4, v6 string, a netip.Addr) (netip.Prefix, bool) {
	c := v6
	if a.Is4() {
		c = v4
	}
	p, err := netip.ParsePrefix(c)
	return p, err == nil
}

// peerMatch says whether an SG rule's target covers the peer, and why not
// when it cannot be known.
func (m *Model) peerMatch(r *snapshot.SGRule, peer netip.Addr, peerENI *ENI, localVPC string) (bool, string) {
	if why := m.unresolved(r); why != "" {
		return false, why
	}
	switch {
	case r.CIDRIPv4 != "" || r.CIDRIPv6 != "":
		p, ok := cidrOf(r.CIDRIPv4, r.CIDRIPv6, peer)
		return ok && p.Contains(peer), ""
	case r.PrefixListID != "":
		for _, e := range m.Lists[r.PrefixListID].Entries {
			if p, err := netip.ParsePrefix(e.CIDR); err == nil && p.Contains(peer) {
				return true, ""
			}
		}
		return false, ""
	case r.ReferencedGroup != nil:
		// aws-semantics §1.3: a group reference admits the private
		// addresses of the group's members; never a public IP.
		g := r.ReferencedGroup.GroupID
		if peerENI == nil || !slices.Contains(m.Members[g], peerENI) || slices.Contains(peerENI.Public, peer) {
			return false, ""
		}
		return m.referenceReaches(localVPC, peerENI.VPCID), ""
	}
	return false, ""
}

// unresolved says why a rule's target cannot be known for any peer (an
// unknown CIDR, prefix list or group, or one missing from the snapshot),
// or "".
func (m *Model) unresolved(r *snapshot.SGRule) string {
	for _, f := range r.Unknown {
		if strings.HasPrefix(f, "cidr") || f == "prefix_list_id" || f == "referenced_group" {
			return fmt.Sprintf("rule %s has an unknown %s", r.RuleID, f)
		}
	}
	switch {
	case r.CIDRIPv4 != "" || r.CIDRIPv6 != "":
	case r.PrefixListID != "" && m.Lists[r.PrefixListID] == nil:
		return fmt.Sprintf("rule %s references prefix list %s, which is not in the snapshot", r.RuleID, r.PrefixListID)
	case r.ReferencedGroup != nil && m.Groups[r.ReferencedGroup.GroupID] == nil:
		return fmt.Sprintf("rule %s references security group %s, which is not in the snapshot (deleted, or in an account that was not read)", r.RuleID, r.ReferencedGroup.GroupID)
	}
	return ""
}

// referenceReaches says whether a group reference in a VPC can match
// members in another (aws-semantics §1.3): the same VPC, or a same-Region
// VPC over an active peering.
func (m *Model) referenceReaches(localVPC, peerVPC string) bool {
	if peerVPC == localVPC {
		return true
	}
	pc := m.activePeering(localVPC, peerVPC)
	return pc != nil && m.sameRegion(pc)
}

// sgAllowed is what the union of an ENI's security groups admits in one
// direction for the peer: the allowed values, the rules that allow them,
// and anything that could not be decided.
func (m *Model) sgAllowed(e *ENI, egress bool, peer netip.Addr, peerENI *ENI, t Traffic) (PortSet, []string, []string) {
	var allowed PortSet
	var rules, unknown []string
	for _, gid := range e.Groups {
		sg := m.Groups[gid]
		if sg == nil {
			unknown = append(unknown, fmt.Sprintf("security group %s is not in the snapshot", gid))
			continue
		}
		list := sg.Ingress
		if egress {
			list = sg.Egress
		}
		for i := range list {
			r := &list[i]
			if !protoMatches(r.ProtocolNumber, t.Number) {
				continue
			}
			ok, why := m.peerMatch(r, peer, peerENI, e.VPCID)
			if why != "" {
				unknown = append(unknown, why)
				continue
			}
			if ok {
				ps := rulePorts(r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode).Intersect(t.Ports)
				if !ps.Empty() {
					allowed = allowed.Union(ps)
					rules = append(rules, sg.ID+" "+r.RuleID)
				}
			}
		}
	}
	return allowed, rules, unknown
}

// aclDecision is one entry deciding some of the requested values.
type aclDecision struct {
	Entry snapshot.ACLEntry
	Ports PortSet
}

// aclAllowed evaluates one direction of a NACL for the peer, first match
// wins per value (aws-semantics §2.1). It returns what is allowed, the
// entries that deny the rest, and whether an entry with an unknown CIDR
// came first for some values.
func aclAllowed(acl *snapshot.NetworkACL, egress bool, peer netip.Addr, number int, want PortSet) (PortSet, []aclDecision, bool) {
	remaining := want
	var allowed PortSet
	var denied []aclDecision
	unknown := false
	for _, e := range acl.Entries {
		if e.Egress != egress || remaining.Empty() {
			continue
		}
		p, ok := cidrOf(e.CIDRIPv4, e.CIDRIPv6, peer)
		if !ok {
			if len(e.Unknown) > 0 {
				unknown = true
			}
			continue
		}
		if !p.Contains(peer) || !protoMatches(e.ProtocolNumber, number) {
			continue
		}
		ps := rulePorts(e.Protocol, e.FromPort, e.ToPort, e.ICMPType, e.ICMPCode).Intersect(remaining)
		if ps.Empty() {
			continue
		}
		if e.Action == "allow" {
			allowed = allowed.Union(ps)
		} else {
			denied = append(denied, aclDecision{Entry: e, Ports: ps})
		}
		remaining = remaining.Subtract(ps)
	}
	return allowed, denied, unknown
}

// routeFor finds the route a table uses for dst: longest prefix first
// (aws-semantics §3.2), then static over propagated, then a CIDR route over
// a prefix-list route.
func (m *Model) routeFor(rt *snapshot.RouteTable, dst netip.Addr) *snapshot.Route {
	var best *snapshot.Route
	bestBits, bestRank := -1, -1
	for i := range rt.Routes {
		r := &rt.Routes[i]
		bits := -1
		rank := 2
		switch {
		case r.DestinationCIDR != "" || r.DestinationIPv6CIDR != "":
			if p, ok := cidrOf(r.DestinationCIDR, r.DestinationIPv6CIDR, dst); ok && p.Contains(dst) {
				bits = p.Bits()
			}
		case r.DestinationPrefixListID != "":
			rank = 1
			if pl := m.Lists[r.DestinationPrefixListID]; pl != nil {
				for _, e := range pl.Entries {
					if p, err := netip.ParsePrefix(e.CIDR); err == nil && p.Contains(dst) && p.Bits() > bits {
						bits = p.Bits()
					}
				}
			}
		}
		if r.Origin == "EnableVgwRoutePropagation" {
			rank = 0
		}
		if bits > bestBits || (bits == bestBits && bits >= 0 && rank > bestRank) {
			best, bestBits, bestRank = r, bits, rank
		}
	}
	return best
}

func routeText(r *snapshot.Route) string {
	dst := r.DestinationCIDR + r.DestinationIPv6CIDR + r.DestinationPrefixListID
	return fmt.Sprintf("%s -> %s %s (%s)", dst, r.TargetType, r.TargetID, r.State)
}

func entryText(e snapshot.ACLEntry) string {
	ports := ""
	switch e.Protocol {
	case "tcp", "udp":
		ports = fmt.Sprintf(" %d-%d", e.FromPort, e.ToPort)
	case "icmp", "icmpv6":
		ports = fmt.Sprintf(" type %d code %d", e.ICMPType, e.ICMPCode)
	}
	dir := "inbound"
	if e.Egress {
		dir = "outbound"
	}
	n := strconv.Itoa(e.RuleNumber)
	if e.RuleNumber >= 32767 {
		n = "*"
	}
	return fmt.Sprintf("%s rule %s %s %s%s %s", dir, n, e.Action, e.Protocol, ports, e.CIDRIPv4+e.CIDRIPv6)
}
