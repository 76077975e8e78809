package flowlogs

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func rec(iface string, action Action, proto int, src, dst string, sport, dport int, bytes, start int64) Record {
	r := blank
	r.InterfaceID, r.Action, r.Protocol, r.Status = iface, action, proto, StatusOK
	r.SrcAddr, r.DstAddr = netip.MustParseAddr(src), netip.MustParseAddr(dst)
	r.SrcPort, r.DstPort, r.Packets, r.Bytes, r.Start, r.End = sport, dport, 1, bytes, start, start+10
	return r
}

func aggregate(t *testing.T, opt Options, recs ...Record) *Summary {
	t.Helper()
	a, err := NewAggregator(opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		a.Add(&recs[i], Position{File: "f", Line: i + 1})
	}
	return a.Summary()
}

func TestGroupKeyEphemeralPort(t *testing.T) {
	for _, tc := range []struct {
		proto, sport, dport  int
		wantS, wantD, client int
	}{
		{6, 49761, 3389, EphemeralPort, 3389, 49761},
		{6, 22, 20641, 22, EphemeralPort, 20641},
		{17, 53, 53, 53, 53, -1},
		{6, 80, 443, 80, 443, -1}, // both below 1024: both kept
		{6, 50000, 8080, EphemeralPort, 8080, 50000},
		{1, 0, 0, 0, 0, -1},
		{1, 8, 30000, 8, 30000, -1}, // ICMP keeps what is written
		{6, -1, 443, -1, 443, -1},
	} {
		r := rec("eni-1", Accept, tc.proto, "10.0.0.1", "10.0.0.2", tc.sport, tc.dport, 1, 1)
		k, c := groupKey(&r)
		if k.SrcPort != tc.wantS || k.DstPort != tc.wantD || c != tc.client {
			t.Errorf("%d %d→%d: key ports %d→%d client %d, want %d→%d client %d",
				tc.proto, tc.sport, tc.dport, k.SrcPort, k.DstPort, c, tc.wantS, tc.wantD, tc.client)
		}
	}
}

func TestAggregateGroupsAndFilters(t *testing.T) {
	recs := []Record{
		rec("eni-1", Reject, 6, "203.0.113.9", "10.0.0.5", 40000, 22, 60, 1000),
		rec("eni-1", Reject, 6, "203.0.113.9", "10.0.0.5", 50000, 22, 60, 1100),
		rec("eni-1", Reject, 6, "203.0.113.9", "10.0.0.5", 45000, 22, 60, 1200),
		rec("eni-1", Accept, 6, "10.0.0.5", "198.51.100.1", 33000, 443, 5000, 1300),
		rec("eni-2", Accept, 1, "10.0.1.7", "10.0.0.5", 0, 0, 84, 5000),
	}
	recs[0].TCPFlags, recs[1].TCPFlags = 2, 1
	recs[2].AccountID = "later" // the sample's context comes from the first record
	recs[0].AccountID = "first"
	s := aggregate(t, Options{}, recs...)
	if len(s.Groups) != 3 {
		t.Fatalf("groups %+v", s.Groups)
	}
	g := s.Groups[1] // eni-1 REJECT sorts after eni-1 ACCEPT
	if g.Action != Reject || g.Records != 3 || g.Bytes != 180 || g.ClientPorts != [2]int{40000, 50000} ||
		g.First != 1000 || g.Last != 1210 || g.TCPFlags != 3 || g.AccountID != "first" || g.Sample.Line != 1 {
		t.Errorf("reject group %+v", g)
	}
	if s.First != 1000 || s.Last != 5010 {
		t.Errorf("range %d..%d", s.First, s.Last)
	}

	f := aggregate(t, Options{Interfaces: []string{"eni-1"}, Action: Reject}, recs...)
	if len(f.Groups) != 1 || f.Filtered != 2 || f.Records != 5 {
		t.Errorf("interface+action filter: groups %d filtered %d", len(f.Groups), f.Filtered)
	}
	f = aggregate(t, Options{Since: time.Unix(1105, 0), Until: time.Unix(1300, 0)}, recs...)
	if f.Filtered != 3 || len(f.Groups) != 1 || f.Groups[0].Records != 2 {
		t.Errorf("time filter: filtered %d groups %+v", f.Filtered, f.Groups)
	}
	if _, err := NewAggregator(Options{Action: "DROP"}); err == nil {
		t.Error("a bad action is accepted")
	}
	if _, err := NewAggregator(Options{Since: time.Unix(10, 0), Until: time.Unix(5, 0)}); err == nil {
		t.Error("since after until is accepted")
	}
}

