package reach_test

// Flow-log differential test: random topologies (differential_test.go's
// generator), random flows between two interfaces, the records AWS would
// write as the packet-at-a-time oracle decides them, and flowlogs'
// explanation of each record. A record the oracle accepts is never
// explained as blocked and a rejected one always is, by the component the
// oracle names; every cause is one of reach's own blocks for the same
// packet, and reach allows the flow exactly when every record is
// accepted. Replay one seed with
//
//	FLOW_SEED=N go test ./reach/ -run TestFlowExplanationDifferential -v

import (
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/reach"
)

type flowStats struct{ flows, records, rejected, replies, replyRejected, sameSubnet, inferred int }

var ruleNumber = regexp.MustCompile(`NACL (\S+) \S+ rule (\d+) deny`)

func TestFlowExplanationDifferential(t *testing.T) {
	flows := 20000
	if testing.Short() {
		flows = 4000
	}
	var st flowStats
	first, last := uint64(1), uint64(1<<62)
	if v := os.Getenv("FLOW_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		first, last = n, n
	}
	for seed := first; st.flows < flows && seed <= last; seed++ {
		if !flowSeed(t, seed, &st) {
			t.Fatalf("seed %d disagrees (replay with FLOW_SEED=%d)", seed, seed)
		}
	}
	t.Logf("%+v", st)
	if first == last {
		return
	}
	if st.rejected < st.records/10 || st.records-st.rejected < st.records/10 || st.replyRejected < 10 || st.sameSubnet < 100 || st.inferred < st.records/4 {
		t.Errorf("the generator is lopsided: %+v", st)
	}
}

// flowSeed asks four flows of one topology; false on a disagreement.
func flowSeed(t *testing.T, seed uint64, st *flowStats) bool {
	t.Helper()
	topo, err := reach.NewFlowTopology(seed)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if len(topo.ENIs) < 2 {
		return true
	}
	m := reach.NewModel(topo.Snapshot)
	ok := true
	for range 4 {
		ok = flowCase(t, seed, topo, m, st) && ok
	}
	return ok
}

func flowCase(t *testing.T, seed uint64, topo *reach.FlowTopology, m *reach.Model, st *flowStats) bool {
	t.Helper()
	r := topo.R
	a := topo.ENIs[r.IntN(len(topo.ENIs))]
	b := topo.ENIs[r.IntN(len(topo.ENIs))]
	if a.ID == b.ID {
		return true
	}
	src, dst := a.IPs[r.IntN(len(a.IPs))], b.IPs[r.IntN(len(b.IPs))]
	proto := []int{6, 6, 17, 1}[r.IntN(4)]
	ports := []int{22, 53, 80, 443, 1024, 3306, 5432, 8080, 32768, 40000}
	dport, sport := ports[r.IntN(len(ports))], 32768+r.IntN(61000-32768+1)
	if r.IntN(3) == 0 {
		dport = r.IntN(65536)
	}
	recs, allowed, unsupported := topo.OracleFlow(src, dst, proto, sport, dport)
	if unsupported {
		return true
	}
	st.flows++
	if a.Subnet == b.Subnet {
		st.sameSubnet++
	}
	s := &flowlogs.Summary{}
	for _, rec := range recs {
		s.Groups = append(s.Groups, recordGroup(rec, src, dst, proto, sport, dport, r.IntN(2) == 0))
	}
	x := flowlogs.NewExplainer(m, s)
	fail := func(format string, args ...any) bool {
		t.Errorf("seed %d: %s -> %s protocol %d ports %d -> %d: %s", seed, src, dst, proto, sport, dport, fmt.Sprintf(format, args...))
		return false
	}
	v := reachVerdict(t, m, src, dst, proto, sport, dport)
	allAccepted := true
	for i, rec := range recs {
		g := s.Groups[i]
		ex := x.Explain(g)
		st.records++
		if g.Direction == flowlogs.DirectionUnknown {
			st.inferred++
		}
		if rec.Reply {
			st.replies++
		}
		wantDir := flowlogs.Ingress
		if rec.Egress {
			wantDir = flowlogs.Egress
		}
		if ex.Direction != wantDir {
			return fail("record at %s: direction %q, want %q", rec.ENI, ex.Direction, wantDir)
		}
		if rec.Accepted {
			if ex.Verdict != flowlogs.VerdictAllowed {
				return fail("ACCEPT at %s (reply %v) explained as %s: %s", rec.ENI, rec.Reply, ex.Verdict, ex.Reason)
			}
			continue
		}
		allAccepted = false
		st.rejected++
		if rec.Reply {
			st.replyRejected++
		}
		if ex.Verdict != flowlogs.VerdictBlocked {
			return fail("REJECT at %s (reply %v, oracle: %s) explained as %s: %s", rec.ENI, rec.Reply, rec.Step, ex.Verdict, ex.Reason)
		}
		if !causeNamed(ex.Causes, rec.Step) {
			return fail("REJECT at %s: the oracle says %s, the causes are %+v", rec.ENI, rec.Step, ex.Causes)
		}
		if routed(v) && !causesInReach(ex.Causes, v.Blocks) {
			return fail("causes %+v are not among reach's blocks %+v", ex.Causes, v.Blocks)
		}
	}
	if allowed && !allAccepted {
		return fail("the oracle allows the flow but a record is REJECT: %+v", recs)
	}
	if routed(v) && (v.Result == reach.Allowed) != allAccepted {
		return fail("reach says %s (%+v), records all accepted: %v (%+v)", v.Result, v.Blocks, allAccepted, recs)
	}
	return true
}

