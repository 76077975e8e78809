package reach

// The oracle is a slow, deliberately naive evaluator used only by the
// differential test (issue 3 item 8). It decides one concrete packet at a
// time by walking aws-semantics §0 step by step. It is written from the
// semantics document, not from this package: it uses only snapshot types
// and net/netip, never Model, PortSet, AddrSet or any evaluation function
// of reach, so a bug in reach cannot hide in a shared helper.
//
// Scope: ENI-to-ENI IPv4 traffic inside one VPC and across VPC peerings
// (what reach's eniToENI answers). Routes are matched on IPv4 CIDR
// destinations only; the targets that can lead to another interface are
// local and vpc_peering_connection. Anything the oracle does not model
// (prefix lists, other targets used as a path) is reported as
// unsupported so the test fails loudly instead of guessing.

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

// Protocol numbers (IANA) the oracle reasons about.
const (
	protoICMP = 1
	protoTCP  = 6
	protoUDP  = 17
)

// oraclePacket is one concrete IPv4 packet.
type oraclePacket struct {
	Src, Dst         netip.Addr
	Proto            int
	SrcPort, DstPort int // tcp and udp
	ICMPType         int // icmp
	ICMPCode         int // icmp
}

func (p oraclePacket) String() string {
	switch p.Proto {
	case protoTCP, protoUDP:
		return fmt.Sprintf("proto %d %s:%d -> %s:%d", p.Proto, p.Src, p.SrcPort, p.Dst, p.DstPort)
	case protoICMP:
		return fmt.Sprintf("icmp type %d code %d %s -> %s", p.ICMPType, p.ICMPCode, p.Src, p.Dst)
	}
	return fmt.Sprintf("proto %d %s -> %s", p.Proto, p.Src, p.Dst)
}

// reply is the packet the destination sends back, if the flow has one
// (aws-semantics §0 row R, §2.4): ports swapped for tcp/udp, so the reply
// goes to the client's source port; an echo reply (type 0 code 0) for an
// echo request (type 8); nothing for other ICMP messages.
func (p oraclePacket) reply() (oraclePacket, bool) {
	r := oraclePacket{Src: p.Dst, Dst: p.Src, Proto: p.Proto}
	switch p.Proto {
	case protoTCP, protoUDP:
		r.SrcPort, r.DstPort = p.DstPort, p.SrcPort
		return r, true
	case protoICMP:
		if p.ICMPType == 8 {
			r.ICMPType, r.ICMPCode = 0, 0
			return r, true
		}
	}
	return oraclePacket{}, false
}

// oracleVerdict is the oracle's answer: allowed, or the first step that
// drops the packet. Unsupported is set when the snapshot uses something
// the oracle does not model.
type oracleVerdict struct {
	Allowed     bool
	Step        string
	Unsupported bool
}

func (v oracleVerdict) String() string {
	if v.Allowed {
		return "allowed"
	}
	if v.Unsupported {
		return "unsupported: " + v.Step
	}
	return "blocked at " + v.Step
}

type oracle struct {
	s *snapshot.Snapshot
}

func newOracle(s *snapshot.Snapshot) *oracle { return &oracle{s: s} }

// Linear lookups: slow on purpose, obviously correct.

func (o *oracle) vpc(id string) *snapshot.VPC {
	for i := range o.s.VPCs {
		if o.s.VPCs[i].ID == id {
			return &o.s.VPCs[i]
		}
	}
	return nil
}

func (o *oracle) subnet(id string) *snapshot.Subnet {
	for i := range o.s.Subnets {
		if o.s.Subnets[i].ID == id {
			return &o.s.Subnets[i]
		}
	}
	return nil
}

func (o *oracle) group(id string) *snapshot.SecurityGroup {
	for i := range o.s.SecurityGroups {
		if o.s.SecurityGroups[i].ID == id {
			return &o.s.SecurityGroups[i]
		}
	}
	return nil
}

func (o *oracle) peering(id string) *snapshot.PeeringConnection {
	for i := range o.s.PeeringConnections {
		if o.s.PeeringConnections[i].ID == id {
			return &o.s.PeeringConnections[i]
		}
	}
	return nil
}