func TestSummaryViews(t *testing.T) {
	s := aggregate(t, Options{},
		rec("eni-1", Reject, 6, "203.0.113.9", "10.0.0.5", 40000, 22, 60, 1000),
		rec("eni-1", Reject, 6, "203.0.113.8", "10.0.0.5", 40001, 22, 60, 1000),
		rec("eni-1", Reject, 17, "203.0.113.8", "10.0.0.5", 40001, 53, 60, 1000),
		rec("eni-2", Reject, 6, "10.0.0.5", "10.0.9.9", 443, 40000, 70, 1000),
		rec("eni-2", Accept, 6, "10.0.0.5", "10.0.9.9", 443, 40000, 9000, 1000),
	)
	rj := s.RejectsByProtocolPort()
	want := []PortCount{
		{Protocol: 6, Port: 22, Counts: Counts{2, 2, 120}},
		{Protocol: 6, Port: EphemeralPort, Counts: Counts{1, 1, 70}},
		{Protocol: 17, Port: 53, Counts: Counts{1, 1, 60}},
	}
	if !reflect.DeepEqual(rj, want) {
		t.Errorf("rejects by port %+v", rj)
	}
	top, err := s.TopTalkers(2, ByBytes)
	if err != nil || len(top) != 2 || top[0].Src.String() != "10.0.0.5" || top[0].Bytes != 9070 || top[1].Src.String() != "203.0.113.8" {
		t.Errorf("top by bytes %+v %v", top, err)
	}
	top, _ = s.TopTalkers(0, ByPackets)
	if len(top) != 3 || top[0].Packets != 2 {
		t.Errorf("top by packets %+v", top)
	}
	if _, err := s.TopTalkers(1, "flows"); err == nil {
		t.Error("unknown order accepted")
	}
	ifs := s.ByInterface()
	if len(ifs) != 2 || ifs[0].Interface != "eni-1" || ifs[0].Rejected.Records != 3 || ifs[1].Accepted.Bytes != 9000 {
		t.Errorf("by interface %+v", ifs)
	}
	if d := s.ByDirection(); len(d) != 1 || d[0].Direction != DirectionUnknown || d[0].Rejected.Records != 4 {
		t.Errorf("by direction %+v", d)
	}
}

func TestHistogram(t *testing.T) {
	var recs []Record
	for i := range 100 {
		recs = append(recs, rec("eni-1", Accept, 6, "10.0.0.1", "10.0.0.2", 1, 2, 1, 1_700_000_000+int64(i)*30))
	}
	recs = append(recs, rec("eni-1", Reject, 6, "10.0.0.1", "10.0.0.2", 1, 2, 1, 1_700_000_000))
	s := aggregate(t, Options{}, recs...)
	if s.BucketSeconds != 60 || len(s.Histogram) != 50 || s.Histogram[0].Start%60 != 0 {
		t.Fatalf("auto 60 s: width %d buckets %d", s.BucketSeconds, len(s.Histogram))
	}
	var acc, rej int64
	for _, b := range s.Histogram {
		acc += b.Accepted
		rej += b.Rejected
	}
	if acc != 100 || rej != 1 {
		t.Errorf("histogram totals %d %d", acc, rej)
	}
	// Two years of hourly records: the span, not the records, sets the width.
	recs = recs[:0]
	for i := range 2 * 365 * 24 {
		recs = append(recs, rec("eni-1", Accept, 6, "10.0.0.1", "10.0.0.2", 1, 2, 1, 1_600_000_000+int64(i)*3600))
	}
	s = aggregate(t, Options{}, recs...)
	if len(s.Histogram) > MaxBuckets || s.BucketSeconds%86400 != 0 {
		t.Errorf("wide span: width %d buckets %d", s.BucketSeconds, len(s.Histogram))
	}
	s = aggregate(t, Options{BucketSeconds: 7}, recs[:10]...)
	if s.BucketSeconds%7 != 0 || len(s.Histogram) > MaxBuckets {
		t.Errorf("explicit: width %d buckets %d", s.BucketSeconds, len(s.Histogram))
	}
}

