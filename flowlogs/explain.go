package flowlogs

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// Verdict is how a configuration accounts for a group's action.
type Verdict string

// The verdicts. NotExplained is itself a finding: the configuration
// contradicts what AWS recorded (a REJECT it allows, an ACCEPT it drops),
// so it changed since, or is not what was scanned.
const (
	VerdictBlocked      Verdict = "blocked"
	VerdictAllowed      Verdict = "allowed"
	VerdictNotExplained Verdict = "not-explained"
	VerdictUnknown      Verdict = "unknown"
)

// Role is which leg of a connection a group's packets are.
type Role string

// The roles: a request goes from the client to the server, a response
// back. Security groups decide requests only (aws-semantics §1.1).
const (
	RoleRequest  Role = "request"
	RoleResponse Role = "response"
)

// Cause is one component that drops the traffic at the recorded
// interface: reach's block (code, component, leg, rule, message) and, for
// a network ACL, the number of the entry that matched first (32767 and
// 32768 are the default "*" entries).
type Cause struct {
	reach.Block
	Entry int `json:"entry,omitempty"`
}

// Explanation says why AWS recorded a group at its interface.
type Explanation struct {
	Interface string    `json:"interface"`
	Instance  string    `json:"instance,omitempty"`
	Subnet    string    `json:"subnet,omitempty"`
	Direction Direction `json:"direction"`
	// DirectionInferred is set when the records did not carry
	// flow-direction and it was taken from the interface's own addresses.
	DirectionInferred bool       `json:"direction_inferred,omitempty"`
	Action            Action     `json:"action"`
	Protocol          int        `json:"protocol"`
	Src               netip.Addr `json:"src"`
	Dst               netip.Addr `json:"dst"`
	// SrcPort and DstPort are EphemeralPort (-1) for the client side;
	// ClientPorts is the range it used.
	SrcPort     int      `json:"src_port"`
	DstPort     int      `json:"dst_port"`
	ClientPorts [2]int   `json:"client_ports"`
	Records     int64    `json:"records"`
	Packets     int64    `json:"packets"`
	Bytes       int64    `json:"bytes"`
	First       int64    `json:"first"`
	Last        int64    `json:"last"`
	Sample      Position `json:"sample"`
	// Role is whether the packets are the request or the response leg.
	Role Role `json:"role,omitempty"`
	// Peer is the other end: an interface of the configuration, or an
	// address outside it.
	Peer string `json:"peer,omitempty"`
	// Traffic is what was evaluated, in reach's syntax (tcp/22, icmp/8/0).
	Traffic string  `json:"traffic,omitempty"`
	Verdict Verdict `json:"verdict"`
	// Causes are where the configuration drops the traffic at this
	// interface (for a blocked REJECT, or an ACCEPT it would drop).
	Causes      []Cause  `json:"causes,omitempty"`
	Reason      string   `json:"reason"`
	Assumptions []string `json:"assumptions,omitempty"`
	// Reach is the evaluation at the interface the verdict comes from.
	// Causes and Reach are shared by the explanations of one flow: treat
	// them as read-only.
	Reach *reach.Verdict `json:"reach,omitempty"`
}

// Explainer explains groups against one configuration, caching the
// evaluation per interface, direction, leg, protocol, peer and ports, so
// that many groups of the same flow cost one evaluation.
type Explainer struct {
	m *reach.Model
	// reverse indexes the summary's groups by interface, protocol and
	// addresses, to recognise a response by its request (aws-semantics
	// §8.3); nil when there is no summary.
	reverse map[pairKey]pairSeen
	// own is, per recorded interface id, the one address every one of its
	// groups carries (its own: aws-semantics §8.2), or the zero Addr when
	// the groups disagree; nil when there is no summary.
	own   map[string]netip.Addr
	cache map[evalKey]evaluation
}

type pairKey struct {
	iface    string
	protocol int
	src, dst netip.Addr
}

type pairSeen struct {
	first    int64
	accepted bool
	found    bool // a group of the summary has this key
}

