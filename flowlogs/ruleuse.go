package flowlogs

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// RuleState is what the flow logs say about one security-group rule.
type RuleState string

// The states. Unknown is never unused: a rule is judged only when the flow
// logs cover every interface that uses its group.
const (
	RuleUsed    RuleState = "used"
	RuleUnused  RuleState = "unused"
	RuleUnknown RuleState = "unknown"
)

// RuleUse is the evidence about one rule of a security group (or, with
// state unknown, about a whole group whose interfaces the logs miss).
type RuleUse struct {
	Group     string    `json:"group"`
	RuleID    string    `json:"rule_id"`
	Direction string    `json:"direction"`
	Rule      string    `json:"rule,omitempty"`
	State     RuleState `json:"state"`
	// Flows and Records count the accepted request groups the rule admits.
	Flows   int64 `json:"flows"`
	Records int64 `json:"records"`
	// Peers counts the distinct peer addresses it admitted; Covering is
	// the smallest CIDR holding all of them.
	Peers    int    `json:"peers"`
	Covering string `json:"covering,omitempty"`
	// Interfaces use the group; Uncovered are those no record mentions.
	Interfaces []string         `json:"interfaces"`
	Uncovered  []string         `json:"uncovered,omitempty"`
	Source     *snapshot.Source `json:"source,omitempty"`
	Message    string           `json:"message"`
}

// WideRule is an inbound rule whose own CIDR is at least 2^WideBits times
// larger than the smallest CIDR holding every source it admitted. Outbound
// rules are not judged: an allow-all egress rule is AWS's default, and a
// few destinations in a window say little about what a workload needs.
type WideRule struct {
	Group     string           `json:"group"`
	RuleID    string           `json:"rule_id"`
	Direction string           `json:"direction"`
	Rule      string           `json:"rule"`
	CIDR      string           `json:"cidr"`
	Covering  string           `json:"covering"`
	Peers     int              `json:"peers"`
	Records   int64            `json:"records"`
	Source    *snapshot.Source `json:"source,omitempty"`
	Message   string           `json:"message"`
}

// WideBits is how many prefix bits narrower the observed range must be
// before a rule counts as much wider than its traffic (2^8: a /0 against
// a /8, a /16 against a /24).
const WideBits = 8

type ruleRef struct {
	group  string
	egress bool
	index  int
}

type usage struct {
	flows, records int64
	peers          map[netip.Addr]bool
	lo, hi         netip.Addr
}

// RuleUsage says, for every rule of every security group an interface of
// m uses, whether an accepted request in s needed it: the evidence behind
// least privilege. Responses are left out (connection tracking admits
// them whatever the rules say, aws-semantics §1.1), as are flows the
// configuration does not explain. The results are sorted by group,
// direction and rule order.
func RuleUsage(m *reach.Model, s *Summary, x *Explainer) ([]RuleUse, []WideRule) {
	// The configuration's interfaces the records are about (by id, or by
	// address before apply).
	seen := map[string]bool{}
	for _, g := range s.Groups {
		if e, _ := x.iface(g); e != nil {
			seen[e.ID] = true
		}
	}
	used := map[ruleRef]*usage{}
	for _, g := range s.Groups {
		if g.Action == Accept {
			countUse(m, x, g, used)
		}
	}
	window := windowText(s)
	var uses []RuleUse
	var wide []WideRule
	for _, gid := range sortedGroups(m) {
		sg := m.Groups[gid]
		members := memberIDs(m, gid)
		var uncovered []string
		for _, id := range members {
			if !seen[id] {
				uncovered = append(uncovered, id)
			}
		}
		if len(uncovered) > 0 {
			uses = append(uses, RuleUse{
				Group: gid, State: RuleUnknown, Interfaces: members, Uncovered: uncovered,
				Message: fmt.Sprintf("%s: no flow record mentions %s (%d of the %d interfaces using it): its rules cannot be judged from flow logs %s",
					gid, strings.Join(uncovered, ", "), len(uncovered), len(members), window),
			})
			continue
		}
		for _, egress := range []bool{false, true} {
			rules := sg.Ingress
			if egress {
				rules = sg.Egress
			}
			for i := range rules {
				u, w := judge(sg, egress, &rules[i], used[ruleRef{gid, egress, i}], members, window)
				uses = append(uses, u)
				if w != nil {
					wide = append(wide, *w)
				}
			}
		}
	}
	return uses, wide
}

