package reach

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/internal/gen"
	"github.com/vpclint/vpclint/snapshot"
)

// memberEndpoint is how the matrix test asks Reach about one member.
func memberEndpoint(m *Model, x *Matrix, id string) Endpoint {
	e := m.ENIs[id]
	list := e.Private
	if x.Family == "ipv6" {
		list = e.IPv6
	}
	return Endpoint{ENI: e, Addr: list[0], Name: id}
}

// checkCell compares one cell with Model.Allowed for members a and b,
// column by column, and describes a disagreement.
func checkCell(m *Model, x *Matrix, cell Cell, a, b string) error {
	src, dst := memberEndpoint(m, x, a), memberEndpoint(m, x, b)
	for c, tr := range matrixTraffic(x.Family) {
		tr.Ephemeral = ClientEphemeral(src.ENI)
		want, certain := m.Allowed(src, dst, tr)
		if !want.Equal(cell.Allowed[c]) || certain != cell.Certain[c] {
			return fmt.Errorf("%s -> %s %s: matrix says %s (certain %v), Reach says %s (certain %v)",
				a, b, tr.Protocol, cell.Allowed[c], cell.Certain[c], want, certain)
		}
	}
	return nil
}

// TestMatrixMatchesReach (issue 3 item 3): on random topologies, every
// cell of the matrix equals Reach's answer for every pair of members of
// the two classes, not only for the representatives: the classes are
// exact. Pairs left out of the matrix are exactly those between VPCs no
// peering joins.
func TestMatrixMatchesReach(t *testing.T) {
	seeds := 600
	if testing.Short() {
		seeds = 100
	}
	var cells, memberPairs, multi, allowed int
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		g := newGenerator(seed)
		s := g.build()
		// Twins: ENIs that share a subnet and groups with another, at
		// another address, so that classes have several members.
		for i := range len(s.NetworkInterfaces) {
			n := s.NetworkInterfaces[i]
			if !g.chance(30) || len(n.PrivateIPs) == 0 {
				continue
			}
			n.ID += "-twin"
			n.PrivateIPs = []string{n.PrivateIPs[0][:len(n.PrivateIPs[0])-1] + "1"}
			n.Attachment = nil
			s.NetworkInterfaces = append(s.NetworkInterfaces, n)
		}
		if err := s.Normalize(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		m := NewModel(s)
		x := m.Matrix("ipv4")
		joined := func(a, b string) bool {
			if a == b {
				return true
			}
			for _, pc := range s.PeeringConnections {
				if (pc.Requester.VPCID == a && pc.Accepter.VPCID == b) || (pc.Requester.VPCID == b && pc.Accepter.VPCID == a) {
					return true
				}
			}
			return false
		}
		for i := range x.Classes {
			if len(x.Classes[i].Members) > 1 {
				multi++
			}
			for j := range x.Classes {
				ci, cj := &x.Classes[i], &x.Classes[j]
				cell, ok := x.At(i, j)
				want := joined(ci.VPC, cj.VPC) && (i != j || len(ci.Members) > 1)
				if ok != want {
					t.Fatalf("seed %d: pair %s -> %s in matrix %v, want %v", seed, ci.ID, cj.ID, ok, want)
				}
				if !ok {
					continue
				}
				cells++
				if !cell.Allowed[0].Empty() {
					allowed++
				}
				for _, a := range ci.Members {
					for _, b := range cj.Members {
						if a == b {
							continue
						}
						memberPairs++
						if err := checkCell(m, x, cell, a, b); err != nil {
							t.Fatalf("seed %d: %v", seed, err)
						}
					}
				}
			}
		}
	}
	t.Logf("%d seeds: %d cells (%d with some tcp allowed), %d member pairs, %d classes with several members", seeds, cells, allowed, memberPairs, multi)
	if multi == 0 || allowed == 0 || allowed == cells {
		t.Fatalf("the topologies do not exercise the matrix: %d multi-member classes, %d of %d cells allowed", multi, allowed, cells)
	}
}

