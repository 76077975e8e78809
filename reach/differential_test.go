package reach

// Differential test (issue 3 item 8): random small topologies, random
// ENI-to-ENI questions, reach's verdict against the packet-at-a-time
// oracle of oracle_test.go. Any disagreement fails with the seed, both
// verdicts and the snapshot as JSON; replay one seed with
//
//	DIFF_SEED=N go test ./reach/ -run TestDifferentialSeed -v

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

const (
	diffQuestionsPerSeed = 4
	diffCases            = 20000 // well over the 10,000 of issue 3
	diffShortCases       = 2000  // -short; never below 1,000
	ephemeralLo          = 32768 // LinuxEphemeral, aws-semantics §2.4
	ephemeralHi          = 61000
)

// genVPC and friends are the generator's view of what it built, used to
// pick addresses for CIDRs and questions.
type genVPC struct {
	id      string
	cidrs   []netip.Prefix // primary first; sometimes a secondary block
	region  string
	subnets []*genSubnet
	groups  []string // every SG usable in the VPC, default first
}

type genSubnet struct {
	id   string
	vpc  *genVPC
	cidr netip.Prefix
	enis []*genENI
}

type genENI struct {
	id     string
	subnet *genSubnet
	ips    []netip.Addr
}

type generator struct {
	r        *rand.Rand
	s        *snapshot.Snapshot
	vpcs     []*genVPC
	enis     []*genENI
	peerings map[[2]int]*snapshot.PeeringConnection // by VPC index pair, i<j
	ports    []int                                  // port boundaries used by rules, for questions
	// lax seeds build permissive topologies, so that allowed paths
	// (especially across peerings) are common enough to compare.
	lax bool
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), peerings: map[[2]int]*snapshot.PeeringConnection{}}
}

func (g *generator) chance(percent int) bool { return g.r.IntN(100) < percent }

