package flowlogs

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
)

// Counts totals records, packets and bytes.
type Counts struct {
	Records int64 `json:"records"`
	Packets int64 `json:"packets"`
	Bytes   int64 `json:"bytes"`
}

func (c *Counts) add(g *Group) {
	c.Records += g.Records
	c.Packets += g.Packets
	c.Bytes += g.Bytes
}

// ActionCounts splits Counts by action.
type ActionCounts struct {
	Accepted Counts `json:"accepted"`
	Rejected Counts `json:"rejected"`
}

func (a *ActionCounts) add(g *Group) {
	switch g.Action {
	case Accept:
		a.Accepted.add(g)
	case Reject:
		a.Rejected.add(g)
	case ActionNone:
	}
}

// ByAction totals the groups by action (groups of a format without the
// action field count in neither).
func (s *Summary) ByAction() ActionCounts {
	var a ActionCounts
	for i := range s.Groups {
		a.add(&s.Groups[i])
	}
	return a
}

// Talker is one source-destination pair's traffic.
type Talker struct {
	Src netip.Addr `json:"src"`
	Dst netip.Addr `json:"dst"`
	Counts
}

// The orders TopTalkers ranks by.
const (
	ByBytes   = "bytes"
	ByPackets = "packets"
)

// TopTalkers ranks source→destination pairs by ByBytes or ByPackets (the
// Logs Insights "top talkers" query), all actions, interfaces and ports
// together; n <= 0 returns every pair. A conversation logged at both ends
// counts at both, as it does in that query.
func (s *Summary) TopTalkers(n int, by string) ([]Talker, error) {
	metric := func(c *Counts) int64 { return c.Bytes }
	switch by {
	case ByBytes:
	case ByPackets:
		metric = func(c *Counts) int64 { return c.Packets }
	default:
		return nil, fmt.Errorf("top talkers by %q: want %s or %s", by, ByBytes, ByPackets)
	}
	type pair struct{ src, dst netip.Addr }
	out := countBy(s, func(g *Group) (pair, bool) { return pair{g.Src, g.Dst}, true },
		func(g *Group) Talker { return Talker{Src: g.Src, Dst: g.Dst} },
		func(t *Talker) *Counts { return &t.Counts })
	slices.SortFunc(out, func(x, y Talker) int {
		return cmp.Or(
			cmp.Compare(metric(&y.Counts), metric(&x.Counts)),
			cmp.Compare(y.Records, x.Records),
			x.Src.Compare(y.Src),
			x.Dst.Compare(y.Dst),
		)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// PortCount is the REJECTed traffic to one protocol and destination port.
type PortCount struct {
	Protocol int `json:"protocol"`
	// Port is the destination port as grouped: EphemeralPort when it was
	// a client's (a rejected response), as written for ICMP and others.
	Port int `json:"port"`
	Counts
}

// RejectsByProtocolPort totals REJECT groups by protocol and destination
// port (the Athena "REJECT by protocol" query), most records first.
func (s *Summary) RejectsByProtocolPort() []PortCount {
	type pp struct{ proto, port int }
	out := countBy(s, func(g *Group) (pp, bool) { return pp{g.Protocol, g.DstPort}, g.Action == Reject },
		func(g *Group) PortCount { return PortCount{Protocol: g.Protocol, Port: g.DstPort} },
		func(p *PortCount) *Counts { return &p.Counts })
	slices.SortFunc(out, func(x, y PortCount) int {
		return cmp.Or(
			cmp.Compare(y.Records, x.Records),
			cmp.Compare(x.Protocol, y.Protocol),
			cmp.Compare(x.Port, y.Port),
		)
	})
	return out
}

// InterfaceCounts is one interface's traffic by action.
type InterfaceCounts struct {
	Interface string `json:"interface"`
	ActionCounts
}

// ByInterface totals the groups per interface, sorted by interface id.
func (s *Summary) ByInterface() []InterfaceCounts {
	return totalsBy(s, func(g *Group) string { return g.Interface },
		func(k string, a ActionCounts) InterfaceCounts { return InterfaceCounts{k, a} })
}

// DirectionCounts is one direction's traffic by action.
type DirectionCounts struct {
	Direction Direction `json:"direction"`
	ActionCounts
}

// ByDirection totals the groups per direction as recorded
// (DirectionUnknown, sorted first, when the format lacks flow-direction).
func (s *Summary) ByDirection() []DirectionCounts {
	return totalsBy(s, func(g *Group) Direction { return g.Direction },
		func(k Direction, a ActionCounts) DirectionCounts { return DirectionCounts{k, a} })
}

func totalsBy[K cmp.Ordered, T any](s *Summary, key func(*Group) K, mk func(K, ActionCounts) T) []T {
	m := make(map[K]*ActionCounts)
	for i := range s.Groups {
		g := &s.Groups[i]
		a := m[key(g)]
		if a == nil {
			a = new(ActionCounts)
			m[key(g)] = a
		}
		a.add(g)
	}
	keys := slices.Sorted(maps.Keys(m))
	out := make([]T, len(keys))
	for i, k := range keys {
		out[i] = mk(k, *m[k])
	}
	return out
}

// countBy totals the groups key keeps by that key, in first-seen order:
// mk makes a row from its first group, counts finds the row's Counts.
func countBy[K comparable, T any](s *Summary, key func(*Group) (K, bool), mk func(*Group) T, counts func(*T) *Counts) []T {
	idx := make(map[K]int)
	var out []T
	for i := range s.Groups {
		g := &s.Groups[i]
		k, keep := key(g)
		if !keep {
			continue
		}
		j, ok := idx[k]
		if !ok {
			j = len(out)
			idx[k] = j
			out = append(out, mk(g))
		}
		counts(&out[j]).add(g)
	}
	return out
}