type evalKey struct {
	iface         string
	egress, reply bool
	protocol      int
	peer          netip.Addr
	lo, hi        int
}

// evaluation is cached and shared by the explanations of one flow: its
// verdict and causes are read-only.
type evaluation struct {
	verdict *reach.Verdict
	causes  []Cause
}

// NewExplainer prepares explanations against m; s, when not nil, is the
// summary the groups come from (the groups explained must be its own),
// whose other groups tell a response from a request when ports cannot
// (ICMP, protocols without ports).
func NewExplainer(m *reach.Model, s *Summary) *Explainer {
	x := &Explainer{m: m, cache: map[evalKey]evaluation{}}
	if s != nil {
		x.reverse = reverseFlows(s)
		x.own = ownAddresses(s)
	}
	return x
}

// reverseFlows indexes the reverse flows responseBy asks about: those of
// the groups whose ports do not tell request from response (ICMP, other
// protocols, neither port ephemeral), usually few. Indexing every group
// cost more than explaining the rejected ones.
func reverseFlows(s *Summary) map[pairKey]pairSeen {
	rev := map[pairKey]pairSeen{}
	for _, g := range s.Groups {
		if g.SrcPort != EphemeralPort && g.DstPort != EphemeralPort {
			rev[pairKey{g.Interface, g.Protocol, g.Dst, g.Src}] = pairSeen{}
		}
	}
	if len(rev) == 0 {
		return rev
	}
	for _, g := range s.Groups {
		k := pairKey{g.Interface, g.Protocol, g.Src, g.Dst}
		seen, ok := rev[k]
		if !ok {
			continue
		}
		if !seen.found || g.First < seen.first {
			seen.first = g.First
		}
		seen.accepted = seen.accepted || g.Action == Accept
		seen.found = true
		rev[k] = seen
	}
	maps.DeleteFunc(rev, func(_ pairKey, v pairSeen) bool { return !v.found })
	return rev
}

// ownAddresses finds each interface's own address from its records: a
// record at an interface has the interface's address as its source
// (outgoing) or destination (incoming), so the address in every group of
// the interface is its own. Two candidates left (one group only, both
// ends the same two addresses) give none.
func ownAddresses(s *Summary) map[string]netip.Addr {
	cands := map[string][]netip.Addr{}
	for _, g := range s.Groups {
		c, seen := cands[g.Interface]
		if !seen {
			cands[g.Interface] = []netip.Addr{g.Src, g.Dst}
			continue
		}
		cands[g.Interface] = slices.DeleteFunc(c, func(a netip.Addr) bool { return a != g.Src && a != g.Dst })
	}
	own := make(map[string]netip.Addr, len(cands))
	for id, c := range cands {
		if c = slices.Compact(c); len(c) == 1 {
			own[id] = c[0]
		}
	}
	return own
}

// Explain explains one group without the rest of its summary.
func Explain(m *reach.Model, g Group) Explanation {
	return NewExplainer(m, nil).Explain(g)
}

// ExplainAll explains every REJECT group of s, in the summary's order
// (sorted by key), against m. Contiguous runs of groups are explained on
// every core, each with its own cache (neighbouring groups share
// interfaces and peers, so a run keeps most of its hits); an explanation
// does not depend on which run it fell in.
func ExplainAll(m *reach.Model, s *Summary) []Explanation {
	x := NewExplainer(m, s)
	var rejects []int
	for i, g := range s.Groups {
		if g.Action == Reject {
			rejects = append(rejects, i)
		}
	}
	out := make([]Explanation, len(rejects))
	const minRun = 1024
	n := max(min(runtime.GOMAXPROCS(0), len(rejects)/minRun), 1)
	var wg sync.WaitGroup
	for w := range n {
		run := rejects[w*len(rejects)/n : (w+1)*len(rejects)/n]
		dst := out[w*len(rejects)/n:]
		wx := &Explainer{m: x.m, reverse: x.reverse, own: x.own, cache: map[evalKey]evaluation{}}
		wg.Go(func() {
			for j, i := range run {
				dst[j] = wx.Explain(s.Groups[i])
			}
		})
	}
	wg.Wait()
	return out
}

