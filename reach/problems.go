package reach

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// ReturnGap is a stateless NACL's missing return path: an entry lets a
// service's requests in (or a client's requests out), but the replies to
// the same addresses on the client's ephemeral ports are denied in the
// other direction (aws-semantics §2.4).
type ReturnGap struct {
	// Side is "server" (inbound service, replies out) or "client"
	// (outbound requests, replies in).
	Side       string `json:"side"`
	RuleNumber int    `json:"rule_number"`
	Protocol   string `json:"protocol"`
	Ports      string `json:"ports"`
	CIDR       string `json:"cidr"`
	// Denied are the ephemeral ports (32768-61000) the replies are denied on.
	Denied string `json:"denied"`
	// Full: every Linux ephemeral port is denied; nothing gets back.
	Full bool `json:"full"`
	// DeniedBy are the entries that deny the replies.
	DeniedBy []int `json:"denied_by"`
}

// representative picks an address inside a CIDR to stand for it: the
// public test address for "anywhere", else the first address after the
// network address.
func representative(p netip.Prefix) netip.Addr {
	if p.Bits() == 0 {
		if p.Addr().Is4() {
			return RepresentativeInternet
		}
		return netip.MustParseAddr("2001:db8::10")
	}
	if a := p.Masked().Addr().Next(); p.Contains(a) {
		return a
	}
	return p.Addr()
}

// fullyShadowed indexes the entries Shadows found dead.
func fullyShadowed(shadows []Shadow) map[[2]int]bool {
	out := map[[2]int]bool{}
	for _, s := range shadows {
		if s.Full {
			out[[2]int{s.RuleNumber, boolInt(s.Egress)}] = true
		}
	}
	return out
}

