package reach

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// Result is a verdict.
type Result string

// Verdicts. Unknown means the snapshot could not decide (an unresolvable
// reference, an unknown CIDR): never reported as allowed or safe.
const (
	Allowed Result = "allowed"
	Blocked Result = "blocked"
	Unknown Result = "unknown"
)

// Component names a network component on a path.
type Component struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Hop is one component the traffic crosses.
type Hop struct {
	Component
	Detail string `json:"detail,omitempty"`
	// At is the network interface or subnet the hop is evaluated at (a
	// group's rules on an interface, an ACL or route table on a subnet);
	// empty for gateways and peerings.
	At string `json:"at,omitempty"`
}

// Block is one component that stops the traffic, with a code modelled on
// Reachability Analyzer's explanation codes (aws-semantics §9.2) and the
// exact rule, entry or route involved.
type Block struct {
	Code      string    `json:"code"`
	Component Component `json:"component"`
	// Leg is "forward" or "return".
	Leg string `json:"leg"`
	// Rule is the rule, entry or route that decides ("" when none applies).
	Rule string `json:"rule,omitempty"`
	// Values are the blocked ports (or ICMP type/code values).
	Values  string `json:"values,omitempty"`
	Message string `json:"message"`
	// Hop is the 1-based index in Verdict.Hops of the hop the decision
	// was made at (the component's latest hop when it was made); 0 when
	// the path never reached the component (a missing route).
	Hop int `json:"hop,omitempty"`
}