// The summary does not depend on how chunks fell to workers.
func TestMergeDeterministic(t *testing.T) {
	var recs []Record
	for i := range 200 {
		r := rec(fmt.Sprintf("eni-%d", i%3), []Action{Accept, Reject}[i%2], 6, "10.0.0.1", "10.0.0.2", 30000+i, 443, 1, int64(1000+i))
		r.AccountID = strconv.Itoa(i)
		recs = append(recs, r)
	}
	one := aggregate(t, Options{}, recs...)
	parts := make([]*Aggregator, 3)
	for i := range parts {
		parts[i], _ = NewAggregator(Options{})
	}
	for i := len(recs) - 1; i >= 0; i-- { // reversed, round robin
		parts[i%3].Add(&recs[i], Position{File: "f", Line: i + 1})
	}
	parts[2].merge(parts[0])
	parts[2].merge(parts[1])
	if got := parts[2].Summary(); !reflect.DeepEqual(got, one) {
		t.Errorf("merged summary differs:\n%+v\n%+v", got.Groups[0], one.Groups[0])
	}
}

// Groups come out as the obvious map-of-Key aggregation makes them and in
// compareKey's order, whatever their number: the packed keys sort as Keys
// do (interface ids, direction and action strings, IPv4 before IPv6,
// signed ports), on one core or split across two.
func TestSummarySortsManyGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	addrs := []string{"10.0.0.1", "10.0.0.2", "9.255.255.255", "::1", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1"}
	var recs []Record
	keys := map[Key]*Group{} // the aggregation written the obvious way
	for i := range 60_000 {
		r := rec(fmt.Sprintf("eni-%x", rng.IntN(40)), []Action{Accept, Reject, ActionNone}[rng.IntN(3)], []int{6, 17, 1, 47}[rng.IntN(4)],
			addrs[rng.IntN(len(addrs))], addrs[rng.IntN(len(addrs))], rng.IntN(70_000)-1, rng.IntN(2000)-1, 1, 1)
		r.Direction = []Direction{Ingress, Egress, DirectionUnknown}[rng.IntN(3)]
		if rng.IntN(5) == 0 {
			r.SrcAddr = netip.Addr{}
		}
		r.Packets, r.Bytes, r.Start, r.End = int64(rng.IntN(9)), int64(rng.IntN(9000)), int64(1000+rng.IntN(500)), int64(1600+rng.IntN(500))
		r.TCPFlags = rng.IntN(40) - 1
		recs = append(recs, r)
		k, client := groupKey(&r)
		g := keys[k]
		if g == nil {
			g = &Group{Key: k, ClientPorts: [2]int{-1, -1}, TCPFlags: -1, First: r.Start, Sample: Position{"f", i + 1}}
			keys[k] = g
		}
		g.Records++
		g.Packets += r.Packets
		g.Bytes += r.Bytes
		g.First, g.Last = min(g.First, r.Start), max(g.Last, r.End)
		switch {
		case client < 0:
		case g.ClientPorts[0] < 0:
			g.ClientPorts = [2]int{client, client}
		default:
			g.ClientPorts = [2]int{min(g.ClientPorts[0], client), max(g.ClientPorts[1], client)}
		}
		if r.TCPFlags >= 0 {
			g.TCPFlags = max(g.TCPFlags, 0) | r.TCPFlags
		}
	}
	s := aggregate(t, Options{}, recs...)
	// Read's workers look records up in batches: the same summary.
	b, _ := NewAggregator(Options{})
	lines := make([]int, len(recs))
	for i := range lines {
		lines[i] = i + 1
	}
	for i := 0; i < len(recs); i += batchSize {
		j := min(i+batchSize, len(recs))
		b.addBatch(recs[i:j], lines[i:j], "f", 0)
	}
	if !reflect.DeepEqual(b.Summary(), s) {
		t.Error("batched aggregation differs from one record at a time")
	}
	if len(s.Groups) != len(keys) || len(keys) < 1<<14 {
		t.Fatalf("%d groups, %d distinct keys", len(s.Groups), len(keys))
	}
	for i := 1; i < len(s.Groups); i++ {
		if compareKey(&s.Groups[i-1].Key, &s.Groups[i].Key) >= 0 {
			t.Fatalf("not sorted at %d: %+v then %+v", i, s.Groups[i-1].Key, s.Groups[i].Key)
		}
	}
	for _, g := range s.Groups {
		if want := keys[g.Key]; want == nil || !reflect.DeepEqual(g, *want) {
			t.Fatalf("group\n  %+v\nwant\n  %+v", g, want)
		}
	}
}