// Explain says why AWS recorded g at its interface.
func (x *Explainer) Explain(g Group) Explanation {
	ex := flowOf(g)
	e, why := x.iface(g)
	if e == nil {
		return unknownExplanation(ex, why)
	}
	ex.Instance, ex.Subnet = e.InstanceID, e.SubnetID
	if e.ID != g.Interface {
		ex.Assumptions = append(ex.Assumptions, fmt.Sprintf("%s is %s in the configuration (instance %s), by its address", g.Interface, e.ID, cmp.Or(e.InstanceID, "-")))
	}
	dir, why := ownDirection(e, g)
	ex.Direction, ex.DirectionInferred = dir, g.Direction == DirectionUnknown && dir != DirectionUnknown
	if dir == DirectionUnknown {
		return unknownExplanation(ex, why)
	}
	if forwardingTypes[e.InterfaceType] {
		return unknownExplanation(ex, fmt.Sprintf("%s is a %s interface: its records are traffic it forwards, which vpclint does not follow", e.ID, e.InterfaceType))
	}
	peerAddr := g.Src
	if dir == Egress {
		peerAddr = g.Dst
	}
	peer := reach.Endpoint{ENI: x.m.ENIByAddr(peerAddr), Addr: peerAddr, Name: peerAddr.String()}
	if peer.ENI != nil {
		peer.Name = peer.ENI.ID
	}
	ex.Peer = peer.Name
	hyps := x.hypotheses(g)
	h, ev := hyps[0], x.evaluate(e, peer, dir == Egress, hyps[0], g.Protocol)
	if len(hyps) > 1 && !agrees(ev.verdict.Result, g.Action) {
		if alt := x.evaluate(e, peer, dir == Egress, hyps[1], g.Protocol); agrees(alt.verdict.Result, g.Action) {
			h, ev = hyps[1], alt
			h.assumptions = append(h.assumptions, fmt.Sprintf("read as the %s: as the %s, this configuration would not account for the %s", hyps[1].role, hyps[0].role, g.Action))
		}
	}
	ex.Role, ex.Traffic = h.role, ev.verdict.Traffic
	ex.Assumptions = append(ex.Assumptions, h.assumptions...)
	return finish(ex, g, ev)
}

// forwardingTypes are the interface types whose records describe traffic they
// forward for others, with no security group of their own to decide it.
var forwardingTypes = map[string]bool{
	"nat_gateway": true, "natGateway": true, "transit_gateway": true,
	"gateway_load_balancer": true, "gateway_load_balancer_endpoint": true,
}

// iface finds the recorded interface: by its id, or, when the
// configuration lists the instance without that interface id, the
// instance's interface that owns one of the group's addresses.
func (x *Explainer) iface(g Group) (*reach.ENI, string) {
	if e := x.m.ENIs[g.Interface]; e != nil {
		return e, ""
	}
	for _, e := range x.m.Instances[g.InstanceID] {
		if ownsAddr(e, g.Src) || ownsAddr(e, g.Dst) {
			return e, ""
		}
	}
	// Before apply, Terraform and CloudFormation know an interface by its
	// address, not by the id AWS gives it.
	if a, ok := x.own[g.Interface]; ok {
		if e := x.m.ENIByAddr(a); e != nil {
			return e, ""
		}
	}
	return nil, fmt.Sprintf("interface %s is not in the configuration", g.Interface)
}

func ownsAddr(e *reach.ENI, a netip.Addr) bool {
	return slices.Contains(e.Private, a) || slices.Contains(e.IPv6, a) || slices.Contains(e.Public, a)
}