// eniWithPrivateIP is the interface that owns a as one of its private
// IPv4 addresses (never a public one: aws-semantics §1.3).
func (o *oracle) eniWithPrivateIP(a netip.Addr) *snapshot.NetworkInterface {
	for i := range o.s.NetworkInterfaces {
		n := &o.s.NetworkInterfaces[i]
		for _, ip := range n.PrivateIPs {
			if x, err := netip.ParseAddr(ip); err == nil && x == a {
				return n
			}
		}
	}
	return nil
}

// vpcOwns says whether a is inside one of the VPC's IPv4 CIDR blocks.
func (o *oracle) vpcOwns(vpcID string, a netip.Addr) bool {
	v := o.vpc(vpcID)
	if v == nil {
		return false
	}
	for _, c := range v.CIDRBlocks {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(a) {
			return true
		}
	}
	return false
}

func cidrHas(cidr string, a netip.Addr) bool {
	if cidr == "" {
		return false
	}
	p, err := netip.ParsePrefix(cidr)
	return err == nil && p.Contains(a)
}

// decide walks one packet through aws-semantics §0, steps 1-7 and R.
func (o *oracle) decide(p oraclePacket) oracleVerdict {
	src, dst := o.eniWithPrivateIP(p.Src), o.eniWithPrivateIP(p.Dst)
	if src == nil || dst == nil {
		return oracleVerdict{Step: "an endpoint is not an interface's private address", Unsupported: true}
	}
	// Step 1: source ENI SG egress, union of its groups (§1.1).
	if v := o.sgAllows(src, true, p, p.Dst); !v.Allowed {
		return v
	}
	sameSubnet := src.SubnetID == dst.SubnetID
	if !sameSubnet {
		// Step 3: source subnet route table, longest prefix match (§3.2),
		// then the target must deliver to the destination's VPC (§3.4, §4).
		if v := o.routeDelivers(src.SubnetID, p.Dst, dst.VPCID, "forward route"); !v.Allowed {
			return v
		}
		// Step 4: source subnet NACL egress, matched on the destination.
		if v := o.naclAllows(src.SubnetID, true, p, p.Dst, "forward"); !v.Allowed {
			return v
		}
		// Step 6: destination subnet NACL ingress, matched on the source.
		if v := o.naclAllows(dst.SubnetID, false, p, p.Src, "forward"); !v.Allowed {
			return v
		}
	}
	// Step 7: destination ENI SG ingress.
	if v := o.sgAllows(dst, false, p, p.Src); !v.Allowed {
		return v
	}
	// Row R: the return path. SGs are stateful and not re-evaluated;
	// within one subnet nothing else applies (§3.1 L2 exemption). Across
	// subnets the reply needs a route back and both NACLs, statelessly.
	r, hasReply := p.reply()
	if sameSubnet || !hasReply {
		return oracleVerdict{Allowed: true}
	}
	if v := o.routeDelivers(dst.SubnetID, r.Dst, src.VPCID, "return route"); !v.Allowed {
		return v
	}
	if v := o.naclAllows(dst.SubnetID, true, r, r.Dst, "return"); !v.Allowed {
		return v
	}
	if v := o.naclAllows(src.SubnetID, false, r, r.Src, "return"); !v.Allowed {
		return v
	}
	return oracleVerdict{Allowed: true}
}

// sgAllows is the union of all groups on the ENI in one direction
// (§1.1: allow-only, no order). peer is the other end's address.
func (o *oracle) sgAllows(eni *snapshot.NetworkInterface, egress bool, p oraclePacket, peer netip.Addr) oracleVerdict {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	for _, gid := range eni.SecurityGroupIDs {
		g := o.group(gid)
		if g == nil {
			return oracleVerdict{Step: "security group " + gid + " missing", Unsupported: true}
		}
		rules := g.Ingress
		if egress {
			rules = g.Egress
		}
		for i := range rules {
			r := &rules[i]
			if !sgRuleCoversPacket(r, p) {
				continue
			}
			ok, unsupported := o.sgTargetCovers(r, peer, eni.VPCID)
			if unsupported != "" {
				return oracleVerdict{Step: unsupported, Unsupported: true}
			}
			if ok {
				return oracleVerdict{Allowed: true}
			}
		}
	}
	return oracleVerdict{Step: fmt.Sprintf("SG %s of %s", dir, eni.ID)}
}

