package flowlogs

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// Options select and shape the aggregation.
type Options struct {
	// Since and Until keep records whose capture window overlaps
	// [Since, Until); zero means unbounded. A record without start or end
	// (a format that lacks them) is kept.
	Since, Until time.Time
	// Interfaces keeps only these interface ids (all when empty).
	Interfaces []string
	// Action keeps only ACCEPT or REJECT records (all when ActionNone).
	Action Action
	// BucketSeconds is the histogram interval; 0 picks one (60 s widened
	// to keep at most MaxBuckets). An explicit interval is widened to a
	// multiple of itself past MaxBuckets.
	BucketSeconds int64
}

// MaxBuckets caps the histogram's length.
const MaxBuckets = 1000

// maxMalformed is how many malformed records are kept verbatim.
const maxMalformed = 10

// Aggregator folds records into a Summary. It is not safe for concurrent
// use; Read runs one per worker and merges them.
type Aggregator struct {
	opt          Options
	since, until int64
	only         map[string]bool // Options.Interfaces
	// groups index accs by a compact, pointer-free form of Key: the map
	// is the hot path and the garbage collector never scans it.
	groups    map[gkey]uint32
	accs      pages
	ifaces    idx // interface ids by number, for gkey
	hist      histogram
	s         Summary // the counters; Groups, Histogram filled by Summary()
	malformed []malformedAt
}

type acc struct {
	Group
	ord uint64 // where Sample was read, to keep the earliest across workers
}

type malformedAt struct {
	Malformed
	ord uint64
}

// NewAggregator checks the options and returns an empty aggregation.
func NewAggregator(opt Options) (*Aggregator, error) {
	if opt.Action != ActionNone && opt.Action != Accept && opt.Action != Reject {
		return nil, fmt.Errorf("action %q is not ACCEPT or REJECT", opt.Action)
	}
	if opt.BucketSeconds < 0 {
		return nil, errors.New("bucket interval must not be negative")
	}
	if !opt.Since.IsZero() && !opt.Until.IsZero() && !opt.Since.Before(opt.Until) {
		return nil, errors.New("since must be before until")
	}
	a := &Aggregator{opt: opt, since: -1, until: -1, groups: make(map[gkey]uint32), ifaces: idx{m: map[string]uint32{}}}
	if !opt.Since.IsZero() {
		a.since = opt.Since.Unix()
	}
	if !opt.Until.IsZero() {
		a.until = opt.Until.Unix()
	}
	if len(opt.Interfaces) > 0 {
		a.only = make(map[string]bool, len(opt.Interfaces))
		for _, i := range opt.Interfaces {
			a.only[i] = true
		}
	}
	a.hist = newHistogram(opt.BucketSeconds)
	return a, nil
}

// Add folds one well-formed record read at pos into the aggregation.
func (a *Aggregator) Add(r *Record, pos Position) {
	a.add(r, pos, ordOf(0, pos.Line))
}

// AddMalformed counts a record that did not parse.
func (a *Aggregator) AddMalformed(m Malformed) {
	a.addMalformed(m, ordOf(0, m.Line))
}

func (a *Aggregator) addMalformed(m Malformed, ord uint64) {
	a.s.Records++
	a.s.MalformedCount++
	a.keepMalformed(m, ord)
}

// wouldKeep reports whether a malformed record at ord is among the
// earliest maxMalformed seen so far.
func (a *Aggregator) wouldKeep(ord uint64) bool {
	if len(a.malformed) < maxMalformed {
		return true
	}
	for _, m := range a.malformed {
		if m.ord > ord {
			return true
		}
	}
	return false
}

// keepMalformed keeps m verbatim if it is among the earliest maxMalformed.
func (a *Aggregator) keepMalformed(m Malformed, ord uint64) {
	if len(a.malformed) < maxMalformed {
		a.malformed = append(a.malformed, malformedAt{m, ord})
		return
	}
	// Workers see chunks out of order: keep the earliest, not the first seen.
	worst := 0
	for i := range a.malformed {
		if a.malformed[i].ord > a.malformed[worst].ord {
			worst = i
		}
	}
	if ord < a.malformed[worst].ord {
		a.malformed[worst] = malformedAt{m, ord}
	}
}