// ReturnGaps checks every TCP/UDP allow entry of a NACL for its replies.
// Entries that can never match are skipped; shadows is Shadows(acl),
// passed in because it is computed once per NACL.
func ReturnGaps(acl *snapshot.NetworkACL, shadows []Shadow) []ReturnGap {
	shadowed := fullyShadowed(shadows)
	var out []ReturnGap
	for _, e := range acl.Entries {
		if e.Action != "allow" || (e.Protocol != "tcp" && e.Protocol != "udp") || shadowed[[2]int{e.RuleNumber, boolInt(e.Egress)}] {
			continue
		}
		// A client-side allow of the ephemeral range itself is a return
		// path, not a service.
		if e.FromPort >= 1024 && e.ToPort >= 61000 {
			continue
		}
		p, ok := entryCIDRPrefix(e)
		if !ok {
			continue
		}
		peer := representative(p)
		allowed, denied, _ := aclAllowed(acl, !e.Egress, peer, e.ProtocolNumber, LinuxEphemeral)
		missing := LinuxEphemeral.Subtract(allowed)
		if missing.Empty() {
			continue
		}
		g := ReturnGap{Side: "server", RuleNumber: e.RuleNumber, Protocol: e.Protocol, Ports: Range(e.FromPort, e.ToPort).String(), CIDR: p.String(), Denied: missing.String(), Full: allowed.Empty()}
		if e.Egress {
			g.Side = "client"
		}
		for _, d := range denied {
			g.DeniedBy = append(g.DeniedBy, d.Entry.RuleNumber)
		}
		out = append(out, g)
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DeniesAll reports the directions in which a NACL admits nothing at all:
// every allow entry is shadowed, or there is none (a new custom NACL).
// shadows is Shadows(acl).
func DeniesAll(acl *snapshot.NetworkACL, shadows []Shadow) []string {
	shadowed := fullyShadowed(shadows)
	var out []string
	for _, egress := range []bool{false, true} {
		open := slices.ContainsFunc(acl.Entries, func(e snapshot.ACLEntry) bool {
			return e.Egress == egress && e.Action == "allow" && !shadowed[[2]int{e.RuleNumber, boolInt(e.Egress)}]
		})
		if !open {
			out = append(out, map[bool]string{false: "inbound", true: "outbound"}[egress])
		}
	}
	return out
}

// PMTUBlocked reports the directions in which a NACL denies IPv4 ICMP
// "fragmentation needed" (type 3 code 4) from the internet, which breaks
// Path MTU discovery (aws-semantics §2.5), while the NACL does admit
// other traffic in that direction.
func PMTUBlocked(acl *snapshot.NetworkACL) []string {
	var out []string
	for _, egress := range []bool{false, true} {
		allowed, _, _ := aclAllowed(acl, egress, RepresentativeInternet, 1, ICMPSet(3, 4))
		if !allowed.Empty() {
			continue
		}
		tcp, _, _ := aclAllowed(acl, egress, RepresentativeInternet, 6, AllPorts())
		if tcp.Empty() {
			continue
		}
		out = append(out, map[bool]string{false: "inbound", true: "outbound"}[egress])
	}
	return out
}

// RouteProblem is a route that cannot work.
type RouteProblem struct {
	Table string `json:"table"`
	Route string `json:"route"`
	// Kind: blackhole, inactive_peering, igw_not_attached,
	// peering_transit (the destination is not in the peer's CIDRs: it
	// relies on transitive or edge-to-edge routing, aws-semantics §4),
	// unknown_target.
	Kind   string `json:"kind"`
	Target string `json:"target"`
	Detail string `json:"detail"`
}

// RouteProblems checks every route of every table.
func (m *Model) RouteProblems() []RouteProblem {
	var out []RouteProblem
	for _, rt := range m.S.RouteTables {
		for _, r := range rt.Routes {
			p := RouteProblem{Table: rt.ID, Route: routeText(&r), Target: r.TargetID}
			switch {
			case r.State == "blackhole":
				p.Kind, p.Detail = "blackhole", "the route's target is gone or not attached: traffic to this destination is dropped"
			case r.TargetType == snapshot.TargetPeeringConnection:
				pc := m.Peerings[r.TargetID]
				switch {
				case pc == nil:
					p.Kind, p.Detail = "unknown_target", "the peering connection is not in the snapshot"
				case pc.Status != "active":
					p.Kind, p.Detail = "inactive_peering", fmt.Sprintf("the peering is %s; traffic flows only over an active peering", pc.Status)
				default:
					peer := pc.Accepter
					if pc.Accepter.VPCID == rt.VPCID {
						peer = pc.Requester
					}
					dst, ok := routePrefix(r)
					if ok && !coveredBy(dst, prefixes(slices.Concat(peer.CIDRBlocks, peer.IPv6CIDRBlocks))) {
						p.Kind, p.Detail = "peering_transit", fmt.Sprintf("%s is not within %s's CIDRs: a peer never forwards traffic onward (no transit, no edge-to-edge)", dst, peer.VPCID)
					}
				}
			case r.TargetType == snapshot.TargetInternetGateway:
				if igw := m.IGWs[r.TargetID]; igw == nil || m.attachedIGW(rt.VPCID) != igw {
					p.Kind, p.Detail = "igw_not_attached", fmt.Sprintf("%s is not attached to %s", r.TargetID, rt.VPCID)
				}
			}
			if p.Kind != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func routePrefix(r snapshot.Route) (netip.Prefix, bool) {
	c := r.DestinationCIDR
	if c == "" {
		c = r.DestinationIPv6CIDR
	}
	p, err := netip.ParsePrefix(c)
	return p, err == nil
}

// coveredBy reports whether p lies within one of ps.
func coveredBy(p netip.Prefix, ps []netip.Prefix) bool {
	return slices.ContainsFunc(ps, func(q netip.Prefix) bool { return q.Bits() <= p.Bits() && q.Contains(p.Addr()) })
}

// PeeringProblem is a peering that cannot carry traffic as configured.
type PeeringProblem struct {
	Peering string `json:"peering"`
	// Kind: no_routes, one_side (Missing names the side without a route),
	// overlapping_cidrs.
	Kind    string `json:"kind"`
	Missing string `json:"missing,omitempty"`
	Detail  string `json:"detail"`
}

// PeeringProblems checks every peering, whatever its state, for
// overlapping CIDRs (AWS refuses or fails such a peering), and active
// peerings for routes on both sides (aws-semantics §4).
func (m *Model) PeeringProblems() []PeeringProblem {
	var out []PeeringProblem
	for _, pc := range m.S.PeeringConnections {
		if ov := m.overlap(pc.Requester, pc.Accepter); ov != "" {
			out = append(out, PeeringProblem{Peering: pc.ID, Kind: "overlapping_cidrs", Detail: ov})
		}
		if pc.Status != "active" {
			continue
		}
		// Only judge peerings whose two VPCs were both read.
		req, acc := pc.Requester.VPCID, pc.Accepter.VPCID
		if m.VPCs[req] == nil || m.VPCs[acc] == nil {
			continue
		}
		reqRoutes, accRoutes := m.routesVia(pc.ID, req), m.routesVia(pc.ID, acc)
		switch {
		case reqRoutes == 0 && accRoutes == 0:
			out = append(out, PeeringProblem{Peering: pc.ID, Kind: "no_routes", Detail: "neither VPC routes anything through the peering"})
		case reqRoutes == 0 || accRoutes == 0:
			routed, missing := req, acc
			if reqRoutes == 0 {
				routed, missing = acc, req
			}
			out = append(out, PeeringProblem{Peering: pc.ID, Kind: "one_side", Missing: missing, Detail: fmt.Sprintf("%s has routes to the peering but %s has none back: replies cannot return", routed, missing)})
		}
	}
	return out
}

func (m *Model) routesVia(pcx, vpc string) int {
	n := 0
	for _, rt := range m.S.RouteTables {
		if rt.VPCID != vpc {
			continue
		}
		for _, r := range rt.Routes {
			if r.TargetType == snapshot.TargetPeeringConnection && r.TargetID == pcx {
				n++
			}
		}
	}
	return n
}

// sideCIDRs are a peering side's CIDRs as the peering records them plus
// those of its VPC when the snapshot has it: a VPC's secondary CIDRs count
// for overlap although a peering record (or an IaC peering, which records
// none) may list only the primary (aws-semantics §4).
func (m *Model) sideCIDRs(side snapshot.PeeringSide) []netip.Prefix {
	cidrs := slices.Concat(side.CIDRBlocks, side.IPv6CIDRBlocks)
	if v := m.VPCs[side.VPCID]; v != nil {
		cidrs = slices.Concat(cidrs, v.CIDRBlocks, v.IPv6CIDRBlocks)
	}
	ps := prefixes(cidrs)
	for i := range ps {
		ps[i] = ps[i].Masked()
	}
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
	})
	return slices.Compact(ps)
}

// overlap names every pair of overlapping CIDRs of two peering sides, ""
// when none overlap.
func (m *Model) overlap(a, b snapshot.PeeringSide) string {
	var pairs []string
	for _, x := range m.sideCIDRs(a) {
		for _, y := range m.sideCIDRs(b) {
			if x.Overlaps(y) {
				pairs = append(pairs, fmt.Sprintf("%s (%s) overlaps %s (%s)", x, a.VPCID, y, b.VPCID))
			}
		}
	}
	return strings.Join(pairs, ", ")
}

// DeadPeering holds for the states a peering never leaves for active.
func DeadPeering(status string) bool {
	switch status {
	case "failed", "rejected", "expired", "deleting", "deleted":
		return true
	}
	return false
}

// OverlappingPeers lists VPCs peered with two VPCs whose CIDRs overlap
// each other: a route can only pick one of them (aws-semantics §4, no
// uRPF). Every peering counts, active or still to be accepted, except
// those that can never become active (failed, rejected, expired,
// deleted).
func (m *Model) OverlappingPeers() map[string][]string {
	peers := map[string][]snapshot.PeeringSide{}
	names := map[string][]string{}
	for _, pc := range m.S.PeeringConnections {
		if DeadPeering(pc.Status) {
			continue
		}
		peers[pc.Requester.VPCID] = append(peers[pc.Requester.VPCID], pc.Accepter)
		peers[pc.Accepter.VPCID] = append(peers[pc.Accepter.VPCID], pc.Requester)
	}
	for vpc, ps := range peers {
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				if ps[i].VPCID == ps[j].VPCID {
					continue
				}
				if ov := m.overlap(ps[i], ps[j]); ov != "" {
					names[vpc] = append(names[vpc], ov)
				}
			}
		}
	}
	return names
}

// GatewayProblem is an internet path that cannot work: a NAT gateway
// whose subnet has no route to an attached IGW, or an interface with a
// public IP in a subnet without one.
type GatewayProblem struct {
	Kind     string `json:"kind"` // nat_without_igw_route, public_ip_without_igw_route
	Resource string `json:"resource"`
	Subnet   string `json:"subnet"`
	Detail   string `json:"detail"`
}

// GatewayProblems checks NAT gateways and public interfaces.
func (m *Model) GatewayProblems() []GatewayProblem {
	var out []GatewayProblem
	for _, n := range m.S.NATGateways {
		if n.ConnectivityType == "private" || (n.State != "" && n.State != "available") {
			continue
		}
		if !m.hasIGWDefault(n.SubnetID) {
			out = append(out, GatewayProblem{Kind: "nat_without_igw_route", Resource: n.ID, Subnet: n.SubnetID, Detail: fmt.Sprintf("NAT gateway %s sits in %s, whose route table sends 0.0.0.0/0 nowhere near an attached internet gateway: nothing behind it reaches the internet", n.ID, n.SubnetID)})
		}
	}
	for _, id := range m.order {
		e := m.ENIs[id]
		if len(e.Public) == 0 || m.hasIGWDefault(e.SubnetID) {
			continue
		}
		res := e.ID
		if e.InstanceID != "" {
			res = e.InstanceID
		}
		out = append(out, GatewayProblem{Kind: "public_ip_without_igw_route", Resource: res, Subnet: e.SubnetID, Detail: fmt.Sprintf("%s has public IP %s but %s has no route to an attached internet gateway: the address is unusable", res, e.Public[0], e.SubnetID)})
	}
	return out
}

// hasIGWDefault reports whether a subnet routes the internet (a public
// representative address) to an attached internet gateway.
func (m *Model) hasIGWDefault(subnetID string) bool {
	sn := m.Subnets[subnetID]
	if sn == nil {
		return true // unknown: make no claim
	}
	rt := m.Tables[sn.RouteTableID]
	if rt == nil {
		return true
	}
	r := m.routeFor(rt, RepresentativeInternet)
	if r == nil || r.TargetType != snapshot.TargetInternetGateway || r.State == "blackhole" {
		return false
	}
	igw := m.IGWs[r.TargetID]
	return igw != nil && m.attachedIGW(sn.VPCID) == igw
}

// StaleReference is an SG rule whose referenced group cannot match.
type StaleReference struct {
	Group string `json:"group"`
	Rule  string `json:"rule"`
	// Kind: missing (the group is not in the snapshot: deleted, or in an
	// account that was not read), inter_region (across an inter-Region
	// peering, which never carries group references, aws-semantics §1.3).
	Kind       string `json:"kind"`
	Referenced string `json:"referenced"`
	Detail     string `json:"detail"`
}

// StaleReferences checks every group-referencing rule.
func (m *Model) StaleReferences() []StaleReference {
	var out []StaleReference
	for _, sg := range m.S.SecurityGroups {
		for _, rs := range [][]snapshot.SGRule{sg.Ingress, sg.Egress} {
			for _, r := range rs {
				ref := r.ReferencedGroup
				if ref == nil {
					continue
				}
				target := m.Groups[ref.GroupID]
				switch {
				case target == nil:
					out = append(out, StaleReference{
						Group: sg.ID, Rule: r.RuleID, Kind: "missing", Referenced: ref.GroupID,
						Detail: fmt.Sprintf("rule %s references %s, which is not in the snapshot (deleted, or in another account); it admits nothing that can be verified", r.RuleID, ref.GroupID),
					})
				case target.VPCID != sg.VPCID:
					pc := m.activePeering(sg.VPCID, target.VPCID)
					if pc != nil && !m.sameRegion(pc) {
						out = append(out, StaleReference{
							Group: sg.ID, Rule: r.RuleID, Kind: "inter_region", Referenced: ref.GroupID,
							Detail: fmt.Sprintf("rule %s references %s across the inter-Region peering %s: group references never match across Regions; use the peer VPC's CIDR", r.RuleID, ref.GroupID, pc.ID),
						})
					}
				}
			}
		}
	}
	return out
}
