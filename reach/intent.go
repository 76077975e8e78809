package reach

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
)

// Selector picks the endpoints of an intent (DESIGN.md "CLI"): by
// instance, interface, security group, subnet, VPC, CIDR, tags, or the
// internet. Several fields narrow the selection together.
type Selector struct {
	Instance string            `json:"instance,omitempty"`
	ENI      string            `json:"eni,omitempty"`
	SG       string            `json:"sg,omitempty"`
	Subnet   string            `json:"subnet,omitempty"`
	VPC      string            `json:"vpc,omitempty"`
	CIDR     string            `json:"cidr,omitempty"`
	Tag      map[string]string `json:"tag,omitempty"`
	Internet bool              `json:"internet,omitempty"`
}

// Intent says that traffic between two selections must (allow) or must
// not (deny) get through.
type Intent struct {
	Name    string   `json:"name"`
	From    Selector `json:"from"`
	To      Selector `json:"to"`
	Traffic string   `json:"traffic"`
	Expect  string   `json:"expect"` // allow | deny
	// Ephemeral is the clients' source port range ("1024-65535"); empty
	// means Linux 32768-61000, or 1024-65535 for Lambda and load balancer
	// interfaces (aws-semantics §2.4).
	Ephemeral string `json:"ephemeral,omitempty"`
	// File and Line are where the intent was written, so a violation
	// lands on that line.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// IntentResult is an evaluated intent. Violated intents carry the
// verdict that shows it: the blocked path for an "allow" intent, the path
// that lets traffic through for a "deny" one.
type IntentResult struct {
	Intent   Intent   `json:"intent"`
	Violated bool     `json:"violated"`
	Unknown  bool     `json:"unknown,omitempty"`
	Pairs    int      `json:"pairs"`
	Evidence *Verdict `json:"evidence,omitempty"`
	Problem  string   `json:"problem,omitempty"`
}

// maxWalks bounds the class pairs an intent asks Reach about one by one
// (the matrix answers the others); past it the intent is unknown, never
// passed.
const maxWalks = 20000

// EvaluateIntent checks an intent over every pair of interface classes
// the selections name (classes as the matrix defines them, so one
// representative answers for every member). For tcp, udp and ping with
// the clients' own ephemeral ports the matrix answers; Reach is asked for
// the evidence of a violation and for everything else.
func (m *Model) EvaluateIntent(in Intent) IntentResult {
	res := IntentResult{Intent: in}
	t, err := ParseTraffic(cmpOr(in.Traffic, "all"))
	if err == nil && in.Ephemeral != "" {
		t.Ephemeral, err = ParsePortRange(in.Ephemeral)
	}
	if err != nil {
		res.Problem = err.Error()
		res.Unknown = true
		return res
	}
	col := -1
	if in.Ephemeral == "" {
		col = matrixColumn(t)
	}
	classOf := m.intentClasses(col >= 0)
	srcs, err := m.selectEndpoints(in.From, classOf, 1)
	if err == nil && len(srcs) == 0 {
		err = errors.New("from selects nothing in this snapshot")
	}
	if err != nil {
		res.Problem, res.Unknown = err.Error(), true
		return res
	}
	dsts, err := m.selectEndpoints(in.To, classOf, 2)
	if err == nil && len(dsts) == 0 {
		err = errors.New("to selects nothing in this snapshot")
	}
	if err != nil {
		res.Problem, res.Unknown = err.Error(), true
		return res
	}
	var x *Matrix
	if col >= 0 {
		x = m.CachedMatrix("ipv4")
	}
	walks := 0
	for _, sp := range srcs {
		done := map[string]bool{}
		for _, dp := range dsts {
			s, d := sp.Endpoint, dp.Endpoint
			if (s.ENI != nil && s.ENI == d.ENI) || done[dp.class] {
				continue
			}
			done[dp.class] = true
			res.Pairs++
			if x != nil && settledByMatrix(x, s, d, t, col, in.Expect) {
				continue
			}
			if walks++; walks > maxWalks {
				res.Unknown = true
				res.Problem = fmt.Sprintf("the selections span more class pairs than vpclint asks one by one (%d); the rest were not checked", maxWalks)
				return res
			}
			tt := t
			if in.Ephemeral == "" {
				tt.Ephemeral = ClientEphemeral(s.ENI)
			}
			v := m.Reach(s, d, tt)
			switch {
			case v.Result == Unknown && !res.Violated:
				res.Unknown = true
				res.Evidence = &v
			case in.Expect == "allow" && v.Result == Blocked, in.Expect == "deny" && v.Result == Allowed:
				res.Violated, res.Unknown = true, false
				res.Evidence = &v
				return res
			}
		}
	}
	return res
}

// matrixColumn is the matrix column that answers t (IPv4), or -1. A
// column holds every port (or the echo request), and what gets through
// for some ports is what gets through for all of them restricted to
// those: SG rules and NACL entries decide per port, the return path and
// routes do not depend on the port, and an answer certain for every port
// is certain for fewer.
func matrixColumn(t Traffic) int {
	for c, mt := range matrixTraffic("ipv4") {
		if mt.Number == t.Number && (c < 2 || t.Ports.Equal(mt.Ports)) {
			return c
		}
	}
	return -1
}

// settledByMatrix reports whether the matrix alone shows the pair meets
// the intent; a violation or an uncertain cell goes to Reach, for the
// evidence.
func settledByMatrix(x *Matrix, s, d Endpoint, t Traffic, col int, expect string) bool {
	if s.ENI == nil || d.ENI == nil {
		return false
	}
	i, ok1 := x.Index(s.ENI.ID)
	j, ok2 := x.Index(d.ENI.ID)
	if !ok1 || !ok2 {
		return false
	}
	cell, ok := x.At(i, j)
	if !ok || !cell.Certain[col] {
		return false
	}
	all := t.Ports.Subtract(cell.Allowed[col]).Empty()
	return (expect == "allow") == all
}

// intentClasses returns how selections group interfaces: by matrix class
// when the matrix will answer, else by the same key without building it
// (subnet, groups, ephemeral ports, address atom).
func (m *Model) intentClasses(matrix bool) func(e *ENI) string {
	if matrix {
		x := m.CachedMatrix("ipv4")
		return func(e *ENI) string {
			if i, ok := x.Index(e.ID); ok {
				return strconv.Itoa(i)
			}
			return "eni " + e.ID
		}
	}
	b := newMatrixBuilder(m, "ipv4")
	return func(e *ENI) string {
		k, _ := b.keyOf(e, e.Private[0])
		return fmt.Sprintf("%+v", k)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// selectEndpoints resolves a selector to one endpoint per interface class.
// It keeps up to perClass members of each class: a destination class
// needs a second member when the source's representative is its first.
func (m *Model) selectEndpoints(sel Selector, classOf func(*ENI) string, perClass int) ([]picked, error) {
	if sel.Internet {
		return []picked{{Endpoint: Endpoint{Addr: RepresentativeInternet, Name: "internet"}, class: "internet"}}, nil
	}
	var cidr netip.Prefix
	if sel.CIDR != "" {
		p, err := netip.ParsePrefix(sel.CIDR)
		if err != nil {
			return nil, fmt.Errorf("cidr %q: %w", sel.CIDR, err)
		}
		cidr = p
	}
	seen := map[string]int{}
	var out []picked
	for _, id := range m.order {
		e := m.ENIs[id]
		if !m.selects(sel, e, cidr) || len(e.Private) == 0 {
			continue
		}
		class := classOf(e)
		if seen[class] >= perClass {
			continue
		}
		seen[class]++
		name := e.ID
		if e.InstanceID != "" {
			name = e.InstanceID
		}
		out = append(out, picked{Endpoint: Endpoint{ENI: e, Addr: e.Private[0], Name: name}, class: class})
	}
	onlyCIDR := sel.Instance == "" && sel.ENI == "" && sel.SG == "" && sel.Subnet == "" && sel.VPC == "" && len(sel.Tag) == 0
	if len(out) == 0 && cidr.IsValid() && onlyCIDR {
		// A CIDR outside every interface stands for outside addresses.
		return []picked{{Endpoint: Endpoint{Addr: representative(cidr), Name: sel.CIDR}, class: "cidr"}}, nil
	}
	return out, nil
}

// picked is a selected endpoint and its class.
type picked struct {
	Endpoint
	class string
}

func (m *Model) selects(sel Selector, e *ENI, cidr netip.Prefix) bool {
	switch {
	case sel.Instance != "" && e.InstanceID != sel.Instance,
		sel.ENI != "" && e.ID != sel.ENI,
		sel.SG != "" && !slices.Contains(e.Groups, sel.SG),
		sel.Subnet != "" && e.SubnetID != sel.Subnet,
		sel.VPC != "" && e.VPCID != sel.VPC,
		cidr.IsValid() && !slices.ContainsFunc(e.Private, cidr.Contains):
		return false
	}
	for k, v := range sel.Tag {
		if m.tagOf(e, k) != v {
			return false
		}
	}
	return true
}

// tagOf reads a tag from the interface or, failing that, its instance.
func (m *Model) tagOf(e *ENI, key string) string {
	m.tagsOnce.Do(m.indexTags)
	return m.tags[e.ID][key]
}

func (m *Model) indexTags() {
	m.tags = map[string]map[string]string{}
	inst := map[string]map[string]string{}
	for _, in := range m.S.Instances {
		inst[in.ID] = in.Tags
	}
	for id, e := range m.ENIs {
		t := map[string]string{}
		maps.Copy(t, inst[e.InstanceID])
		m.tags[id] = t
	}
	for _, n := range m.S.NetworkInterfaces {
		for k, v := range n.Tags {
			if t := m.tags[n.ID]; t != nil {
				t[k] = v
			}
		}
	}
}
