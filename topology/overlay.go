package topology

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/finding"
)

// Internet is the endpoint of a path that starts or ends outside every
// VPC: drawn entering the VPC at its internet gateway, or at its edge.
const Internet = "internet"

// Overlay is the findings of a run laid over a Map.
type Overlay struct {
	// Elements maps each finding's fingerprint to the element keys it is
	// drawn on (a path's own key included), sorted.
	Elements map[string][]string
	// Badges are the open findings per element key.
	Badges map[string]Badge
	// Paths are the exposure and blocked paths the evidence shows, in
	// finding order, duplicates merged.
	Paths []Path
	// Unplaced counts open findings about nothing drawn (roles, buckets,
	// policies): they stay in the table only.
	Unplaced int
	// Ends are elements marked as the ends of an explained flow (Explain).
	Ends []End
}

// Badge counts the open findings on one element.
type Badge struct {
	Count int
	Worst finding.Severity
}

// Path kinds.
const (
	PathExposure = "exposure"
	PathBlocked  = "blocked"
)

// Path is one exposure or blocked path drawn as an edge between two
// elements; either end may be Internet.
type Path struct {
	// Kind is PathExposure or PathBlocked.
	Kind string
	// From and To are element keys or Internet; VPC is the key of the VPC
	// the path is drawn in.
	From, To, VPC string
	// FromLabel and ToLabel name the ends as the evidence does (an
	// address, an instance).
	FromLabel, ToLabel string
	// Traffic is e.g. tcp/22.
	Traffic string
	// Via lists the components crossed (exposure) and Blocker names the
	// component that stops it (blocked), with its type.
	Via     []string
	Blocker string
	// Rules are the rule ids of the findings that show the path.
	Rules []string
	// Drawn is false when an end is not on the picture; the path is then
	// only listed.
	Drawn bool
	// Label, when set, is the short text drawn on the edge instead of
	// the blocker or the traffic exposed.
	Label string
}

// PathKey is the element key of path n (its index in Overlay.Paths).
func PathKey(n int) string { return fmt.Sprintf("path/%d", n+1) }