// recordGroup is the group the aggregation makes of one record: the
// client's port collapsed, the direction given or left to inference.
func recordGroup(rec reach.OracleRecord, src, dst netip.Addr, proto, sport, dport int, withDirection bool) flowlogs.Group {
	k := flowlogs.Key{Interface: rec.ENI, Action: flowlogs.Reject, Protocol: proto, Src: src, Dst: dst, SrcPort: flowlogs.EphemeralPort, DstPort: dport}
	if rec.Accepted {
		k.Action = flowlogs.Accept
	}
	if rec.Reply {
		k.Src, k.Dst, k.SrcPort, k.DstPort = dst, src, dport, flowlogs.EphemeralPort
	}
	g := flowlogs.Group{Key: k, ClientPorts: [2]int{sport, sport}, Records: 1, First: 1000, Last: 1060, TCPFlags: -1}
	if proto == 1 {
		g.SrcPort, g.DstPort, g.ClientPorts = 0, 0, [2]int{-1, -1}
	}
	if withDirection {
		g.Direction = flowlogs.Ingress
		if rec.Egress {
			g.Direction = flowlogs.Egress
		}
	}
	return g
}

func reachVerdict(t *testing.T, m *reach.Model, src, dst netip.Addr, proto, sport, dport int) reach.Verdict {
	t.Helper()
	s, err := m.Resolve(src.String())
	if err != nil {
		t.Fatal(err)
	}
	d, err := m.Resolve(dst.String())
	if err != nil {
		t.Fatal(err)
	}
	tr := reach.Traffic{Protocol: map[int]string{1: "icmp", 6: "tcp", 17: "udp"}[proto], Number: proto, Ports: reach.Range(dport, dport), Ephemeral: reach.Range(sport, sport)}
	if proto == 1 {
		tr.Ports = reach.ICMPSet(8, 0)
	}
	return m.Reach(s, d, tr)
}

// routed says whether reach followed the whole path: only SG and NACL
// blocks, which are what flow logs record as REJECT.
func routed(v reach.Verdict) bool {
	return !slices.ContainsFunc(v.Blocks, func(b reach.Block) bool {
		return b.Code != "ENI_SG_RULES_MISMATCH" && b.Code != "SG_HAS_NO_RULES" && b.Code != "SUBNET_ACL_RESTRICTION"
	})
}

// causeNamed says whether the causes include the component the oracle's
// step names: a security group, or the NACL entry number.
func causeNamed(cs []flowlogs.Cause, step string) bool {
	if strings.HasPrefix(step, "SG ") {
		return slices.ContainsFunc(cs, func(c flowlogs.Cause) bool { return c.Component.Type == "security-group" })
	}
	if m := ruleNumber.FindStringSubmatch(step); m != nil {
		n, _ := strconv.Atoi(m[2])
		return slices.ContainsFunc(cs, func(c flowlogs.Cause) bool { return c.Component.ID == m[1] && c.Entry == n })
	}
	return strings.Contains(step, "no entry matches") && slices.ContainsFunc(cs, func(c flowlogs.Cause) bool { return c.Component.Type == "network-acl" })
}

func causesInReach(cs []flowlogs.Cause, blocks []reach.Block) bool {
	for _, c := range cs {
		if !slices.ContainsFunc(blocks, func(b reach.Block) bool {
			return b.Code == c.Code && b.Component == c.Component && b.Leg == c.Leg && b.Rule == c.Rule
		}) {
			return false
		}
	}
	return true
}