// ownDirection is the recorded direction, checked against the interface's
// own addresses, or inferred from them when the format lacks it
// (srcaddr of an outgoing record and dstaddr of an incoming one are the
// interface's own, aws-semantics §8.2).
func ownDirection(e *reach.ENI, g Group) (Direction, string) {
	src, dst := ownsAddr(e, g.Src), ownsAddr(e, g.Dst)
	switch {
	case g.Direction == Egress && src, g.Direction == Ingress && dst:
		return g.Direction, ""
	case g.Direction == DirectionUnknown && src && !dst:
		return Egress, ""
	case g.Direction == DirectionUnknown && dst && !src:
		return Ingress, ""
	case src && dst:
		return DirectionUnknown, fmt.Sprintf("both %s and %s belong to %s: the direction cannot be told", g.Src, g.Dst, e.ID)
	}
	return DirectionUnknown, fmt.Sprintf("%s owns neither %s nor %s in the configuration: traffic forwarded through it (an appliance, NAT, or an address the configuration lacks), which vpclint does not follow", e.ID, g.Src, g.Dst)
}

// hypothesis is one reading of a group: its role and the destination
// values its packets carry (ports, or ICMP type*256+code).
type hypothesis struct {
	role        Role
	lo, hi      int
	assumptions []string
}

// hypotheses are the readings of g, the most likely first. Ports settle
// TCP and UDP: the collapsed ephemeral side is the client. Otherwise both
// readings are possible and the summary's reverse flow decides the order.
func (x *Explainer) hypotheses(g Group) []hypothesis {
	switch {
	case g.SrcPort == EphemeralPort:
		return []hypothesis{{role: RoleRequest, lo: g.DstPort, hi: g.DstPort}}
	case g.DstPort == EphemeralPort:
		return []hypothesis{{role: RoleResponse, lo: g.ClientPorts[0], hi: g.ClientPorts[1]}}
	}
	req, resp := hypothesis{role: RoleRequest}, hypothesis{role: RoleResponse}
	switch g.Protocol {
	case 1, 58:
		echo, reply := 8, 0
		if g.Protocol == 58 {
			echo, reply = 128, 129
		}
		req.lo, resp.lo = echo*256, reply*256
		req.hi, resp.hi = req.lo, resp.lo
		note := "flow logs carry no ICMP type: read as an echo (ping) request and its reply"
		req.assumptions, resp.assumptions = []string{note}, []string{note}
	case 6, 17:
		req.lo, req.hi, resp.lo, resp.hi = g.DstPort, g.DstPort, g.DstPort, g.DstPort
	default:
		req.hi, resp.hi = 65535, 65535
	}
	if why := x.responseBy(g); why != "" {
		resp.assumptions = append(resp.assumptions, why)
		return []hypothesis{resp, req}
	}
	if (g.Protocol == 6 || g.Protocol == 17) && g.SrcPort < g.DstPort {
		resp.assumptions = append(resp.assumptions, "neither port is ephemeral: the lower source port is read as the server's")
		return []hypothesis{resp, req}
	}
	return []hypothesis{req, resp}
}

// responseBy says why the summary shows g as a response, or "": the
// reverse flow at the same interface was accepted while g was rejected
// (an SG never rejects the response to accepted traffic, aws-semantics
// §8.3), or started earlier.
func (x *Explainer) responseBy(g Group) string {
	rev, ok := x.reverse[pairKey{g.Interface, g.Protocol, g.Dst, g.Src}]
	switch {
	case !ok:
		return ""
	case g.Action == Reject && rev.accepted:
		return fmt.Sprintf("the reverse flow %s -> %s was accepted at the same interface: this is its response", g.Dst, g.Src)
	case rev.first < g.First:
		return fmt.Sprintf("the reverse flow %s -> %s started earlier at the same interface: this is its response", g.Dst, g.Src)
	}
	return ""
}

