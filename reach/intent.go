package reach

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
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

// maxPairs bounds the pairs an intent checks; interfaces with the same
// subnet and groups behave alike, so one per class is enough.
const maxPairs = 400

// EvaluateIntent checks an intent over every class of interfaces the
// selections name (one representative per subnet and security-group set).
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
	srcs, err := m.selectEndpoints(in.From)
	if err == nil && len(srcs) == 0 {
		err = errors.New("from selects nothing in this snapshot")
	}
	if err != nil {
		res.Problem, res.Unknown = err.Error(), true
		return res
	}
	dsts, err := m.selectEndpoints(in.To)
	if err == nil && len(dsts) == 0 {
		err = errors.New("to selects nothing in this snapshot")
	}
	if err != nil {
		res.Problem, res.Unknown = err.Error(), true
		return res
	}
	for _, s := range srcs {
		for _, d := range dsts {
			if s.ENI != nil && s.ENI == d.ENI {
				continue
			}
			if res.Pairs >= maxPairs {
				return res
			}
			res.Pairs++
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

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// selectEndpoints resolves a selector to one endpoint per interface class.
func (m *Model) selectEndpoints(sel Selector) ([]Endpoint, error) {
	if sel.Internet {
		return []Endpoint{{Addr: RepresentativeInternet, Name: "internet"}}, nil
	}
	var cidr netip.Prefix
	if sel.CIDR != "" {
		p, err := netip.ParsePrefix(sel.CIDR)
		if err != nil {
			return nil, fmt.Errorf("cidr %q: %w", sel.CIDR, err)
		}
		cidr = p
	}
	seen := map[string]bool{}
	var out []Endpoint
	for _, id := range m.order {
		e := m.ENIs[id]
		if !m.selects(sel, e, cidr) || len(e.Private) == 0 {
			continue
		}
		groups := slices.Clone(e.Groups)
		slices.Sort(groups)
		class := e.SubnetID + "|" + strings.Join(groups, ",")
		if seen[class] {
			continue
		}
		seen[class] = true
		name := e.ID
		if e.InstanceID != "" {
			name = e.InstanceID
		}
		out = append(out, Endpoint{ENI: e, Addr: e.Private[0], Name: name})
	}
	onlyCIDR := sel.Instance == "" && sel.ENI == "" && sel.SG == "" && sel.Subnet == "" && sel.VPC == "" && len(sel.Tag) == 0
	if len(out) == 0 && cidr.IsValid() && onlyCIDR {
		// A CIDR outside every interface stands for outside addresses.
		return []Endpoint{{Addr: representative(cidr), Name: sel.CIDR}}, nil
	}
	return out, nil
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