// sgRuleCoversPacket checks protocol and ports (§1.2): tcp/udp use the
// destination port range, icmp the (type, code) pair with -1 as "all";
// "all" and any other protocol number cover every port.
func sgRuleCoversPacket(r *snapshot.SGRule, p oraclePacket) bool {
	if r.ProtocolNumber != -1 && r.ProtocolNumber != p.Proto {
		return false
	}
	switch r.ProtocolNumber {
	case protoTCP, protoUDP:
		return r.FromPort <= p.DstPort && p.DstPort <= r.ToPort
	case protoICMP:
		return (r.ICMPType == -1 || r.ICMPType == p.ICMPType) && (r.ICMPCode == -1 || r.ICMPCode == p.ICMPCode)
	}
	return true
}

// sgTargetCovers says whether the rule's target includes peer, seen from
// an ENI in localVPC (§1.3).
func (o *oracle) sgTargetCovers(r *snapshot.SGRule, peer netip.Addr, localVPC string) (bool, string) {
	switch {
	case r.CIDRIPv4 != "":
		return cidrHas(r.CIDRIPv4, peer), ""
	case r.CIDRIPv6 != "":
		return false, "" // an IPv6 rule never covers an IPv4 packet
	case r.ReferencedGroup != nil:
		gid := r.ReferencedGroup.GroupID
		if o.group(gid) == nil {
			return false, "reference to a missing group " + gid
		}
		member := o.eniWithPrivateIP(peer)
		if member == nil || !slices.Contains(member.SecurityGroupIDs, gid) {
			return false, ""
		}
		if member.VPCID == localVPC {
			return true, ""
		}
		return o.sameRegionActivePeering(localVPC, member.VPCID), ""
	case r.PrefixListID != "":
		for _, pl := range o.s.PrefixLists {
			if pl.ID != r.PrefixListID {
				continue
			}
			for _, e := range pl.Entries {
				if cidrHas(e.CIDR, peer) {
					return true, ""
				}
			}
			return false, ""
		}
		return false, "reference to a missing prefix list " + r.PrefixListID
	}
	return false, "SG rule target not modelled by the oracle"
}

// sameRegionActivePeering: a group reference works across a peering only
// when it is active and both VPCs are in the same Region (§1.3, §4).
func (o *oracle) sameRegionActivePeering(a, b string) bool {
	va, vb := o.vpc(a), o.vpc(b)
	if va == nil || vb == nil || va.Region != vb.Region {
		return false
	}
	for _, pc := range o.s.PeeringConnections {
		if pc.Status != "active" {
			continue
		}
		if (pc.Requester.VPCID == a && pc.Accepter.VPCID == b) || (pc.Requester.VPCID == b && pc.Accepter.VPCID == a) {
			return true
		}
	}
	return false
}

// naclAllows evaluates one direction of the subnet's NACL for the packet:
// lowest rule number first, first match wins, nothing matched = deny
// (§2.1). Ingress matches the packet's source, egress its destination;
// ports are always the destination port (peer is the address to match).
func (o *oracle) naclAllows(subnetID string, egress bool, p oraclePacket, peer netip.Addr, leg string) oracleVerdict {
	sn := o.subnet(subnetID)
	if sn == nil {
		return oracleVerdict{Step: "subnet " + subnetID + " missing", Unsupported: true}
	}
	var acl *snapshot.NetworkACL
	for i := range o.s.NetworkACLs {
		if o.s.NetworkACLs[i].ID == sn.NetworkACLID {
			acl = &o.s.NetworkACLs[i]
		}
	}
	if acl == nil {
		return oracleVerdict{Step: "NACL of " + subnetID + " missing", Unsupported: true}
	}
	var entries []snapshot.ACLEntry
	for _, e := range acl.Entries {
		if e.Egress == egress {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b snapshot.ACLEntry) int { return cmp.Compare(a.RuleNumber, b.RuleNumber) })
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	for _, e := range entries {
		if !cidrHas(e.CIDRIPv4, peer) || !naclEntryCoversPacket(e, p) {
			continue
		}
		if e.Action == "allow" {
			return oracleVerdict{Allowed: true}
		}
		return oracleVerdict{Step: fmt.Sprintf("%s NACL %s %s rule %d deny (%s)", leg, acl.ID, dir, e.RuleNumber, p)}
	}
	return oracleVerdict{Step: fmt.Sprintf("%s NACL %s %s: no entry matches (%s)", leg, acl.ID, dir, p)}
}