func (a *Aggregator) keep(r *Record) bool {
	if a.only != nil && !a.only[r.InterfaceID] {
		return false
	}
	if a.since >= 0 && r.End >= 0 && r.End < a.since {
		return false
	}
	return a.until < 0 || r.Start < 0 || r.Start < a.until
}

func (a *Aggregator) add(r *Record, pos Position, ord uint64) {
	a.s.Records++
	if !a.keep(r) {
		a.s.Filtered++
		return
	}
	switch r.Status {
	case StatusNoData:
		a.s.NoData++
		return
	case StatusSkipData:
		a.s.SkipData++
		return
	case StatusOK, "":
	}
	if a.opt.Action != ActionNone && r.Action != a.opt.Action {
		a.s.Filtered++
		return
	}
	k, client := groupKey(r)
	g := a.group(&k)
	if ord < g.ord {
		g.ord, g.Sample = ord, pos
		g.AccountID, g.VPCID, g.SubnetID, g.InstanceID = r.AccountID, r.VPCID, r.SubnetID, r.InstanceID
	}
	g.Records++
	g.Packets += max(r.Packets, 0)
	g.Bytes += max(r.Bytes, 0)
	g.First = minTime(g.First, r.Start)
	g.Last = max(g.Last, r.End)
	g.ClientPorts = widen(g.ClientPorts, client, client)
	if r.TCPFlags >= 0 {
		g.TCPFlags = max(g.TCPFlags, 0) | r.TCPFlags
	}
	a.s.First = minTime(a.s.First, r.Start)
	a.s.Last = max(a.s.Last, r.End)
	if r.Start >= 0 {
		a.hist.add(r.Start, r.Action)
	}
}

// minTime is min for times where 0 and negatives mean "none".
func minTime(cur, t int64) int64 {
	if t <= 0 {
		return cur
	}
	if cur <= 0 || t < cur {
		return t
	}
	return cur
}

// widen extends a port range [-1,-1]-for-empty by [lo, hi].
func widen(pr [2]int, lo, hi int) [2]int {
	if lo < 0 {
		return pr
	}
	if pr[0] < 0 {
		return [2]int{lo, hi}
	}
	return [2]int{min(pr[0], lo), max(pr[1], hi)}
}

// hasPorts reports whether a protocol's records carry ports.
func hasPorts(proto int) bool { return proto == 6 || proto == 17 || proto == 132 }

// groupKey is the record's Key (see Key) and the client port it
// collapsed (-1 when none).
func groupKey(r *Record) (Key, int) {
	k := Key{
		Interface: r.InterfaceID, Direction: r.Direction, Action: r.Action, Protocol: r.Protocol,
		Src: r.SrcAddr, Dst: r.DstAddr, SrcPort: r.SrcPort, DstPort: r.DstPort,
	}
	if !hasPorts(r.Protocol) || r.SrcPort < 0 || r.DstPort < 0 {
		return k, -1
	}
	switch {
	case r.SrcPort > r.DstPort && r.SrcPort >= 1024:
		k.SrcPort = EphemeralPort
		return k, r.SrcPort
	case r.DstPort > r.SrcPort && r.DstPort >= 1024:
		k.DstPort = EphemeralPort
		return k, r.DstPort
	}
	return k, -1
}

// merge folds b (another worker's aggregation with the same options) into a.
func (a *Aggregator) merge(b *Aggregator) {
	for i := range b.accs.n {
		bg := b.accs.at(i)
		g := a.group(&bg.Key)
		if bg.ord < g.ord {
			g.ord, g.Sample = bg.ord, bg.Sample
			g.AccountID, g.VPCID, g.SubnetID, g.InstanceID = bg.AccountID, bg.VPCID, bg.SubnetID, bg.InstanceID
		}
		g.Records += bg.Records
		g.Packets += bg.Packets
		g.Bytes += bg.Bytes
		g.First = minTime(g.First, bg.First)
		g.Last = max(g.Last, bg.Last)
		g.ClientPorts = widen(g.ClientPorts, bg.ClientPorts[0], bg.ClientPorts[1])
		if bg.TCPFlags >= 0 {
			g.TCPFlags = max(g.TCPFlags, 0) | bg.TCPFlags
		}
	}
	for _, m := range b.malformed {
		a.keepMalformed(m.Malformed, m.ord)
	}
	a.s.Records += b.s.Records
	a.s.NoData += b.s.NoData
	a.s.SkipData += b.s.SkipData
	a.s.Filtered += b.s.Filtered
	a.s.MalformedCount += b.s.MalformedCount
	a.s.First = minTime(a.s.First, b.s.First)
	a.s.Last = max(a.s.Last, b.s.Last)
	a.hist.merge(&b.hist)
}