// Verdict answers one reachability question, with every blocking
// component along the path, not only the first (the "blocked path" of
// Bayless et al., aws-semantics §10.1).
type Verdict struct {
	Result      Result   `json:"result"`
	Source      string   `json:"source"`
	Destination string   `json:"destination"`
	Traffic     string   `json:"traffic"`
	Hops        []Hop    `json:"hops"`
	Blocks      []Block  `json:"blocks"`
	Unknowns    []Block  `json:"unknowns,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

// Endpoint is one side of a question: an interface, or an address outside
// the snapshot (the internet).
type Endpoint struct {
	ENI  *ENI
	Addr netip.Addr
	// Name is how the user named it.
	Name string
}

// RepresentativeInternet is the address used for "internet" (TEST-NET-3,
// never routed privately).
var RepresentativeInternet = netip.MustParseAddr("203.0.113.10")

// Resolve turns a name into endpoints: an instance id (its primary
// interface), an ENI id, an interface endpoint id (its first interface),
// an IP address (an interface's own, or outside), or "internet".
func (m *Model) Resolve(name string) (Endpoint, error) {
	switch {
	case name == "internet":
		return Endpoint{Addr: RepresentativeInternet, Name: name}, nil
	case m.Instances[name] != nil:
		e := m.Instances[name][0]
		if len(e.Private) == 0 {
			return Endpoint{}, fmt.Errorf("instance %s has no private address in the snapshot", name)
		}
		return Endpoint{ENI: e, Addr: e.Private[0], Name: name}, nil
	case m.ENIs[name] != nil:
		e := m.ENIs[name]
		if len(e.Private) == 0 {
			return Endpoint{}, fmt.Errorf("network interface %s has no private address in the snapshot", name)
		}
		return Endpoint{ENI: e, Addr: e.Private[0], Name: name}, nil
	case m.Endpoints[name] != nil:
		return m.resolveEndpoint(name)
	}
	a, err := netip.ParseAddr(name)
	if err != nil {
		return Endpoint{}, fmt.Errorf("%q is not an instance, network interface, IP address or \"internet\" in this snapshot", name)
	}
	return Endpoint{ENI: m.byAddr[a], Addr: a, Name: name}, nil
}

// resolveEndpoint is an interface endpoint as a destination: its first
// network interface, with the endpoint's security groups (aws-semantics
// §5.2: an interface endpoint is ENIs in the chosen subnets).
func (m *Model) resolveEndpoint(name string) (Endpoint, error) {
	ep := m.Endpoints[name]
	if !strings.EqualFold(ep.Type, "interface") && !strings.EqualFold(ep.Type, "gatewayloadbalancer") {
		return Endpoint{}, fmt.Errorf("%s is a %s endpoint: it has no address of its own; ask about an address of the service (one in its prefix list) instead", name, ep.Type)
	}
	ids := slices.Sorted(slices.Values(ep.NetworkInterfaceIDs))
	for _, id := range ids {
		if e := m.ENIs[id]; e != nil && len(e.Private) > 0 {
			return Endpoint{ENI: e, Addr: e.Private[0], Name: name}, nil
		}
	}
	return Endpoint{}, fmt.Errorf("interface endpoint %s: none of its network interfaces is in the snapshot (Terraform and CloudFormation know them only after apply; scan the account, or ask about the interface's address)", name)
}

// neverFiltered are the addresses SGs and NACLs never filter
// (aws-semantics §1.7).
var neverFiltered = []netip.Addr{
	netip.MustParseAddr("169.254.169.253"), netip.MustParseAddr("169.254.169.254"),
	netip.MustParseAddr("169.254.169.123"), netip.MustParseAddr("169.254.170.2"),
	netip.MustParseAddr("fd00:ec2::253"), netip.MustParseAddr("fd00:ec2::254"), netip.MustParseAddr("fd00:ec2::123"),
}

type walk struct {
	m *Model
	t Traffic
	v *Verdict
	// blocked collects the values blocks apply to; blockedAll is set by a
	// block that stops every value (a missing route).
	blocked    PortSet
	blockedAll bool
}

func (w *walk) hop(typ, id, detail string) { w.hopAt(typ, id, "", detail) }

// hopAt records a hop evaluated at an interface or subnet.
func (w *walk) hopAt(typ, id, at, detail string) {
	w.v.Hops = append(w.v.Hops, Hop{Component: Component{typ, id}, Detail: detail, At: at})
}

// at is the 1-based index of the latest hop of component c, or 0.
func (w *walk) at(c Component) int {
	for i, h := range slices.Backward(w.v.Hops) {
		if h.Component == c {
			return i + 1
		}
	}
	return 0
}

func (w *walk) block(code, typ, id, leg, rule string, values PortSet, msg string) {
	c := Component{typ, id}
	b := Block{Code: code, Component: c, Leg: leg, Rule: rule, Message: msg, Hop: w.at(c)}
	if !values.Empty() {
		b.Values = w.valuesText(values)
	}
	switch {
	case leg == "return" && code == "SUBNET_ACL_RESTRICTION":
		// A reply blocked on some ephemeral ports breaks the connections
		// that picked them; treat the traffic as not getting through.
		w.blockedAll = true
	case values.Empty():
		w.blockedAll = true
	default:
		w.blocked = w.blocked.Union(values)
	}
	w.v.Blocks = append(w.v.Blocks, b)
}

func (w *walk) unknown(code, typ, id, leg, msg string) {
	c := Component{typ, id}
	w.v.Unknowns = append(w.v.Unknowns, Block{Code: code, Component: c, Leg: leg, Message: msg, Hop: w.at(c)})
}

// valuesText renders blocked values as ports or ICMP type/code.
func (w *walk) valuesText(p PortSet) string {
	if w.t.Protocol != "icmp" && w.t.Protocol != "icmpv6" {
		return p.String()
	}
	var parts []string
	for _, r := range p.Ranges() {
		if r[0] == r[1] {
			parts = append(parts, fmt.Sprintf("type %d code %d", r[0]/256, r[0]%256))
		} else {
			parts = append(parts, fmt.Sprintf("types %d-%d", r[0]/256, r[1]/256))
		}
	}
	return strings.Join(parts, ", ")
}

// Reach evaluates traffic from src to dst through the snapshot's security
// groups, route tables, NACLs and gateways, in both directions where
// state is not kept (aws-semantics §0).
func (m *Model) Reach(src, dst Endpoint, t Traffic) Verdict {
	v, _ := m.reach(src, dst, t)
	return v
}

// Allowed returns the values of t that get through from src to dst, and
// whether the answer is certain.
func (m *Model) Allowed(src, dst Endpoint, t Traffic) (PortSet, bool) {
	v, w := m.reach(src, dst, t)
	if w.blockedAll {
		return PortSet{}, len(v.Unknowns) == 0
	}
	return t.Ports.Subtract(w.blocked), len(v.Unknowns) == 0
}

func (m *Model) reach(src, dst Endpoint, t Traffic) (Verdict, *walk) {
	v := Verdict{Source: src.Name, Destination: dst.Name, Traffic: t.String(), Hops: []Hop{}, Blocks: []Block{}}
	w := &walk{m: m, t: t, v: &v}
	switch {
	case src.ENI == nil && dst.ENI == nil:
		v.Notes = append(v.Notes, "neither endpoint is an interface in the snapshot")
		v.Result = Unknown
		return v, w
	case slices.Contains(neverFiltered, dst.Addr):
		v.Notes = append(v.Notes, "security groups and network ACLs never filter traffic to Amazon DNS, instance metadata or Time Sync (aws-semantics §1.7)")
		v.Result = Allowed
		return v, w
	case src.ENI != nil && dst.ENI != nil:
		w.eniToENI(src, dst)
	case src.ENI != nil:
		w.eniToOutside(src, dst)
	default:
		w.outsideToENI(src, dst)
	}
	v.Result = v.outcome()
	return v, w
}

// outcome is the result its blocks and unknowns give: any block blocks,
// else anything undecided is unknown.
func (v *Verdict) outcome() Result {
	switch {
	case len(v.Blocks) > 0:
		return Blocked
	case len(v.Unknowns) > 0:
		return Unknown
	}
	return Allowed
}

// sgCheck evaluates the SGs of e for the peer; a gap is a block with the
// group(s) named.
func (w *walk) sgCheck(e *ENI, egress bool, peer netip.Addr, peerENI *ENI) {
	const leg = "forward" // SGs are stateful: replies are never re-checked (aws-semantics §1.1)
	allowed, rules, unknown := w.m.sgAllowed(e, egress, peer, peerENI, w.t)
	dir := "inbound"
	if egress {
		dir = "outbound"
	}
	groups := strings.Join(e.Groups, ",")
	w.hopAt("security-group", groups, e.ID, fmt.Sprintf("%s rules of %s", dir, e.ID))
	missing := w.t.Ports.Subtract(allowed)
	if missing.Empty() {
		return
	}
	if len(unknown) > 0 {
		w.unknown("UNKNOWN_RESOURCE", "security-group", groups, leg, strings.Join(unknown, "; "))
		return
	}
	code := "ENI_SG_RULES_MISMATCH"
	if len(e.Groups) == 0 {
		code = "SG_HAS_NO_RULES"
	}
	msg := fmt.Sprintf("no %s rule of %s (on %s) admits %s %s %s", dir, orNone(groups), e.ID, w.t.Protocol, map[bool]string{true: "to", false: "from"}[egress], peer)
	if len(rules) > 0 {
		msg += fmt.Sprintf(" for %s (rules allowing other values: %s)", w.valuesText(missing), strings.Join(rules, ", "))
	}
	w.block(code, "security-group", groups, leg, "", missing, msg)
}

func orNone(s string) string {
	if s == "" {
		return "(no security groups)"
	}
	return s
}

// aclCheck evaluates a subnet's NACL in one direction for the peer.
func (w *walk) aclCheck(subnetID string, egress bool, peer netip.Addr, values PortSet, leg string) {
	sn := w.m.Subnets[subnetID]
	if sn == nil {
		w.unknown("UNKNOWN_RESOURCE", "subnet", subnetID, leg, "subnet "+subnetID+" is not in the snapshot")
		return
	}
	acl := w.m.ACLs[sn.NetworkACLID]
	if acl == nil {
		w.unknown("UNKNOWN_RESOURCE", "network-acl", sn.NetworkACLID, leg, "the network ACL of "+subnetID+" is not in the snapshot")
		return
	}
	dir := "inbound"
	if egress {
		dir = "outbound"
	}
	w.hopAt("network-acl", acl.ID, subnetID, fmt.Sprintf("%s, %s (%s leg)", subnetID, dir, leg))
	allowed, denied, unknown := aclAllowed(acl, egress, peer, w.t.Number, values)
	if allowed.Equal(values) || values.Empty() {
		return
	}
	if unknown {
		w.unknown("UNKNOWN_RESOURCE", "network-acl", acl.ID, leg, "an entry with an unknown CIDR comes first for some of this traffic")
	}
	for _, d := range denied {
		what := fmt.Sprintf("%s %s", w.t.Protocol, w.valuesText(d.Ports))
		if leg == "return" {
			what = "the reply (" + what + ")"
		}
		w.block("SUBNET_ACL_RESTRICTION", "network-acl", acl.ID, leg, entryText(d.Entry), d.Ports,
			fmt.Sprintf("%s of %s: %s matches %s %s %s first", acl.ID, subnetID, entryText(d.Entry), what, map[bool]string{true: "to", false: "from"}[egress], peer))
	}
}

// routeCheck finds the subnet's route to dst and returns it (nil when
// there is none; the block is recorded).
func (w *walk) routeCheck(subnetID string, dst netip.Addr, leg string) (*tableRoute, bool) {
	sn := w.m.Subnets[subnetID]
	if sn == nil {
		w.unknown("UNKNOWN_RESOURCE", "subnet", subnetID, leg, "subnet "+subnetID+" is not in the snapshot")
		return nil, false
	}
	rt := w.m.Tables[sn.RouteTableID]
	if rt == nil {
		w.unknown("UNKNOWN_RESOURCE", "route-table", sn.RouteTableID, leg, "the route table of "+subnetID+" is not in the snapshot")
		return nil, false
	}
	r := w.m.routeFor(rt, dst)
	if r == nil {
		w.block("NO_ROUTE_TO_DESTINATION", "route-table", rt.ID, leg, "", PortSet{},
			fmt.Sprintf("route table %s of %s has no route to %s", rt.ID, subnetID, dst))
		return nil, false
	}
	w.hopAt("route-table", rt.ID, subnetID, fmt.Sprintf("%s: %s", subnetID, routeText(r)))
	if r.State == "blackhole" {
		w.block("BAD_STATE_ROUTE", "route-table", rt.ID, leg, routeText(r), PortSet{},
			fmt.Sprintf("the route to %s in %s is a blackhole: its target %s is gone or not attached", dst, rt.ID, r.TargetID))
		return nil, false
	}
	return &tableRoute{table: rt.ID, route: routeText(r), target: r.TargetType, targetID: r.TargetID}, true
}

type tableRoute struct {
	table, route string
	target       snapshot.TargetKind
	targetID     string
}

func (w *walk) eniToENI(src, dst Endpoint) {
	s, d := src.ENI, dst.ENI
	w.hopAt("network-interface", s.ID, s.ID, "source "+src.Addr.String())
	w.sgCheck(s, true, dst.Addr, d)
	w.network(src, dst)
	w.sgCheck(d, false, src.Addr, s)
	w.hopAt("network-interface", d.ID, d.ID, "destination "+dst.Addr.String())
}

// network is everything between two interfaces' security groups: routes,
// gateways and NACLs, both ways. It depends only on the two subnets, the
// two addresses and the traffic, which is what lets the matrix share it
// between interface classes.
func (w *walk) network(src, dst Endpoint) {
	s, d := src.ENI, dst.ENI
	if s.SubnetID == d.SubnetID {
		// aws-semantics §3.1 L2 exemption: traffic within a subnet uses
		// neither the route table nor the NACL.
		w.hopAt("subnet", s.SubnetID, s.SubnetID, "same subnet: no route table, no network ACL")
		return
	}
	if w.crossSubnet(src, dst) {
		w.aclCheck(d.SubnetID, false, src.Addr, w.t.Ports, "forward")
		if reply, ok := w.t.replyPorts(); ok {
			w.aclCheck(d.SubnetID, true, src.Addr, reply, "return")
			w.aclCheck(s.SubnetID, false, dst.Addr, reply, "return")
		}
	}
}

// crossSubnet checks the forward route and source NACL, and the return
// route; it reports false when the path cannot be followed further.
func (w *walk) crossSubnet(src, dst Endpoint) bool {
	s, d := src.ENI, dst.ENI
	fwd, ok := w.routeCheck(s.SubnetID, dst.Addr, "forward")
	w.aclCheck(s.SubnetID, true, dst.Addr, w.t.Ports, "forward")
	if !ok {
		return false
	}
	if !w.viaTarget(fwd, s.VPCID, d.VPCID, dst.Addr, "forward") {
		return false
	}
	// Only traffic that expects a reply needs a route back: there is no
	// reverse-path check on the way in (aws-semantics §4, no uRPF).
	if _, replies := w.t.replyPorts(); !replies {
		return true
	}
	back, ok := w.routeCheck(d.SubnetID, src.Addr, "return")
	if ok {
		w.viaTarget(back, d.VPCID, s.VPCID, src.Addr, "return")
	}
	return true
}

// viaTarget checks that a route's target carries traffic from VPC a to
// VPC b (aws-semantics §3.4, §4).
func (w *walk) viaTarget(r *tableRoute, from, to string, dst netip.Addr, leg string) bool {
	switch r.target {
	case snapshot.TargetLocal:
		if from != to {
			w.block("VPC_LOCAL_ROUTE_CIDR_RESTRICTION", "route-table", r.table, leg, r.route, PortSet{}, fmt.Sprintf("%s matches the local route of %s but belongs to %s", dst, from, to))
			return false
		}
		return true
	case snapshot.TargetPeeringConnection:
		pc := w.m.Peerings[r.targetID]
		if pc == nil {
			w.unknown("UNKNOWN_RESOURCE", "peering-connection", r.targetID, leg, "peering connection "+r.targetID+" is not in the snapshot")
			return false
		}
		w.hop("peering-connection", pc.ID, pc.Status)
		if pc.Status != "active" {
			w.block("BAD_STATE", "peering-connection", pc.ID, leg, r.route, PortSet{}, fmt.Sprintf("peering %s is %s, not active: traffic flows only over an active peering", pc.ID, pc.Status))
			return false
		}
		peer := pc.Accepter
		if pc.Accepter.VPCID == from {
			peer = pc.Requester
		}
		if peer.VPCID != to {
			w.block("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "peering-connection", pc.ID, leg, r.route, PortSet{}, fmt.Sprintf("%s leads to %s, but %s is in %s: peering is not transitive (aws-semantics §4)", pc.ID, peer.VPCID, dst, to))
			return false
		}
		if !anyContains(prefixes(slices.Concat(peer.CIDRBlocks, peer.IPv6CIDRBlocks)), dst) && !anyContains(w.m.vpcPrefixes(to), dst) {
			w.block("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "peering-connection", pc.ID, leg, r.route, PortSet{}, fmt.Sprintf("%s is not within the CIDRs of %s", dst, peer.VPCID))
			return false
		}
		return true
	case snapshot.TargetInternetGateway:
		if PrefixSet(netip.PrefixFrom(dst, dst.BitLen())).Public().Empty() {
			w.block("IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS", "route-table", r.table, leg, r.route, PortSet{}, fmt.Sprintf("the best route to %s is the internet gateway %s, which drops private destinations: a route to %s is missing", dst, r.targetID, to))
			return false
		}
		fallthrough
	case snapshot.TargetGatewayEndpoint:
		w.block("CANNOT_ROUTE", "route-table", r.table, leg, r.route, PortSet{}, fmt.Sprintf("the route to %s goes to %s %s, which does not lead to %s", dst, r.target, r.targetID, to))
		return false
	default:
		// Transit gateways, virtual private gateways, NAT gateways,
		// appliances (an ENI or instance target), egress-only gateways:
		// any of them may carry the traffic on, vpclint does not follow
		// them, so the answer is unknown, never blocked or allowed.
		w.unknown("UNSUPPORTED_COMPONENT", string(r.target), r.targetID, leg, fmt.Sprintf("the route to %s goes through %s %s, which vpclint does not follow: whether it reaches %s is unknown", dst, r.target, r.targetID, to))
		return false
	}
}

// eniToOutside is traffic from an interface to an address outside the
// snapshot's interfaces (the internet).
func (w *walk) eniToOutside(src, dst Endpoint) {
	s := src.ENI
	w.hopAt("network-interface", s.ID, s.ID, "source "+src.Addr.String())
	w.sgCheck(s, true, dst.Addr, nil)
	r, ok := w.routeCheck(s.SubnetID, dst.Addr, "forward")
	w.aclCheck(s.SubnetID, true, dst.Addr, w.t.Ports, "forward")
	if reply, ok := w.t.replyPorts(); ok {
		w.aclCheck(s.SubnetID, false, dst.Addr, reply, "return")
	}
	if !ok {
		return
	}
	switch r.target {
	case snapshot.TargetInternetGateway:
		w.internetGateway(r, s, src.Addr, "forward")
	case snapshot.TargetNATGateway:
		w.natGateway(r, s, dst.Addr)
	case snapshot.TargetEgressOnlyInternetGateway:
		if !dst.Addr.Is6() {
			w.block("CANNOT_ROUTE", "egress-only-internet-gateway", r.targetID, "forward", r.route, PortSet{}, "an egress-only internet gateway carries IPv6 only")
			return
		}
		w.hop("egress-only-internet-gateway", r.targetID, "")
	case snapshot.TargetGatewayEndpoint:
		w.gatewayEndpoint(r, s)
	case snapshot.TargetLocal:
		w.block("NO_ROUTE_TO_DESTINATION", "route-table", r.table, "forward", r.route, PortSet{}, fmt.Sprintf("%s is inside the VPC but no interface in the snapshot has it", dst.Addr))
	default:
		w.unknown("UNSUPPORTED_COMPONENT", string(r.target), r.targetID, "forward", fmt.Sprintf("traffic leaves through %s %s, which vpclint does not model yet", r.target, r.targetID))
	}
}

// internetGateway checks an IGW hop for an interface (aws-semantics §6.1).
func (w *walk) internetGateway(r *tableRoute, e *ENI, addr netip.Addr, leg string) {
	igw := w.m.IGWs[r.targetID]
	if igw == nil {
		w.unknown("UNKNOWN_RESOURCE", "internet-gateway", r.targetID, leg, "internet gateway "+r.targetID+" is not in the snapshot")
		return
	}
	w.hop("internet-gateway", igw.ID, "")
	if w.m.attachedIGW(e.VPCID) != igw {
		w.block("BAD_STATE_ATTACHMENT", "internet-gateway", igw.ID, leg, r.route, PortSet{}, fmt.Sprintf("%s is not attached to %s", igw.ID, e.VPCID))
	}
	if addr.Is4() && len(e.Public) == 0 && e.PublicUnknown {
		w.unknown("UNKNOWN_RESOURCE", "network-interface", e.ID, leg, e.ID+"'s public IPv4 address is known only after apply")
	} else if addr.Is4() && len(e.Public) == 0 {
		w.block("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "network-interface", e.ID, leg, r.route, PortSet{}, e.ID+" has no public IPv4 address, so the internet gateway cannot carry its traffic")
	}
}

// natGateway checks a NAT gateway hop: available, public, and its own
// subnet routes to an attached IGW; its NACL applies both ways
// (aws-semantics §6.2).
func (w *walk) natGateway(r *tableRoute, e *ENI, dst netip.Addr) {
	nat := w.m.NATs[r.targetID]
	if nat == nil {
		w.unknown("UNKNOWN_RESOURCE", "nat-gateway", r.targetID, "forward", "NAT gateway "+r.targetID+" is not in the snapshot")
		return
	}
	w.hop("nat-gateway", nat.ID, nat.ConnectivityType)
	if nat.State != "" && nat.State != "available" {
		w.block("BAD_STATE", "nat-gateway", nat.ID, "forward", r.route, PortSet{}, fmt.Sprintf("NAT gateway %s is %s", nat.ID, nat.State))
		return
	}
	if nat.ConnectivityType == "private" {
		w.block("CANNOT_ROUTE", "nat-gateway", nat.ID, "forward", r.route, PortSet{}, "a private NAT gateway cannot reach the internet")
		return
	}
	natReply := ServerEphemeral
	w.aclCheck(nat.SubnetID, false, e.Private[0], w.t.Ports, "forward")
	w.aclCheck(nat.SubnetID, true, dst, w.t.Ports, "forward")
	if reply, ok := w.t.replyPorts(); ok {
		if w.t.Protocol == "tcp" || w.t.Protocol == "udp" {
			reply = natReply
		}
		w.aclCheck(nat.SubnetID, false, dst, reply, "return")
	}
	nr, ok := w.routeCheck(nat.SubnetID, dst, "forward")
	if !ok {
		return
	}
	if nr.target != snapshot.TargetInternetGateway {
		w.block("CANNOT_ROUTE", "route-table", nr.table, "forward", nr.route, PortSet{}, fmt.Sprintf("the NAT gateway's subnet %s sends %s to %s, not to an internet gateway", nat.SubnetID, dst, nr.target))
		return
	}
	igw := w.m.IGWs[nr.targetID]
	if igw == nil || w.m.attachedIGW(nat.VPCID) != igw {
		w.block("BAD_STATE_ATTACHMENT", "internet-gateway", nr.targetID, "forward", nr.route, PortSet{}, fmt.Sprintf("%s is not attached to %s", nr.targetID, nat.VPCID))
		return
	}
	w.hop("internet-gateway", igw.ID, "")
}

// outsideToENI is traffic from the internet to an interface
// (aws-semantics §6.1): an attached IGW, a public address, a return route
// through the IGW, NACLs both ways, SG ingress.
func (w *walk) outsideToENI(src, dst Endpoint) {
	d := dst.ENI
	w.hop("internet", src.Addr.String(), "source")
	igw := w.m.attachedIGW(d.VPCID)
	if igw == nil {
		w.block("NO_POSSIBLE_DESTINATION", "vpc", d.VPCID, "forward", "", PortSet{}, d.VPCID+" has no attached internet gateway")
	} else {
		w.hop("internet-gateway", igw.ID, "")
	}
	if src.Addr.Is4() && len(d.Public) == 0 && d.PublicUnknown {
		w.unknown("UNKNOWN_RESOURCE", "network-interface", d.ID, "forward", d.ID+"'s public IPv4 address is known only after apply")
	} else if src.Addr.Is4() && len(d.Public) == 0 {
		w.block("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "network-interface", d.ID, "forward", "", PortSet{}, d.ID+" has no public IPv4 address: the internet gateway only forwards to public addresses")
	}
	if src.Addr.Is6() && len(d.IPv6) == 0 {
		w.block("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "network-interface", d.ID, "forward", "", PortSet{}, d.ID+" has no IPv6 address")
	}
	w.aclCheck(d.SubnetID, false, src.Addr, w.t.Ports, "forward")
	if reply, ok := w.t.replyPorts(); ok {
		w.aclCheck(d.SubnetID, true, src.Addr, reply, "return")
	}
	if r, ok := w.routeCheck(d.SubnetID, src.Addr, "return"); ok && r.target != snapshot.TargetInternetGateway {
		w.block("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "route-table", r.table, "return", r.route, PortSet{}, fmt.Sprintf("replies to %s leave %s through %s %s, not the internet gateway, so they never reach the client", src.Addr, d.SubnetID, r.target, r.targetID))
	}
	w.sgCheck(d, false, src.Addr, nil)
	w.hopAt("network-interface", d.ID, d.ID, "destination "+dst.Addr.String())
}

// gatewayEndpoint checks a gateway endpoint hop (aws-semantics §5.1): the
// endpoint of the route exists in the source VPC, is available, and the
// traffic is TCP or an ICMP echo request.
func (w *walk) gatewayEndpoint(r *tableRoute, e *ENI) {
	ep := w.m.Endpoints[r.targetID]
	if ep == nil {
		w.unknown("UNKNOWN_RESOURCE", "vpc-endpoint", r.targetID, "forward", "VPC endpoint "+r.targetID+" is not in the snapshot")
		return
	}
	w.hop("vpc-endpoint", ep.ID, ep.ServiceName)
	if ep.State != "" && !strings.EqualFold(ep.State, "available") {
		w.block("BAD_STATE", "vpc-endpoint", ep.ID, "forward", r.route, PortSet{}, fmt.Sprintf("endpoint %s is %s", ep.ID, ep.State))
	}
	if ep.VPCID != e.VPCID {
		w.block("CANNOT_ROUTE", "vpc-endpoint", ep.ID, "forward", r.route, PortSet{}, "a gateway endpoint serves only its own VPC: traffic from a peer cannot use it")
	}
	echo := w.t.Protocol == "icmp" && w.t.Ports.Intersect(ICMPSet(8, -1)).Equal(w.t.Ports)
	if w.t.Protocol != "tcp" && !echo {
		w.block("VPCE_GATEWAY_PROTOCOL_RESTRICTION", "vpc-endpoint", ep.ID, "forward", "", PortSet{}, "a gateway endpoint accepts only TCP and ICMP echo traffic")
	}
}