func naclEntryCoversPacket(e snapshot.ACLEntry, p oraclePacket) bool {
	if e.ProtocolNumber != -1 && e.ProtocolNumber != p.Proto {
		return false
	}
	switch e.ProtocolNumber {
	case protoTCP, protoUDP:
		return e.FromPort <= p.DstPort && p.DstPort <= e.ToPort
	case protoICMP:
		return (e.ICMPType == -1 || e.ICMPType == p.ICMPType) && (e.ICMPCode == -1 || e.ICMPCode == p.ICMPCode)
	}
	return true
}

// routeDelivers looks up dst in the subnet's route table (longest prefix
// wins, a blackhole drops and does not fall through, §3.2) and follows the
// target: local stays in the subnet's VPC; a peering carries the packet
// to the VPC on its other side only when it is active and that VPC's CIDR
// contains dst (§4: non-transitive, PCX_REQUIRES_ADDRESS_IN_VPC_CIDR).
// The packet must end up in wantVPC, the VPC of the interface owning dst.
func (o *oracle) routeDelivers(subnetID string, dst netip.Addr, wantVPC, leg string) oracleVerdict {
	sn := o.subnet(subnetID)
	if sn == nil {
		return oracleVerdict{Step: "subnet " + subnetID + " missing", Unsupported: true}
	}
	var rt *snapshot.RouteTable
	for i := range o.s.RouteTables {
		if o.s.RouteTables[i].ID == sn.RouteTableID {
			rt = &o.s.RouteTables[i]
		}
	}
	if rt == nil {
		return oracleVerdict{Step: "route table of " + subnetID + " missing", Unsupported: true}
	}
	var best *snapshot.Route
	bestBits := -1
	for i := range rt.Routes {
		r := &rt.Routes[i]
		if r.DestinationPrefixListID != "" {
			return oracleVerdict{Step: "prefix-list route", Unsupported: true}
		}
		if r.DestinationCIDR == "" {
			continue
		}
		pfx, err := netip.ParsePrefix(r.DestinationCIDR)
		if err != nil || !pfx.Contains(dst) {
			continue
		}
		if pfx.Bits() == bestBits {
			return oracleVerdict{Step: "two routes with the same destination", Unsupported: true}
		}
		if pfx.Bits() > bestBits {
			best, bestBits = r, pfx.Bits()
		}
	}
	where := fmt.Sprintf("%s in %s of %s for %s", leg, rt.ID, subnetID, dst)
	if best == nil {
		return oracleVerdict{Step: where + ": no route"}
	}
	where += ": " + best.DestinationCIDR + " -> " + string(best.TargetType) + " " + best.TargetID
	if best.State == "blackhole" {
		return oracleVerdict{Step: where + " is a blackhole"}
	}
	reached := ""
	switch best.TargetType {
	case "local":
		if o.vpcOwns(sn.VPCID, dst) {
			reached = sn.VPCID
		}
	case "vpc_peering_connection":
		pc := o.peering(best.TargetID)
		if pc == nil {
			return oracleVerdict{Step: where + ": peering missing", Unsupported: true}
		}
		if pc.Status != "active" {
			return oracleVerdict{Step: where + ": peering is " + pc.Status}
		}
		other := ""
		switch sn.VPCID {
		case pc.Requester.VPCID:
			other = pc.Accepter.VPCID
		case pc.Accepter.VPCID:
			other = pc.Requester.VPCID
		}
		if other != "" && o.vpcOwns(other, dst) {
			reached = other
		}
	default:
		return oracleVerdict{Step: where + ": target does not lead to an interface"}
	}
	if reached != wantVPC {
		return oracleVerdict{Step: where + ": does not deliver to " + wantVPC}
	}
	return oracleVerdict{Allowed: true}
}
