package flowlogs

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
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
	groups       table
	ifaces       idx // interface ids by number, for gkey
	hist         histogram
	s            Summary // the counters; Groups, Histogram filled by Summary()
	malformed    []malformedAt
	touched      uint64 // what addBatch read ahead, kept so the reads are not optimised away
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
	a := &Aggregator{opt: opt, since: -1, until: -1, groups: newTable(), ifaces: idx{m: map[string]uint32{}}}
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

// Add folds one well-formed record read at pos into the aggregation: a
// record as the parser makes it (an address with a zone, or an action or
// direction other than the constants, is grouped without it).
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
	if !a.admit(r) {
		return
	}
	var k gkey
	client := a.packKey(r, &k)
	a.fold(a.groups.find(&k, a.groups.hash(&k)), r, client, pos, ord)
}

// batchSize is how many records addBatch looks up together.
const batchSize = 32

// addBatch is add for records read one after the other at lines of file
// (input seq). With hundreds of thousands of groups nearly every lookup
// misses the caches; touching the slots of the whole batch first, then
// their entries, lets those misses overlap instead of queueing one
// behind the other.
func (a *Aggregator) addBatch(rs []Record, lines []int, file string, seq uint64) {
	var (
		ks     [batchSize]gkey
		hs     [batchSize]uint64
		client [batchSize]int
		of     [batchSize]uint8 // index in rs
		touch  uint64
	)
	n := 0
	t := &a.groups
	for i := range rs[:min(len(rs), batchSize)] {
		if !a.admit(&rs[i]) {
			continue
		}
		client[n] = a.packKey(&rs[i], &ks[n])
		hs[n] = t.hash(&ks[n])
		of[n] = uint8(i)
		touch += t.slots[hs[n]>>32&t.mask]
		n++
	}
	for j := range n {
		if s := t.slots[hs[j]>>32&t.mask]; s != 0 {
			e := t.hot.at(uint32(s) - 1)             //nolint:gosec // the low half is the entry number
			touch += e.k.src[0] + uint64(e.tcpFlags) //nolint:gosec // read to load both cache lines, not used
		}
	}
	a.touched = touch
	for j := range n {
		i := int(of[j])
		a.fold(t.find(&ks[j], hs[j]), &rs[i], client[j], Position{file, lines[i]}, ordOf(seq, lines[i]))
	}
}

// admit counts r and says whether it goes into a group: not filtered out,
// not NODATA or SKIPDATA.
func (a *Aggregator) admit(r *Record) bool {
	a.s.Records++
	if !a.keep(r) {
		a.s.Filtered++
		return false
	}
	switch r.Status {
	case StatusNoData:
		a.s.NoData++
		return false
	case StatusSkipData:
		a.s.SkipData++
		return false
	case StatusOK, "":
	}
	if a.opt.Action != ActionNone && r.Action != a.opt.Action {
		a.s.Filtered++
		return false
	}
	return true
}