// Attach lays fs over the map. Suppressed findings get element keys (so
// the table can be filtered) but no badge.
func (m *Map) Attach(fs []finding.Finding) Overlay {
	o := Overlay{Elements: map[string][]string{}, Badges: map[string]Badge{}}
	seen := map[string]int{} // path identity -> index
	for i := range fs {
		f := &fs[i]
		keys := m.keys(f.Resource.ID)
		for _, p := range m.paths(f) {
			id := strings.Join([]string{p.Kind, p.From, p.To, p.FromLabel, p.ToLabel, p.Traffic, p.Blocker}, "|")
			n, ok := seen[id]
			if !ok {
				n = len(o.Paths)
				seen[id] = n
				o.Paths = append(o.Paths, p)
			}
			if !slices.Contains(o.Paths[n].Rules, f.RuleID) {
				o.Paths[n].Rules = append(o.Paths[n].Rules, f.RuleID)
			}
			keys = append(keys, PathKey(n))
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		if len(keys) == 0 {
			if !f.Suppressed() {
				o.Unplaced++
			}
			continue
		}
		o.Elements[f.Fingerprint] = mergeKeys(o.Elements[f.Fingerprint], keys)
		if f.Suppressed() {
			continue
		}
		for _, k := range keys {
			b := o.Badges[k]
			if b.Count == 0 || f.Severity > b.Worst {
				b.Worst = f.Severity
			}
			b.Count++
			o.Badges[k] = b
		}
	}
	return o
}

func mergeKeys(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// evidence is the part of the evidence the paths are read from; rules
// write it, so every field is optional.
type evidence struct {
	// SG001-SG004: the effective exposure of the group (lib/net.rego).
	Exposure *struct {
		ENI      string   `json:"eni"`
		Instance string   `json:"instance"`
		IGW      string   `json:"igw"`
		Protocol string   `json:"protocol"`
		Table    string   `json:"route_table"`
		ACL      string   `json:"network_acl"`
		Public   string   `json:"public_address"`
		Ports    [][2]int `json:"ports"`
	} `json:"exposure"`
	// INT001: the intent and the verdict that violates it.
	Intent *struct {
		Expect string `json:"expect"`
	} `json:"intent"`
	Evidence *verdict `json:"evidence"`
	// FLOW001: a REJECT group and its explanation.
	Interface string          `json:"interface"`
	Direction string          `json:"direction"`
	Src       string          `json:"src"`
	Dst       string          `json:"dst"`
	Protocol  json.RawMessage `json:"protocol"`
	DstPort   int             `json:"dst_port"`
	Causes    []block         `json:"causes"`
}

type verdict struct {
	Result      string  `json:"result"`
	Source      string  `json:"source"`
	Destination string  `json:"destination"`
	Traffic     string  `json:"traffic"`
	Hops        []hop   `json:"hops"`
	Blocks      []block `json:"blocks"`
}

type hop struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Detail string `json:"detail"`
}

type block struct {
	Code      string `json:"code"`
	Component hop    `json:"component"`
}

// paths reads the paths a finding's evidence shows.
func (m *Map) paths(f *finding.Finding) []Path {
	if len(f.Evidence) == 0 {
		return nil
	}
	var ev evidence
	if json.Unmarshal(f.Evidence, &ev) != nil {
		return nil
	}
	var out []Path
	// IaC inputs often have no interfaces before apply: the instance
	// places the path then.
	if x := ev.Exposure; x != nil && x.ENI != "" {
		p := Path{
			Kind: PathExposure, From: Internet, FromLabel: "internet", To: cmp.Or(m.at(x.ENI), m.at(x.Instance)), ToLabel: cmp.Or(x.Instance, x.ENI),
			Traffic: x.Protocol + "/" + portsText(x.Ports), Via: nonEmpty(x.IGW, x.Table, x.ACL),
		}
		out = append(out, m.finish(p))
	}
	if v := ev.Evidence; v != nil && ev.Intent != nil {
		if p, ok := m.verdictPath(v); ok {
			out = append(out, m.finish(p))
		}
	}
	if ev.Interface != "" && len(ev.Causes) > 0 {
		out = append(out, m.finish(m.rejectPath(&ev)))
	}
	return out
}

func (m *Map) verdictPath(v *verdict) (Path, bool) {
	if len(v.Hops) == 0 {
		return Path{}, false
	}
	p := Path{Kind: PathExposure, Traffic: v.Traffic, FromLabel: v.Source, ToLabel: v.Destination}
	if v.Result == "blocked" {
		p.Kind = PathBlocked
		if len(v.Blocks) > 0 {
			p.Blocker = v.Blocks[0].Component.Type + " " + v.Blocks[0].Component.ID
		}
	} else if v.Result != "allowed" {
		return Path{}, false
	}
	first, last := v.Hops[0], v.Hops[len(v.Hops)-1]
	p.From, p.To = m.endpoint(first, v.Source), m.endpoint(last, v.Destination)
	for _, h := range v.Hops[1 : len(v.Hops)-1] {
		p.Via = append(p.Via, h.ID)
	}
	p.Via = slices.Compact(p.Via)
	return p, true
}

// endpoint is where a verdict's end is drawn: the internet, or the
// element of the interface, instance or address named.
func (m *Map) endpoint(h hop, name string) string {
	if h.Type == "internet" || name == Internet {
		return Internet
	}
	for _, id := range []string{h.ID, name} {
		if k := m.at(id); k != "" {
			return k
		}
	}
	return ""
}

func (m *Map) rejectPath(ev *evidence) Path {
	c := ev.Causes[0].Component
	p := Path{Kind: PathBlocked, FromLabel: ev.Src, ToLabel: ev.Dst, Blocker: c.Type + " " + c.ID}
	p.Traffic = protocolName(ev.Protocol)
	if ev.DstPort > 0 {
		p.Traffic += "/" + strconv.Itoa(ev.DstPort)
	}
	local := m.at(ev.Interface)
	if ev.Direction == "ingress" {
		p.From, p.To = m.address(ev.Src), local
	} else {
		p.From, p.To = local, m.address(ev.Dst)
	}
	return p
}

// address is the subnet holding a private address of the snapshot, else
// the internet for a public address; "" for a private one it does not
// know.
func (m *Map) address(s string) string {
	if k := m.ips[s]; k != "" {
		return k
	}
	if a, err := netip.ParseAddr(s); err == nil && !a.IsPrivate() {
		return Internet
	}
	return ""
}

// at is the element an interface, instance or subnet is drawn on.
func (m *Map) at(id string) string {
	for _, k := range m.keys(id) {
		if strings.HasPrefix(k, "subnet/") || strings.HasPrefix(k, "vpc/") {
			return k
		}
	}
	return ""
}

// finish decides which VPC a path is drawn in and whether both ends are
// on the picture.
func (m *Map) finish(p Path) Path {
	for _, k := range []string{p.To, p.From} {
		if v := m.vpcOf[k]; v != "" && p.VPC == "" {
			p.VPC = v
		}
	}
	p.Drawn = p.From != "" && p.To != "" && p.VPC != "" &&
		(p.From == Internet || m.vpcOf[p.From] == p.VPC) && (p.To == Internet || m.vpcOf[p.To] == p.VPC)
	return p
}

func protocolName(raw json.RawMessage) string {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		switch n {
		case 1:
			return "icmp"
		case 6:
			return "tcp"
		case 17:
			return "udp"
		case 58:
			return "icmpv6"
		default:
			return fmt.Sprintf("proto %d", n)
		}
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func portsText(ranges [][2]int) string {
	parts := make([]string, 0, len(ranges))
	for _, r := range ranges {
		if r[0] == r[1] {
			parts = append(parts, strconv.Itoa(r[0]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", r[0], r[1]))
		}
	}
	return strings.Join(parts, ",")
}

func nonEmpty(ss ...string) []string {
	return slices.DeleteFunc(ss, func(s string) bool { return s == "" })
}
