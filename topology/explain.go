package topology

import (
	"strings"

	"github.com/vpclint/vpclint/reach"
)

// End is an element marked as one end of an explained flow.
type End struct {
	// Key is the element's key; Label the short mark drawn on it ("from",
	// "to", or both when the two ends share the element); Title its hover
	// text, naming the end as it was asked.
	Key, Label, Title string
}

// Explain lays one reach verdict (what vpclint explain answers) over the
// map, with no finding: the elements of its source and destination marked,
// and its path drawn as an exposure-style edge from the source to the
// destination when allowed, or, when blocked, as one blocked edge per
// blocking component, from the source to the element where that
// component stops the traffic (a gateway's chip, else the subnet of the
// interface or network ACL the block names), named on the edge. An
// unknown verdict draws no edge. An internet end is drawn at the VPC's
// internet gateway, as the report's exposure paths are; paths between
// two VPCs are not drawn (Drawn false), their ends still marked.
func (m *Map) Explain(v *reach.Verdict) Overlay {
	o := Overlay{Elements: map[string][]string{}, Badges: map[string]Badge{}}
	from := m.explainEnd(v.Hops, "source ", v.Source)
	to := m.explainEnd(v.Hops, "destination ", v.Destination)
	o.Ends = m.ends(v, from, to)
	base := Path{
		Kind: PathExposure, From: from, To: to, FromLabel: v.Source, ToLabel: v.Destination,
		Traffic: v.Traffic, Label: v.Traffic + " allowed",
	}
	for _, h := range v.Hops {
		if h.Type != "network-interface" && h.Type != "internet" && (len(base.Via) == 0 || base.Via[len(base.Via)-1] != h.ID) {
			base.Via = append(base.Via, h.ID)
		}
	}
	switch v.Result {
	case reach.Allowed:
		o.Paths = append(o.Paths, m.finish(base))
	case reach.Blocked:
		seen := map[string]bool{}
		for i := range v.Blocks {
			b := &v.Blocks[i]
			p := base
			p.Kind, p.Label = PathBlocked, ""
			p.Blocker = b.Component.Type + " " + b.Component.ID
			p.To = m.blockedAt(b, v.Hops, from, to)
			if id := p.Blocker + "|" + p.To; !seen[id] {
				seen[id] = true
				o.Paths = append(o.Paths, m.finish(p))
			}
		}
	case reach.Unknown:
	}
	return o
}

// explainEnd is the element an end of a verdict is drawn on: the subnet
// of its interface (the hop whose detail starts with prefix), of the
// instance or interface named, or of the private address named; Internet
// for the internet or a public address; "" when the map does not hold it.
func (m *Map) explainEnd(hops []reach.Hop, prefix, name string) string {
	if name == Internet {
		return Internet
	}
	for _, h := range hops {
		if h.Type == "network-interface" && strings.HasPrefix(h.Detail, prefix) {
			if k := m.at(h.ID); k != "" {
				return k
			}
		}
	}
	if k := m.at(name); k != "" {
		return k
	}
	return m.address(name)
}

// ends are the marks of the two ends; an internet end is marked on the
// internet gateway the path crosses, when it is drawn.
func (m *Map) ends(v *reach.Verdict, from, to string) []End {
	igw := ""
	for _, h := range v.Hops {
		if k := "gw/" + h.ID; h.Type == "internet-gateway" && m.vpcOf[k] != "" && igw == "" {
			igw = k
		}
	}
	key := func(k string) string {
		if k == Internet {
			return igw
		}
		return k
	}
	fk, tk := key(from), key(to)
	var out []End
	switch {
	case fk != "" && fk == tk:
		out = append(out, End{Key: fk, Label: "from/to", Title: "source " + v.Source + " and destination " + v.Destination})
	default:
		if fk != "" {
			out = append(out, End{Key: fk, Label: "from", Title: "source " + v.Source})
		}
		if tk != "" {
			out = append(out, End{Key: tk, Label: "to", Title: "destination " + v.Destination})
		}
	}
	return out
}

// blockedAt is the element where a block stops the traffic: the
// component's own chip (a gateway), else the subnet of the interface or
// subnet its hop was evaluated at (the interface whose security group has
// no rule, the subnet whose network ACL or route table decides), else the
// source for a route or peering on the way there and the destination for
// anything else.
func (m *Map) blockedAt(b *reach.Block, hops []reach.Hop, from, to string) string {
	if k := "gw/" + b.Component.ID; m.vpcOf[k] != "" {
		return k
	}
	if b.Hop > 0 && b.Hop <= len(hops) {
		if k := m.at(hops[b.Hop-1].At); strings.HasPrefix(k, "subnet/") {
			return k
		}
	}
	if b.Leg == "forward" && (b.Component.Type == "route-table" || b.Component.Type == "peering-connection") {
		return from
	}
	return to
}