// countUse credits every rule that admits one accepted request group.
func countUse(m *reach.Model, x *Explainer, g Group, used map[ruleRef]*usage) {
	ex := x.Explain(g)
	if ex.Verdict != VerdictAllowed || ex.Role != RoleRequest {
		return
	}
	e, _ := x.iface(g)
	t, err := reach.ParseTraffic(ex.Traffic)
	if e == nil || err != nil {
		return
	}
	egress, peer := ex.Direction == Egress, g.Src
	if egress {
		peer = g.Dst
	}
	for _, gid := range e.Groups {
		sg := m.Groups[gid]
		if sg == nil {
			continue
		}
		rules := sg.Ingress
		if egress {
			rules = sg.Egress
		}
		for i := range rules {
			if ok, _ := m.RuleAdmits(e, &rules[i], peer, t); !ok {
				continue
			}
			k := ruleRef{gid, egress, i}
			u := used[k]
			if u == nil {
				u = &usage{peers: map[netip.Addr]bool{}, lo: peer, hi: peer}
				used[k] = u
			}
			u.flows++
			u.records += g.Records
			u.peers[peer] = true
			if peer.Is4() == u.lo.Is4() {
				u.lo, u.hi = minAddr(u.lo, peer), maxAddr(u.hi, peer)
			}
		}
	}
}

// judge turns one rule's evidence into its state, and a WideRule when
// its CIDR is far wider than what it admitted.
func judge(sg *snapshot.SecurityGroup, egress bool, r *snapshot.SGRule, u *usage, members []string, window string) (RuleUse, *WideRule) {
	dir, prep := "ingress", "from"
	if egress {
		dir, prep = "egress", "to"
	}
	text := ruleText(r, prep)
	out := RuleUse{Group: sg.ID, RuleID: r.RuleID, Direction: dir, Rule: text, Interfaces: members, Source: r.Source}
	if u == nil {
		out.State = RuleUnused
		out.Message = fmt.Sprintf("%s %s rule %s (%s) admitted no observed flow %s, on all %d interface(s) using the group",
			sg.ID, dir, r.RuleID, text, window, len(members))
		return out, nil
	}
	out.State, out.Flows, out.Records, out.Peers = RuleUsed, u.flows, u.records, len(u.peers)
	covering := commonPrefix(u.lo, u.hi)
	out.Covering = covering.String()
	out.Message = fmt.Sprintf("%s %s rule %s (%s) admitted %d flow(s) from %d peer(s) in %s %s", sg.ID, dir, r.RuleID, text, u.flows, len(u.peers), covering, window)
	own, err := netip.ParsePrefix(r.CIDRIPv4 + r.CIDRIPv6)
	if egress || err != nil || !own.Contains(u.lo) || !own.Contains(u.hi) || covering.Bits()-own.Bits() < WideBits {
		return out, nil
	}
	return out, &WideRule{
		Group: sg.ID, RuleID: r.RuleID, Direction: dir, Rule: text, CIDR: own.String(), Covering: covering.String(),
		Peers: len(u.peers), Records: u.records, Source: r.Source,
		Message: fmt.Sprintf("%s %s rule %s allows %s, but every one of the %d peer(s) it admitted %s is in %s (2^%d times smaller)",
			sg.ID, dir, r.RuleID, text, len(u.peers), window, covering, covering.Bits()-own.Bits()),
	}
}

// commonPrefix is the smallest prefix holding both addresses (of one
// family).
func commonPrefix(a, b netip.Addr) netip.Prefix {
	x, y := a.AsSlice(), b.AsSlice()
	bits := 0
	for i := range x {
		d := x[i] ^ y[i]
		if d == 0 {
			bits += 8
			continue
		}
		for d&0x80 == 0 {
			bits++
			d <<= 1
		}
		break
	}
	p, _ := a.Prefix(bits)
	return p
}

func minAddr(a, b netip.Addr) netip.Addr {
	if b.Less(a) {
		return b
	}
	return a
}

func maxAddr(a, b netip.Addr) netip.Addr {
	if a.Less(b) {
		return b
	}
	return a
}

// ruleText reads a rule as "tcp/22 from 10.0.0.0/8".
func ruleText(r *snapshot.SGRule, prep string) string {
	what := r.Protocol
	switch r.Protocol {
	case "all":
		what = "all traffic"
	case "tcp", "udp":
		what = fmt.Sprintf("%s/%d", r.Protocol, r.FromPort)
		if r.ToPort != r.FromPort {
			what += fmt.Sprintf("-%d", r.ToPort)
		}
	}
	peer := r.CIDRIPv4 + r.CIDRIPv6 + r.PrefixListID
	if r.ReferencedGroup != nil {
		peer = r.ReferencedGroup.GroupID
	}
	return what + " " + prep + " " + peer
}

func windowText(s *Summary) string {
	if s.First == 0 && s.Last == 0 {
		return "(no records)"
	}
	f := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02T15:04Z") }
	return fmt.Sprintf("between %s and %s", f(s.First), f(s.Last))
}

// sortedGroups are the security groups some interface of m uses.
func sortedGroups(m *reach.Model) []string {
	var out []string
	for gid := range m.Groups {
		if len(m.Members[gid]) > 0 {
			out = append(out, gid)
		}
	}
	slices.Sort(out)
	return out
}

func memberIDs(m *reach.Model, gid string) []string {
	var ids []string
	for _, e := range m.Members[gid] {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