// TestMatrixGeneratedAccount samples cells of the medium generated account
// (IPv4 and IPv6: its subnets have both) against Reach.
func TestMatrixGeneratedAccount(t *testing.T) {
	p, err := gen.Preset("medium")
	if err != nil {
		t.Fatal(err)
	}
	s := gen.Generate(p)
	// The generator gives subnets IPv6 blocks but interfaces none: give
	// every interface of such a subnet the IPv6 twin of its IPv4 address.
	v6 := map[string]netip.Prefix{}
	for _, sn := range s.Subnets {
		if len(sn.IPv6CIDRBlocks) > 0 {
			v6[sn.ID] = netip.MustParsePrefix(sn.IPv6CIDRBlocks[0])
		}
	}
	for i := range s.NetworkInterfaces {
		n := &s.NetworkInterfaces[i]
		if pfx, ok := v6[n.SubnetID]; ok {
			a, b := pfx.Addr().As16(), netip.MustParseAddr(n.PrivateIPs[0]).As4()
			a[14], a[15] = b[2], b[3]
			n.IPv6Addresses = []string{netip.AddrFrom16(a).String()}
		}
	}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	m := NewModel(s)
	r := rand.New(rand.NewPCG(7, 7))
	for _, fam := range []string{"ipv4", "ipv6"} {
		x := m.Matrix(fam)
		if len(x.Classes) < 10 || x.Pairs == 0 {
			t.Fatalf("%s: %d classes, %d pairs", fam, len(x.Classes), x.Pairs)
		}
		checked, open := 0, 0
		for range 3000 {
			i := r.IntN(len(x.Classes))
			var js []int
			x.Row(i, func(j int, _ Cell) { js = append(js, j) })
			if len(js) == 0 {
				continue
			}
			j := js[r.IntN(len(js))]
			cell, _ := x.At(i, j)
			ci, cj := x.Classes[i], x.Classes[j]
			a, b := ci.Members[r.IntN(len(ci.Members))], cj.Members[r.IntN(len(cj.Members))]
			if a == b {
				continue
			}
			if err := checkCell(m, x, cell, a, b); err != nil {
				t.Fatalf("%s: %v", fam, err)
			}
			checked++
			if !cell.Allowed[0].Empty() {
				open++
			}
		}
		t.Logf("%s: %d classes, %d pairs, %d distinct cells; %d sampled, %d with tcp allowed", fam, len(x.Classes), x.Pairs, len(x.values), checked, open)
		if open == 0 || open == checked {
			t.Errorf("%s: sample is one-sided: %d of %d open", fam, open, checked)
		}
	}
}

// TestMatrixLab reads the flow-logs lab's matrix: the two instances share
// a subnet and lab-sg, which has no inbound rule, so they form one class
// and nothing gets from one to the other, for certain
// (examples/flow-logs-lab/README.md).
func TestMatrixLab(t *testing.T) {
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	m := NewModel(s)
	x := m.Matrix("ipv4")
	a, ok1 := x.Index(m.Instances["i-04c7e1f2a3b5d6e0a"][0].ID)
	b, ok2 := x.Index(m.Instances["i-04c7e1f2a3b5d6e0b"][0].ID)
	if !ok1 || !ok2 || a != b {
		t.Fatalf("the two lab instances should form one class: %v %v %d %d (%+v)", ok1, ok2, a, b, x.Classes)
	}
	cell, ok := x.At(a, a)
	if !ok {
		t.Fatal("no cell between the members of the lab class")
	}
	for c, p := range x.Protocols {
		if !cell.Allowed[c].Empty() || !cell.Certain[c] {
			t.Errorf("%s: allowed %s (certain %v), want nothing, certainly", p, cell.Allowed[c], cell.Certain[c])
		}
	}
}

// TestDiffCoversEveryInterfacePair (issue 3 item 7): after a random
// change to a random topology, every interface pair whose reachability
// changed, by Reach asked pair by pair, is reported by Diff under the
// representatives of its joint classes, and Diff reports nothing else.
func TestDiffCoversEveryInterfacePair(t *testing.T) {
	seeds := 150
	if testing.Short() {
		seeds = 40
	}
	changed, seedsChanged := 0, 0
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		bs := newGenerator(seed).build()
		g := newGenerator(seed)
		as := g.build()
		// One change: clear a group's rules in one direction, or flip
		// every entry of a NACL.
		if g.chance(50) && len(as.SecurityGroups) > 0 {
			sg := &as.SecurityGroups[g.r.IntN(len(as.SecurityGroups))]
			if g.chance(50) {
				sg.Ingress = nil
			} else {
				sg.Egress = nil
			}
		} else if len(as.NetworkACLs) > 0 {
			a := &as.NetworkACLs[g.r.IntN(len(as.NetworkACLs))]
			for i := range a.Entries {
				e := &a.Entries[i]
				if strings.EqualFold(e.Action, "deny") {
					e.Action = "allow"
				} else {
					e.Action = "deny"
				}
			}
		}
		for _, s := range []*snapshot.Snapshot{bs, as} {
			if err := s.Normalize(); err != nil {
				t.Fatal(err)
			}
		}
		before, after := NewModel(bs), NewModel(as)
		changes, _ := Diff(before, after)
		got := map[string]bool{}
		for _, c := range changes {
			if c.Source != "internet" {
				got[c.Kind+" "+c.Source+" "+c.Destination+" "+c.Protocol] = true
			}
		}
		xb, xa := before.Matrix("ipv4"), after.Matrix("ipv4")
		joint := jointClasses(xb, xa)
		// Diff names a pair by its joint classes' representatives; a joint
		// class as its own destination by its second member.
		repOf, twinOf := map[string]string{}, map[string]string{}
		for _, id := range after.order {
			b, _ := xb.Index(id)
			a, _ := xa.Index(id)
			for _, j := range joint {
				if j.before == b && j.after == a {
					repOf[id] = xa.member(after, a, j.eni).Name
					if j.twin != "" {
						twinOf[id] = xa.member(after, a, j.twin).Name
					}
				}
			}
		}
		want := map[string]bool{}
		for _, p := range after.order {
			for _, q := range after.order {
				if p == q || xa.Classes[xa.byENI[p]].VPC != xa.Classes[xa.byENI[q]].VPC {
					continue
				}
				dst := repOf[q]
				if repOf[p] == repOf[q] {
					dst = twinOf[q]
				}
				for _, tr := range matrixTraffic("ipv4") {
					tr.Ephemeral = ClientEphemeral(after.ENIs[p])
					was, ok1 := before.Allowed(endpointOf(before, p), endpointOf(before, q), tr)
					now, ok2 := after.Allowed(endpointOf(after, p), endpointOf(after, q), tr)
					if !ok1 || !ok2 {
						continue
					}
					if !was.Subtract(now).Empty() {
						want["breakage "+repOf[p]+" "+dst+" "+tr.Protocol] = true
					}
					if !now.Subtract(was).Empty() {
						want["exposure "+repOf[p]+" "+dst+" "+tr.Protocol] = true
					}
				}
			}
		}
		vpcOf := func(name string) string {
			if es := after.Instances[name]; len(es) > 0 {
				name = es[0].ID
			}
			return after.ENIs[name].VPCID
		}
		for k := range got {
			a := strings.Fields(k)
			if vpcOf(a[1]) == vpcOf(a[2]) && !want[k] {
				t.Errorf("seed %d: Diff reports %q, pair by pair nothing changed", seed, k)
			}
		}
		for k := range want {
			if !got[k] {
				t.Errorf("seed %d: pair by pair %q changed, Diff misses it", seed, k)
			}
		}
		changed += len(want)
		if len(want) > 0 {
			seedsChanged++
		}
	}
	t.Logf("%d seeds, %d with changes, %d changed class pairs and protocols", seeds, seedsChanged, changed)
	if seedsChanged < seeds/6 {
		t.Fatalf("only %d of %d seeds change anything: the test exercises too little", seedsChanged, seeds)
	}
}