// fold adds r, read at pos (ord), into group i; client is the port its key
// collapsed.
func (a *Aggregator) fold(i uint32, r *Record, client int, pos Position, ord uint64) {
	g := a.groups.hot.at(i)
	if ord < g.ord {
		g.ord = ord
		*a.groups.cold.at(i) = cold{pos, r.AccountID, r.VPCID, r.SubnetID, r.InstanceID}
	}
	g.records++
	g.packets += max(r.Packets, 0)
	g.bytes += max(r.Bytes, 0)
	g.first = minTime(g.first, r.Start)
	g.last = max(g.last, r.End)
	if client >= 0 {
		g.widen(int32(client), int32(client)) //nolint:gosec // parsed as int32
	}
	if r.TCPFlags >= 0 {
		g.tcpFlags = max(g.tcpFlags, 0) | int32(r.TCPFlags) //nolint:gosec // parsed as int32
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

// widen extends the collapsed port range by [lo, hi].
func (g *hot) widen(lo, hi int32) {
	if g.clientLo < 0 {
		g.clientLo, g.clientHi = lo, hi
		return
	}
	g.clientLo, g.clientHi = min(g.clientLo, lo), max(g.clientHi, hi)
}

// hasPorts reports whether a protocol's records carry ports.
func hasPorts(proto int) bool { return proto == 6 || proto == 17 || proto == 132 }

// collapse replaces the client side's port by EphemeralPort (see Key) and
// returns the ports to group by and the client port it collapsed (-1 when
// none).
func collapse(proto, sport, dport int) (int, int, int) {
	if !hasPorts(proto) || sport < 0 || dport < 0 {
		return sport, dport, -1
	}
	switch {
	case sport > dport && sport >= 1024:
		return EphemeralPort, dport, sport
	case dport > sport && dport >= 1024:
		return sport, EphemeralPort, dport
	}
	return sport, dport, -1
}

// groupKey is the record's Key (see Key) and the client port it
// collapsed (-1 when none).
func groupKey(r *Record) (Key, int) {
	sp, dp, client := collapse(r.Protocol, r.SrcPort, r.DstPort)
	return Key{
		Interface: r.InterfaceID, Direction: r.Direction, Action: r.Action, Protocol: r.Protocol,
		Src: r.SrcAddr, Dst: r.DstAddr, SrcPort: sp, DstPort: dp,
	}, client
}

// packKey is groupKey straight into the packed form.
func (a *Aggregator) packKey(r *Record, k *gkey) int {
	sp, dp, client := collapse(r.Protocol, r.SrcPort, r.DstPort)
	k.src, k.srcFam = packAddr(r.SrcAddr)
	k.dst, k.dstFam = packAddr(r.DstAddr)
	k.iface = a.ifaces.of(r.InterfaceID)
	k.sport, k.dport, k.proto = int32(sp), int32(dp), int32(r.Protocol) //nolint:gosec // parsed as int32
	k.dir, k.action = dirCode(r.Direction), actionCode(r.Action)
	return client
}

// merge folds b (another worker's aggregation with the same options) into a.
func (a *Aggregator) merge(b *Aggregator) {
	remap := make([]uint32, len(b.ifaces.names))
	for i, name := range b.ifaces.names {
		remap[i] = a.ifaces.of(name)
	}
	for i := range b.groups.hot.n {
		bg := b.groups.hot.at(i)
		k := bg.k
		k.iface = remap[k.iface]
		j := a.groups.find(&k, a.groups.hash(&k))
		g := a.groups.hot.at(j)
		if bg.ord < g.ord {
			g.ord = bg.ord
			*a.groups.cold.at(j) = *b.groups.cold.at(i)
		}
		g.records += bg.records
		g.packets += bg.packets
		g.bytes += bg.bytes
		g.first = minTime(g.first, bg.first)
		g.last = max(g.last, bg.last)
		if bg.clientLo >= 0 {
			g.widen(bg.clientLo, bg.clientHi)
		}
		if bg.tcpFlags >= 0 {
			g.tcpFlags = max(g.tcpFlags, 0) | bg.tcpFlags
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
	s.Groups = a.sortedGroups()
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

// sortItem is a group's packed key, its interface replaced by its rank,
// and its entry.
type sortItem struct {
	k gkey
	i uint32
}

func compareItems(x, y sortItem) int { return compareGKey(&x.k, &y.k) }

// mergeItems merges two sorted runs into a new one.
func mergeItems(x, y []sortItem) []sortItem {
	out := make([]sortItem, 0, len(x)+len(y))
	for len(x) > 0 && len(y) > 0 {
		if compareGKey(&y[0].k, &x[0].k) < 0 {
			out, y = append(out, y[0]), y[1:]
		} else {
			out, x = append(out, x[0]), x[1:]
		}
	}
	return append(append(out, x...), y...)
}

// buildGroups makes dst[j] the group of items[j].
func (a *Aggregator) buildGroups(dst []Group, items []sortItem, names []string) {
	for j, it := range items {
		g, c := a.groups.hot.at(it.i), a.groups.cold.at(it.i)
		k := &g.k
		dst[j] = Group{
			Key: Key{
				Interface: names[k.iface], Direction: dirs[k.dir], Action: actions[k.action], Protocol: int(k.proto),
				Src: unpackAddr(k.src, k.srcFam), Dst: unpackAddr(k.dst, k.dstFam), SrcPort: int(k.sport), DstPort: int(k.dport),
			},
			ClientPorts: [2]int{int(g.clientLo), int(g.clientHi)},
			Records:     g.records, Packets: g.packets, Bytes: g.bytes, First: g.first, Last: g.last,
			AccountID: c.accountID, VPCID: c.vpcID, SubnetID: c.subnetID, InstanceID: c.instanceID,
			TCPFlags: int(g.tcpFlags), Sample: c.sample,
		}
	}
}

// sortedGroups makes the groups, sorted by Key. It sorts packed keys
// (interfaces replaced by their rank) and builds each Group once.
func (a *Aggregator) sortedGroups() []Group {
	names := a.ifaces.names
	byName := make([]uint32, len(names))
	for i := range byName {
		byName[i] = uint32(i)
	}
	slices.SortFunc(byName, func(x, y uint32) int { return cmp.Compare(names[x], names[y]) })
	rank := make([]uint32, len(names))
	for r, i := range byName {
		rank[i] = uint32(r)
	}
	items := make([]sortItem, a.groups.hot.n)
	for i := range a.groups.hot.n {
		items[i] = sortItem{a.groups.hot.at(i).k, i}
		items[i].k.iface = rank[items[i].k.iface]
	}
	groups := make([]Group, len(items))
	// With hundreds of thousands of groups, sorting and building them
	// take long enough to be worth two cores: each sorts half, the halves
	// are merged, each builds half.
	half := len(items) / 2
	if runtime.GOMAXPROCS(0) < 2 || len(items) < 1<<14 {
		half = 0
	}
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(items[:half], compareItems) })
	slices.SortFunc(items[half:], compareItems)
	wg.Wait()
	if half > 0 {
		items = mergeItems(items[:half], items[half:])
	}
	wg.Go(func() { a.buildGroups(groups[:half], items[:half], names) })
	a.buildGroups(groups[half:], items[half:], names)
	wg.Wait()
	return groups
}