// laxChance is chance, on lax seeds only.
func (g *generator) laxChance(percent int) bool { return g.lax && g.chance(percent) }

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// distinct returns n distinct values in [lo, hi].
func (g *generator) distinct(n, lo, hi int) []int {
	var out []int
	for len(out) < n {
		v := lo + g.r.IntN(hi-lo+1)
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// cidrText writes a prefix, sometimes with host bits set so that
// normalisation has to mask it (aws-semantics §2.1).
func (g *generator) cidrText(p netip.Prefix) string {
	p = p.Masked()
	if p.Bits() < 32 && p.Bits() >= 8 && g.chance(10) {
		a := p.Addr().As4()
		a[3] |= byte(1 + g.r.IntN(200))
		return netip.PrefixFrom(netip.AddrFrom4(a), p.Bits()).String()
	}
	return p.String()
}

func (g *generator) build() *snapshot.Snapshot {
	g.s = &snapshot.Snapshot{Schema: snapshot.SchemaV1, Origin: snapshot.Origin{Kind: "manual"}}
	g.lax = g.chance(40)
	nv := 1 + g.r.IntN(3)
	octets := g.distinct(2*nv, 0, 255)
	for i := range nv {
		v := &genVPC{id: fmt.Sprintf("vpc-%d", i), region: "us-east-1"}
		v.cidrs = append(v.cidrs, netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", octets[2*i])))
		if g.chance(25) {
			v.cidrs = append(v.cidrs, netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", octets[2*i+1])))
		}
		if g.chance(15) {
			v.region = "eu-west-1"
		}
		g.vpcs = append(g.vpcs, v)
		g.s.VPCs = append(g.s.VPCs, snapshot.VPC{ID: v.id, CIDRBlocks: prefixStrings(v.cidrs), Meta: snapshot.Meta{Account: "111122223333", Region: v.region}})
		for j, third := range g.distinct(1+g.r.IntN(3), 0, 255) {
			base := pick(g, v.cidrs).Addr().As4()
			base[2] = byte(third)
			sn := &genSubnet{id: fmt.Sprintf("subnet-%d%d", i, j), vpc: v, cidr: netip.PrefixFrom(netip.AddrFrom4(base), 24)}
			v.subnets = append(v.subnets, sn)
			hosts := g.distinct(6, 4, 250)
			for k := range 1 + g.r.IntN(3) {
				e := &genENI{id: fmt.Sprintf("eni-%d%d%d", i, j, k), subnet: sn}
				n := 1
				if g.chance(25) {
					n = 2
				}
				for _, h := range hosts[2*k : 2*k+n] {
					a := base
					a[3] = byte(h)
					e.ips = append(e.ips, netip.AddrFrom4(a))
				}
				sn.enis = append(sn.enis, e)
				g.enis = append(g.enis, e)
			}
		}
	}
	g.buildPeerings()
	g.buildPrefixLists()
	g.buildGroups()
	for i := range g.vpcs {
		g.buildACLs(i)
		g.buildRouteTables(i)
	}
	for i := range g.vpcs {
		for j := i + 1; j < len(g.vpcs); j++ {
			if pc := g.peerings[[2]int{i, j}]; pc != nil {
				g.s.PeeringConnections = append(g.s.PeeringConnections, *pc)
			}
		}
	}
	for _, v := range g.vpcs {
		for _, sn := range v.subnets {
			g.s.Subnets = append(g.s.Subnets, snapshot.Subnet{ID: sn.id, VPCID: v.id, CIDRBlock: sn.cidr.String(), AvailabilityZone: v.region + "a"})
		}
	}
	// Associations may be written on the subnet side too.
	for i := range g.s.Subnets {
		sn := &g.s.Subnets[i]
		for j := range g.s.RouteTables {
			rt := &g.s.RouteTables[j]
			if k := slices.Index(rt.SubnetIDs, sn.ID); k >= 0 && g.chance(40) {
				rt.SubnetIDs = slices.Delete(rt.SubnetIDs, k, k+1)
				sn.RouteTableID = rt.ID
			}
		}
		for j := range g.s.NetworkACLs {
			a := &g.s.NetworkACLs[j]
			if k := slices.Index(a.SubnetIDs, sn.ID); k >= 0 && g.chance(40) {
				a.SubnetIDs = slices.Delete(a.SubnetIDs, k, k+1)
				sn.NetworkACLID = a.ID
			}
		}
	}
	return g.s
}

var peeringStatuses = []string{"active", "active", "active", "active", "active", "pending-acceptance", "deleted", "rejected", "expired", "provisioning"}

func (g *generator) buildPeerings() {
	for i := range g.vpcs {
		for j := i + 1; j < len(g.vpcs); j++ {
			if !g.chance(60) && !g.laxChance(90) {
				continue
			}
			a, b := g.vpcs[i], g.vpcs[j]
			if g.chance(50) {
				a, b = b, a
			}
			side := func(v *genVPC) snapshot.PeeringSide {
				ps := snapshot.PeeringSide{AccountID: "111122223333", Region: v.region, VPCID: v.id}
				if g.chance(85) {
					ps.CIDRBlocks = prefixStrings(v.cidrs)
				}
				return ps
			}
			g.peerings[[2]int{i, j}] = &snapshot.PeeringConnection{
				ID: fmt.Sprintf("pcx-%d%d", i, j), Status: pick(g, peeringStatuses), Requester: side(a), Accepter: side(b),
			}
			if g.laxChance(80) {
				g.peerings[[2]int{i, j}].Status = "active"
			}
		}
	}
}

// peerings of VPC i: the other VPC's index and the connection.
func (g *generator) peersOf(i int) (others []int, pcs []*snapshot.PeeringConnection) {
	for j := range g.vpcs {
		key := [2]int{min(i, j), max(i, j)}
		if pc := g.peerings[key]; pc != nil && i != j {
			others = append(others, j)
			pcs = append(pcs, pc)
		}
	}
	return others, pcs
}

var interestingPorts = []int{0, 1, 22, 53, 80, 443, 1023, 1024, 3306, 5432, 8080, 32767, 32768, 40000, 60999, 61000, 61001, 65535}

func (g *generator) port() int {
	if g.chance(60) {
		return pick(g, interestingPorts)
	}
	return g.r.IntN(65536)
}

func (g *generator) portRange() (from, to int) {
	switch g.r.IntN(9) {
	case 0:
		from, to = 0, 65535
	case 1:
		from = g.port()
		to = from
	case 2:
		from, to = 1024, 65535
	case 3:
		from, to = ephemeralLo, ephemeralHi
	case 4:
		from, to = 0, 1023
	case 5:
		from, to = g.port(), g.port()
		from, to = min(from, to), max(from, to)
	case 6: // a hole or a piece inside the ephemeral range
		from = ephemeralLo - 50 + g.r.IntN(ephemeralHi-ephemeralLo+100)
		to = min(from+g.r.IntN(3000), 65535)
	case 7:
		from = g.port()
		to = min(from+g.r.IntN(100), 65535)
	default:
		from, to = 49152, 65535
	}
	g.ports = append(g.ports, from, to, max(from-1, 0), min(to+1, 65535))
	return from, to
}

var icmpPairs = [][2]int{{-1, -1}, {8, -1}, {8, 0}, {8, 3}, {0, 0}, {0, -1}, {3, 4}, {3, -1}, {3, 3}, {11, 0}}

// protocol returns a protocol as a snapshot may spell it, and its ports
// or ICMP type/code.
func (g *generator) protocol() (proto string, from, to, icmpType, icmpCode int) {
	icmpType, icmpCode = -1, -1
	switch n := g.r.IntN(20); {
	case n < 7:
		proto = pick(g, []string{"tcp", "tcp", "6", "TCP"})
		from, to = g.portRange()
	case n < 10:
		proto = pick(g, []string{"udp", "17"})
		from, to = g.portRange()
	case n < 14:
		proto = pick(g, []string{"icmp", "icmp", "1"})
		p := pick(g, icmpPairs)
		icmpType, icmpCode = p[0], p[1]
	case n < 18:
		proto = pick(g, []string{"all", "-1", "all"})
		from, to = 0, 65535
	case n < 19:
		proto = pick(g, []string{"47", "50"})
		from, to = 0, 65535
	default:
		proto = "icmpv6"
		p := pick(g, icmpPairs)
		icmpType, icmpCode = p[0], p[1]
	}
	return proto, from, to, icmpType, icmpCode
}

// cidr returns an IPv4 or IPv6 CIDR for an SG rule or NACL entry target,
// mixing sizes that do and do not contain the peer.
func (g *generator) cidr() (v4, v6 string) {
	e := pick(g, g.enis)
	switch n := g.r.IntN(100); {
	case n < 25:
		return "0.0.0.0/0", ""
	case n < 40:
		return g.cidrText(pick(g, pick(g, g.vpcs).cidrs)), ""
	case n < 55:
		return g.cidrText(e.subnet.cidr), ""
	case n < 68:
		return netip.PrefixFrom(pick(g, e.ips), 32).String(), ""
	case n < 73:
		return g.cidrText(netip.MustParsePrefix("10.0.0.0/8")), ""
	case n < 90:
		return g.cidrText(netip.PrefixFrom(pick(g, e.ips), 8+g.r.IntN(24))), ""
	case n < 95:
		return pick(g, []string{"192.168.0.0/16", "203.0.113.0/24", "172.16.0.0/12"}), ""
	default:
		return "", pick(g, []string{"::/0", "2001:db8::/32"})
	}
}

func (g *generator) buildGroups() {
	// Decide the groups of every VPC first, so rules can reference them.
	explicitDefault := map[int]bool{}
	for i, v := range g.vpcs {
		if g.chance(30) {
			explicitDefault[i] = true
			v.groups = append(v.groups, fmt.Sprintf("sg-%ddef", i))
		} else {
			v.groups = append(v.groups, v.id+"/default-sg") // added by Normalize
		}
		for k := range 1 + g.r.IntN(3) {
			v.groups = append(v.groups, fmt.Sprintf("sg-%d%d", i, k))
		}
	}
	for i, v := range g.vpcs {
		for k, id := range v.groups {
			if k == 0 && !explicitDefault[i] {
				continue
			}
			sg := snapshot.SecurityGroup{ID: id, Name: "app-" + id, VPCID: v.id}
			if k == 0 {
				sg.Name = "default"
			}
			if g.chance(60) || g.laxChance(90) {
				sg.Egress = append(sg.Egress, snapshot.SGRule{Protocol: "-1", CIDRIPv4: "0.0.0.0/0"})
			}
			if g.laxChance(60) {
				sg.Ingress = append(sg.Ingress, snapshot.SGRule{Protocol: pick(g, []string{"-1", "tcp", "udp", "icmp"}), FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "10.0.0.0/8"})
			}
			for range g.r.IntN(4) {
				sg.Egress = append(sg.Egress, g.sgRule(i, id))
			}
			for range g.r.IntN(5) {
				sg.Ingress = append(sg.Ingress, g.sgRule(i, id))
			}
			g.s.SecurityGroups = append(g.s.SecurityGroups, sg)
		}
	}
	for _, e := range g.enis {
		v := e.subnet.vpc
		groups := []string{pick(g, v.groups)}
		if g.chance(40) {
			if other := pick(g, v.groups); other != groups[0] {
				groups = append(groups, other)
			}
		}
		ips := make([]string, len(e.ips))
		for i, a := range e.ips {
			ips[i] = a.String()
		}
		n := snapshot.NetworkInterface{ID: e.id, SubnetID: e.subnet.id, PrivateIPs: ips, SecurityGroupIDs: groups, InterfaceType: "interface", SourceDestCheck: true}
		if g.chance(50) {
			n.VPCID = v.id // otherwise Normalize fills it from the subnet
		}
		g.s.NetworkInterfaces = append(g.s.NetworkInterfaces, n)
	}
}

func (g *generator) sgRule(vpc int, self string) snapshot.SGRule {
	proto, from, to, typ, code := g.protocol()
	r := snapshot.SGRule{Protocol: proto, FromPort: from, ToPort: to, ICMPType: typ, ICMPCode: code}
	if g.chance(35) {
		// A group reference: this VPC's groups (self included), or a
		// group of a VPC peered with this one (whatever the status).
		candidates := slices.Clone(g.vpcs[vpc].groups)
		candidates = append(candidates, self, self)
		others, _ := g.peersOf(vpc)
		for _, j := range others {
			candidates = append(candidates, g.vpcs[j].groups...)
		}
		ref := pick(g, candidates)
		owner := g.vpcs[vpc].id
		for _, v := range g.vpcs {
			if slices.Contains(v.groups, ref) {
				owner = v.id
			}
		}
		r.ReferencedGroup = &snapshot.GroupReference{GroupID: ref, VPCID: owner, AccountID: "111122223333"}
		return r
	}
	if len(g.s.PrefixLists) > 0 && g.chance(10) {
		r.PrefixListID = pick(g, g.s.PrefixLists).ID
		return r
	}
	r.CIDRIPv4, r.CIDRIPv6 = g.cidr()
	return r
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// buildPrefixLists adds customer-managed prefix lists for SG rules.
func (g *generator) buildPrefixLists() {
	for k := range g.r.IntN(3) {
		pl := snapshot.PrefixList{ID: fmt.Sprintf("pl-%d", k), Name: fmt.Sprintf("list-%d", k), AddressFamily: "IPv4", MaxEntries: 5}
		for range 1 + g.r.IntN(3) {
			if c, _ := g.cidr(); c != "" {
				pl.Entries = append(pl.Entries, snapshot.PrefixListEntry{CIDR: c})
			}
		}
		g.s.PrefixLists = append(g.s.PrefixLists, pl)
	}
}

func (g *generator) aclEntries() []snapshot.ACLEntry {
	var out []snapshot.ACLEntry
	for _, egress := range []bool{false, true} {
		n := g.r.IntN(7)
		numbers := g.distinct(n, 1, 300)
		if n > 0 && g.chance(5) {
			numbers[0] = 32766
		}
		for _, num := range numbers {
			proto, from, to, typ, code := g.protocol()
			e := snapshot.ACLEntry{RuleNumber: num, Egress: egress, Action: "allow", Protocol: proto, FromPort: from, ToPort: to, ICMPType: typ, ICMPCode: code}
			if g.chance(40) {
				e.Action = pick(g, []string{"deny", "DENY"})
			}
			e.CIDRIPv4, e.CIDRIPv6 = g.cidr()
			out = append(out, e)
		}
	}
	// Some custom NACLs follow AWS's advice: allow the ephemeral range
	// back, after more specific entries (aws-semantics §2.4).
	if g.chance(30) {
		for _, egress := range []bool{false, true} {
			out = append(out, snapshot.ACLEntry{RuleNumber: 900, Egress: egress, Action: "allow", Protocol: "tcp", FromPort: 1024, ToPort: 65535, CIDRIPv4: "10.0.0.0/8"})
		}
	}
	if g.chance(30) {
		for _, egress := range []bool{false, true} {
			out = append(out, snapshot.ACLEntry{RuleNumber: 1000, Egress: egress, Action: "allow", Protocol: "-1", CIDRIPv4: "0.0.0.0/0"})
		}
	}
	slices.Reverse(out) // input order must not matter
	return out
}

func (g *generator) buildACLs(i int) {
	v := g.vpcs[i]
	if g.chance(20) && !g.laxChance(80) {
		g.s.NetworkACLs = append(g.s.NetworkACLs, snapshot.NetworkACL{ID: fmt.Sprintf("acl-%ddef", i), VPCID: v.id, IsDefault: true, Entries: g.aclEntries()})
	}
	for k := range g.r.IntN(3) {
		acl := snapshot.NetworkACL{ID: fmt.Sprintf("acl-%d%d", i, k), VPCID: v.id, Entries: g.aclEntries()}
		g.s.NetworkACLs = append(g.s.NetworkACLs, acl)
	}
	var custom []int
	for j := range g.s.NetworkACLs {
		if a := g.s.NetworkACLs[j]; a.VPCID == v.id && !a.IsDefault {
			custom = append(custom, j)
		}
	}
	if len(custom) == 0 {
		return
	}
	for _, sn := range v.subnets {
		if g.chance(50) && !g.laxChance(70) {
			j := pick(g, custom)
			g.s.NetworkACLs[j].SubnetIDs = append(g.s.NetworkACLs[j].SubnetIDs, sn.id)
		}
	}
}

func (g *generator) routes(i int) []snapshot.Route {
	v := g.vpcs[i]
	used := map[netip.Prefix]bool{} // the local routes come from Normalize
	for _, c := range v.cidrs {
		used[c] = true
	}
	var out []snapshot.Route
	add := func(p netip.Prefix, typ snapshot.TargetKind, id, state string) {
		p = p.Masked()
		if used[p] {
			return
		}
		used[p] = true
		out = append(out, snapshot.Route{DestinationCIDR: g.cidrText(p), TargetType: typ, TargetID: id, State: state, Origin: "CreateRoute"})
	}
	others, pcs := g.peersOf(i)
	for k, j := range others {
		w, pc := g.vpcs[j], pcs[k]
		state := "active"
		if pc.Status != "active" && g.chance(75) {
			state = "blackhole" // a route to a peering that is not active (§4)
		}
		var dst netip.Prefix
		switch n := g.r.IntN(100); {
		case n < 25 && !g.laxChance(85):
			continue // no route on this side
		case n < 65:
			dst = pick(g, w.cidrs)
		case n < 78:
			dst = pick(g, w.subnets).cidr
		case n < 88:
			dst = netip.PrefixFrom(pick(g, w.subnets).cidr.Addr(), 17)
		case n < 94:
			dst = netip.MustParsePrefix("10.0.0.0/8") // may cover a third VPC
		default:
			dst = pick(g, pick(g, g.vpcs).cidrs) // non-transitive: a third VPC through this peering
		}
		add(dst, "vpc_peering_connection", pc.ID, state)
	}
	if g.chance(25) {
		add(netip.MustParsePrefix("0.0.0.0/0"), "internet_gateway", fmt.Sprintf("igw-%d", i), "active")
	}
	if g.chance(10) && !g.laxChance(70) {
		// A NAT gateway that was deleted: blackhole for another VPC, or
		// a part of one (more specific than a peering route).
		w := pick(g, g.vpcs)
		dst := pick(g, w.cidrs)
		if g.chance(50) {
			dst = pick(g, w.subnets).cidr
		}
		add(dst, "nat_gateway", "nat-gone", "blackhole")
	}
	if g.chance(10) && len(v.subnets) > 1 {
		// A middlebox route for a whole subnet whose ENI was deleted:
		// more specific than local, and a blackhole (§3.1, §3.2).
		add(pick(g, v.subnets).cidr, "network_interface", "eni-gone", "blackhole")
	}
	return out
}

func (g *generator) buildRouteTables(i int) {
	v := g.vpcs[i]
	var igwNeeded bool
	if g.chance(50) || g.laxChance(90) {
		g.s.RouteTables = append(g.s.RouteTables, snapshot.RouteTable{ID: fmt.Sprintf("rtb-%dmain", i), VPCID: v.id, Main: true, Routes: g.routes(i)})
	}
	var custom []int
	for k := range g.r.IntN(3) {
		g.s.RouteTables = append(g.s.RouteTables, snapshot.RouteTable{ID: fmt.Sprintf("rtb-%d%d", i, k), VPCID: v.id, Routes: g.routes(i)})
		custom = append(custom, len(g.s.RouteTables)-1)
	}
	for _, rt := range g.s.RouteTables {
		if rt.VPCID == v.id && slices.ContainsFunc(rt.Routes, func(r snapshot.Route) bool { return r.TargetType == "internet_gateway" }) {
			igwNeeded = true
		}
	}
	if igwNeeded {
		g.s.InternetGateways = append(g.s.InternetGateways, snapshot.InternetGateway{ID: fmt.Sprintf("igw-%d", i), Attachments: []snapshot.Attachment{{VPCID: v.id, State: "available"}}})
	}
	if len(custom) == 0 {
		return
	}
	for _, sn := range v.subnets {
		if g.chance(60) {
			j := pick(g, custom)
			g.s.RouteTables[j].SubnetIDs = append(g.s.RouteTables[j].SubnetIDs, sn.id)
		}
	}
}

// diffQuestion is one ENI-to-ENI question.
type diffQuestion struct {
	src, dst         *genENI
	srcAddr, dstAddr netip.Addr
	srcName, dstName string // how reach is asked: ENI id or address
	traffic          string
}

func (g *generator) question() diffQuestion {
	var q diffQuestion
	q.src = pick(g, g.enis)
	for q.dst = pick(g, g.enis); q.dst == q.src; q.dst = pick(g, g.enis) {
		if len(g.enis) == 1 {
			q.dst = nil
			return q
		}
	}
	endpoint := func(e *genENI) (netip.Addr, string) {
		if len(e.ips) > 1 && g.chance(50) {
			return e.ips[1], e.ips[1].String() // a secondary private IP
		}
		if g.chance(50) {
			return e.ips[0], e.ips[0].String()
		}
		return e.ips[0], e.id
	}
	q.srcAddr, q.srcName = endpoint(q.src)
	q.dstAddr, q.dstName = endpoint(q.dst)
	port := func() int {
		if len(g.ports) > 0 && g.chance(50) {
			return pick(g, g.ports)
		}
		return g.port()
	}
	switch n := g.r.IntN(100); {
	case n < 40:
		q.traffic = "tcp/" + strconv.Itoa(port())
	case n < 58:
		q.traffic = "udp/" + strconv.Itoa(port())
	case n < 83:
		q.traffic = "icmp"
	case n < 93:
		q.traffic = "icmp/3/4"
	default:
		q.traffic = "icmp/8" // echo request, any code
	}
	return q
}

// oracleAnswer asks the oracle the question reach answers: is the
// traffic allowed for every value it names? For tcp and udp that means
// every client source port in the ephemeral range, since reach requires
// the whole range on the return path; for "icmp/8" every code of type 8.
func oracleAnswer(o *oracle, s *snapshot.Snapshot, q diffQuestion, exhaustive bool) (oracleVerdict, oraclePacket) {
	proto, rest, _ := strings.Cut(q.traffic, "/")
	p := oraclePacket{Src: q.srcAddr, Dst: q.dstAddr}
	var packets []oraclePacket
	switch proto {
	case "tcp", "udp":
		p.Proto = protoTCP
		if proto == "udp" {
			p.Proto = protoUDP
		}
		p.DstPort, _ = strconv.Atoi(rest)
		for _, sp := range ephemeralSamples(s, exhaustive) {
			p.SrcPort = sp
			packets = append(packets, p)
		}
	case "icmp":
		p.Proto = protoICMP
		switch rest {
		case "":
			p.ICMPType, p.ICMPCode = 8, 0
			packets = append(packets, p)
		case "3/4":
			p.ICMPType, p.ICMPCode = 3, 4
			packets = append(packets, p)
		case "8":
			p.ICMPType = 8
			for code := range 256 {
				p.ICMPCode = code
				packets = append(packets, p)
			}
		}
	}
	for _, pk := range packets {
		if v := o.decide(pk); !v.Allowed {
			return v, pk
		}
	}
	return oracleVerdict{Allowed: true}, p
}

// ephemeralSamples are the client source ports to try. Only NACL entries
// look at the reply's destination port (= the client's source port), and
// a NACL's decision can change only where an entry's port range starts or
// ends, so trying both ends of the range and every entry boundary inside
// it covers all 28,233 ports. exhaustive tries every port instead, to
// keep that argument honest.
func ephemeralSamples(s *snapshot.Snapshot, exhaustive bool) []int {
	if exhaustive {
		out := make([]int, 0, ephemeralHi-ephemeralLo+1)
		for p := ephemeralLo; p <= ephemeralHi; p++ {
			out = append(out, p)
		}
		return out
	}
	set := map[int]bool{ephemeralLo: true, ephemeralHi: true}
	for _, a := range s.NetworkACLs {
		for _, e := range a.Entries {
			for _, b := range []int{e.FromPort - 1, e.FromPort, e.ToPort, e.ToPort + 1} {
				if b >= ephemeralLo && b <= ephemeralHi {
					set[b] = true
				}
			}
		}
	}
	out := make([]int, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// diffStats counts outcomes so the test can show it exercises both.
type diffStats struct{ cases, allowed, blocked, sameSubnet, crossVPC, allowedCrossVPC int }

// runDifferentialSeed builds the topology of one seed, asks questions
// and reports every disagreement. It returns false when one was found.
func runDifferentialSeed(t *testing.T, seed uint64, questions int, stats *diffStats) bool {
	t.Helper()
	g := newGenerator(seed)
	s := g.build()
	if err := s.Normalize(); err != nil {
		t.Fatalf("seed %d: the generator built an invalid snapshot: %v", seed, err)
	}
	m := NewModel(s)
	o := newOracle(s)
	ok := true
	for i := range questions {
		q := g.question()
		if q.dst == nil {
			return ok
		}
		// Every 200th case checks all 28,233 client ports the slow way.
		exhaustive := (seed*uint64(questions)+uint64(i))%200 == 0 && !strings.HasPrefix(q.traffic, "icmp")
		want, pk := oracleAnswer(o, s, q, exhaustive)
		if want.Unsupported {
			t.Fatalf("seed %d question %d: oracle cannot decide: %s", seed, i, want)
		}
		got, err := askReach(m, q)
		if err != nil {
			t.Fatalf("seed %d question %d: %v", seed, i, err)
		}
		if stats != nil {
			stats.cases++
			if want.Allowed {
				stats.allowed++
			} else {
				stats.blocked++
			}
			if q.src.subnet == q.dst.subnet {
				stats.sameSubnet++
			}
			if q.src.subnet.vpc != q.dst.subnet.vpc {
				stats.crossVPC++
				if want.Allowed {
					stats.allowedCrossVPC++
				}
			}
		}
		if got.Result == Unknown {
			t.Errorf("seed %d question %d: reach says unknown for generated input: %+v", seed, i, got.Unknowns)
			ok = false
			continue
		}
		if (got.Result == Allowed) != want.Allowed {
			ok = false
			blocks, err := json.Marshal(got.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			t.Errorf("seed %d question %d: %s -> %s %s (%s -> %s): reach says %s, oracle says %s\n  oracle packet: %s\n  reach blocks: %s",
				seed, i, q.srcName, q.dstName, q.traffic, q.srcAddr, q.dstAddr, got.Result, want, pk, blocks)
		}
	}
	if !ok {
		js, err := json.MarshalIndent(s, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d snapshot:\n%s", seed, js)
	}
	return ok
}

func askReach(m *Model, q diffQuestion) (Verdict, error) {
	src, err := m.Resolve(q.srcName)
	if err != nil {
		return Verdict{}, err
	}
	dst, err := m.Resolve(q.dstName)
	if err != nil {
		return Verdict{}, err
	}
	tr, err := ParseTraffic(q.traffic)
	if err != nil {
		return Verdict{}, err
	}
	if !tr.Ephemeral.Equal(Range(ephemeralLo, ephemeralHi)) {
		return Verdict{}, fmt.Errorf("traffic %s: ephemeral range is %s, the oracle assumes %d-%d", q.traffic, tr.Ephemeral, ephemeralLo, ephemeralHi)
	}
	return m.Reach(src, dst, tr), nil
}

// regressionSeeds are seeds that once disagreed, replayed first
// (testdata/differential/seeds.txt, one seed per line, # comments).
func regressionSeeds(t *testing.T) []uint64 {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "differential", "seeds.txt"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		n, err := strconv.ParseUint(line, 10, 64)
		if err != nil {
			t.Fatalf("seeds.txt: %v", err)
		}
		out = append(out, n)
	}
	return out
}

func TestDifferential(t *testing.T) {
	cases := diffCases
	if testing.Short() {
		cases = diffShortCases
	}
	var stats diffStats
	failed := 0
	check := func(seed uint64) {
		if !runDifferentialSeed(t, seed, diffQuestionsPerSeed, &stats) {
			failed++
			if failed >= 5 {
				t.Fatalf("stopping after %d disagreeing seeds", failed)
			}
		}
	}
	for _, seed := range regressionSeeds(t) {
		check(seed)
	}
	base := stats.cases
	for seed := uint64(1); stats.cases-base < cases; seed++ {
		check(seed)
	}
	t.Logf("%d cases: %d allowed, %d blocked; %d within one subnet, %d across VPCs (%d of them allowed)",
		stats.cases, stats.allowed, stats.blocked, stats.sameSubnet, stats.crossVPC, stats.allowedCrossVPC)
	if stats.cases < min(cases, 1000) {
		t.Fatalf("only %d cases ran", stats.cases)
	}
	if stats.allowed < stats.cases/10 || stats.blocked < stats.cases/10 {
		t.Errorf("the generator is lopsided: %d allowed, %d blocked of %d", stats.allowed, stats.blocked, stats.cases)
	}
}

// TestDifferentialSeed replays one seed: DIFF_SEED=N go test ./reach/ -run TestDifferentialSeed -v
func TestDifferentialSeed(t *testing.T) {
	v := os.Getenv("DIFF_SEED")
	if v == "" {
		t.Skip("set DIFF_SEED to replay one seed")
	}
	seed, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if runDifferentialSeed(t, seed, diffQuestionsPerSeed, nil) {
		g := newGenerator(seed)
		js, err := json.MarshalIndent(g.build(), "", " ")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d agrees; snapshot before normalisation:\n%s", seed, js)
	}
}

func FuzzDifferential(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 13, 42, 109, 1234, 99991} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		runDifferentialSeed(t, seed, 8, nil)
	})
}