// TestIntentsMatchEveryPair: on random topologies, an intent over VPCs,
// subnets or groups is violated exactly when some pair of selected
// interfaces, asked of Reach one by one, violates it: one representative
// per class, and the matrix shortcut, lose nothing.
func TestIntentsMatchEveryPair(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	violated, kept := 0, 0
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		g := newGenerator(seed)
		s := g.build()
		if err := s.Normalize(); err != nil {
			t.Fatal(err)
		}
		m := NewModel(s)
		sel := func() (Selector, func(*ENI) bool) {
			e := m.ENIs[pick(g, m.order)]
			switch g.r.IntN(4) {
			case 0:
				return Selector{VPC: e.VPCID}, func(x *ENI) bool { return x.VPCID == e.VPCID }
			case 1:
				return Selector{Subnet: e.SubnetID}, func(x *ENI) bool { return x.SubnetID == e.SubnetID }
			case 2:
				if len(e.Groups) > 0 {
					sg := pick(g, e.Groups)
					return Selector{SG: sg}, func(x *ENI) bool { return slices.Contains(x.Groups, sg) }
				}
			}
			return Selector{ENI: e.ID}, func(x *ENI) bool { return x == e }
		}
		for range 4 {
			from, inFrom := sel()
			to, inTo := sel()
			traffic := pick(g, []string{"tcp/22", "tcp/443", "tcp/5432", "udp/53", "icmp", "icmp/3/4", "tcp"})
			if len(g.ports) > 0 && g.chance(50) {
				traffic = fmt.Sprintf("tcp/%d", pick(g, g.ports))
			}
			expect := pick(g, []string{"allow", "deny"})
			res := m.EvaluateIntent(Intent{Name: "x", From: from, To: to, Traffic: traffic, Expect: expect})
			want := false
			tr, _ := ParseTraffic(traffic)
			for _, a := range m.order {
				for _, b := range m.order {
					ea, eb := m.ENIs[a], m.ENIs[b]
					if a == b || !inFrom(ea) || !inTo(eb) {
						continue
					}
					tt := tr
					tt.Ephemeral = ClientEphemeral(ea)
					v := m.Reach(Endpoint{ENI: ea, Addr: ea.Private[0], Name: a}, Endpoint{ENI: eb, Addr: eb.Private[0], Name: b}, tt)
					if (expect == "allow" && v.Result == Blocked) || (expect == "deny" && v.Result == Allowed) {
						want = true
					}
				}
			}
			if res.Violated != want || res.Unknown {
				t.Fatalf("seed %d: intent %+v -> %+v %s %s: violated %v (unknown %v, %s), pair by pair %v",
					seed, from, to, traffic, expect, res.Violated, res.Unknown, res.Problem, want)
			}
			if want {
				violated++
			} else {
				kept++
			}
		}
	}
	t.Logf("%d intents violated, %d kept", violated, kept)
	if violated == 0 || kept == 0 {
		t.Fatal("one-sided: the test exercises nothing")
	}
}