func (x *Explainer) evaluate(e *reach.ENI, peer reach.Endpoint, egress bool, h hypothesis, protocol int) evaluation {
	k := evalKey{e.ID, egress, h.role == RoleResponse, protocol, peer.Addr, h.lo, h.hi}
	if ev, ok := x.cache[k]; ok {
		return ev
	}
	name, num, err := snapshot.CanonicalProtocol(strconv.Itoa(protocol))
	if err != nil {
		name, num = strconv.Itoa(protocol), protocol
	}
	t := reach.Traffic{Protocol: name, Number: num, Ports: reach.Range(h.lo, h.hi), Ephemeral: reach.ClientEphemeral(e)}
	v, denied := x.m.AtInterface(e, peer, egress, h.role == RoleResponse, t)
	ev := evaluation{verdict: &v, causes: causesOf(v.Blocks, denied)}
	x.cache[k] = ev
	return ev
}

// agrees says whether a result accounts for the recorded action.
func agrees(r reach.Result, a Action) bool {
	return (r == reach.Blocked && a == Reject) || (r == reach.Allowed && a == Accept)
}

func flowOf(g Group) Explanation {
	return Explanation{
		Interface: g.Interface, Instance: g.InstanceID, Subnet: g.SubnetID, Direction: g.Direction,
		Action: g.Action, Protocol: g.Protocol, Src: g.Src, Dst: g.Dst, SrcPort: g.SrcPort, DstPort: g.DstPort,
		ClientPorts: g.ClientPorts, Records: g.Records, Packets: g.Packets, Bytes: g.Bytes,
		First: g.First, Last: g.Last, Sample: g.Sample,
	}
}

func unknownExplanation(ex Explanation, why string) Explanation {
	ex.Verdict, ex.Reason = VerdictUnknown, "unknown: "+why
	return ex
}

// finish turns the evaluation into the verdict, its causes and a reason.
func finish(ex Explanation, g Group, ev evaluation) Explanation {
	v := ev.verdict
	ex.Reach, ex.Causes = v, ev.causes
	where := fmt.Sprintf("%s, %s at %s", ex.Role, ex.Direction, ex.Interface)
	switch {
	case v.Result == reach.Unknown:
		ex.Verdict = VerdictUnknown
		ex.Reason = "unknown: " + blockMessages(v.Unknowns)
	case v.Result == reach.Blocked && g.Action == Reject:
		ex.Verdict = VerdictBlocked
		ex.Reason = fmt.Sprintf("REJECT (%s) explained: %s", where, blockMessages(v.Blocks))
	case v.Result == reach.Blocked:
		ex.Verdict = VerdictNotExplained
		ex.Reason = fmt.Sprintf("not explained by this configuration: it drops this flow (%s), yet AWS accepted it: the configuration changed, or is not what was scanned", blockMessages(v.Blocks))
	case g.Action == Reject:
		ex.Verdict = VerdictNotExplained
		ex.Reason = fmt.Sprintf("not explained by this configuration: it allows this flow (%s, traffic %s); the configuration changed, or is not what was scanned", where, v.Traffic)
		if g.Protocol == 6 && g.TCPFlags > 0 && g.TCPFlags&(1|4) != 0 && g.TCPFlags&2 == 0 {
			ex.Assumptions = append(ex.Assumptions, "FIN or RST without SYN: AWS also rejects packets that arrive after the connection closed (aws-semantics §8.3)")
		}
	default:
		ex.Verdict = VerdictAllowed
		ex.Reason = fmt.Sprintf("ACCEPT (%s): the configuration admits it", where)
	}
	return ex
}

// causesOf pairs reach's blocks with the NACL entries that matched first;
// AtInterface lists those in the order of its network-acl blocks.
func causesOf(blocks []reach.Block, denied []snapshot.ACLEntry) []Cause {
	var out []Cause
	i := 0
	for _, b := range blocks {
		c := Cause{Block: b}
		if b.Component.Type == "network-acl" && b.Code == "SUBNET_ACL_RESTRICTION" && i < len(denied) {
			c.Entry = denied[i].RuleNumber
			i++
		}
		out = append(out, c)
	}
	return out
}

func blockMessages(bs []reach.Block) string {
	ms := make([]string, len(bs))
	for i, b := range bs {
		ms[i] = b.Message
	}
	return strings.Join(ms, "; ")
}