// Summary returns the aggregation so far, groups sorted by Key.
func (a *Aggregator) Summary() *Summary {
	s := a.s
	s.Groups = make([]Group, a.accs.n)
	for i := range a.accs.n {
		s.Groups[i] = a.accs.at(i).Group
	}
	slices.SortFunc(s.Groups, func(x, y Group) int { return compareKey(&x.Key, &y.Key) })
	ms := slices.Clone(a.malformed)
	slices.SortFunc(ms, func(x, y malformedAt) int { return cmp.Compare(x.ord, y.ord) })
	s.Malformed = make([]Malformed, len(ms))
	for i, m := range ms {
		s.Malformed[i] = m.Malformed
	}
	s.BucketSeconds, s.Histogram = a.hist.buckets()
	return &s
}

func compareKey(x, y *Key) int {
	return cmp.Or(
		cmp.Compare(x.Interface, y.Interface),
		cmp.Compare(x.Direction, y.Direction),
		cmp.Compare(x.Action, y.Action),
		cmp.Compare(x.Protocol, y.Protocol),
		x.Src.Compare(y.Src),
		x.Dst.Compare(y.Dst),
		cmp.Compare(x.SrcPort, y.SrcPort),
		cmp.Compare(x.DstPort, y.DstPort),
	)
}

// gkey is Key packed for hashing: addresses as 16 bytes and a family
// bit, the interface as a number, no strings.
type gkey struct {
	src, dst     [16]byte
	iface        uint32
	sport, dport int32
	proto        int32
	flags        uint8 // addrValid/addr4 bits for src (low) and dst (<<2)
	dir, action  uint8
}

const (
	addrValid = 1
	addr4     = 2
)

func packAddr(a netip.Addr) ([16]byte, uint8) {
	switch {
	case !a.IsValid():
		return [16]byte{}, 0
	case a.Is4():
		return a.As16(), addrValid | addr4
	}
	return a.As16(), addrValid
}

func code[T comparable](v T, vals ...T) uint8 {
	for i, x := range vals {
		if x == v {
			return uint8(i)
		}
	}
	return 0
}

// group returns the accumulator for k, creating it empty.
func (a *Aggregator) group(k *Key) *acc {
	var gk gkey
	var fs, fd uint8
	gk.src, fs = packAddr(k.Src)
	gk.dst, fd = packAddr(k.Dst)
	gk.flags = fs | fd<<2
	gk.iface = a.ifaces.of(k.Interface)
	gk.sport, gk.dport, gk.proto = int32(k.SrcPort), int32(k.DstPort), int32(k.Protocol) //nolint:gosec // parsed as int32
	gk.dir = code(k.Direction, DirectionUnknown, Ingress, Egress)
	gk.action = code(k.Action, ActionNone, Accept, Reject)
	i, ok := a.groups[gk]
	if !ok {
		i = a.accs.add(acc{Group: Group{Key: *k, ClientPorts: [2]int{-1, -1}, TCPFlags: -1}, ord: ^uint64(0)})
		a.groups[gk] = i
	}
	return a.accs.at(i)
}

// pages stores accumulators in fixed pages, so growing never copies the
// groups already made (with hundreds of thousands of groups a growing
// slice spent more time copying than aggregating).
type pages struct {
	p [][]acc
	n uint32
}

const pageSize = 1024

func (p *pages) add(g acc) uint32 {
	if p.n%pageSize == 0 {
		p.p = append(p.p, make([]acc, 0, pageSize))
	}
	last := &p.p[len(p.p)-1]
	*last = append(*last, g)
	p.n++
	return p.n - 1
}

func (p *pages) at(i uint32) *acc { return &p.p[i/pageSize][i%pageSize] }

// idx numbers strings.
type idx struct{ m map[string]uint32 }

func (x idx) of(s string) uint32 {
	i, ok := x.m[s]
	if !ok {
		i = uint32(len(x.m)) //nolint:gosec // interfaces fit in memory
		x.m[s] = i
	}
	return i
}
