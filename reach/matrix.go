package reach

import (
	"cmp"
	"maps"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Class is a set of interfaces no question can tell apart: same subnet,
// same security groups, same client ephemeral ports, and primary
// addresses that no CIDR of the snapshot separates (no SG rule, NACL
// entry, route, prefix list, peering or VPC CIDR contains one and not the
// other). Every member gets the answer of every other member, so the
// matrix is exact per member, not a sample.
type Class struct {
	// ID is the first member, in id order.
	ID     string   `json:"id"`
	VPC    string   `json:"vpc"`
	Subnet string   `json:"subnet"`
	Groups []string `json:"groups"`
	// Members are the interfaces of the class, sorted.
	Members []string `json:"members"`
	// Ephemeral is the port range replies to the members go back to.
	Ephemeral string `json:"ephemeral"`

	rep   Endpoint
	vpc   int     // index into Matrix.vpcs
	gs    int     // index of the group set
	site  int     // index of (subnet, address atom)
	atom  int     // index of the representative's address atom
	natom int     // the same among the network atoms
	eph   int     // index of the ephemeral range
	sgs   []int32 // group indexes, sorted, for reference matching
}

// Cell is what gets through from one class to another, per protocol of
// the matrix: the values allowed (ports, or for ICMP the echo request),
// and whether that is certain. An uncertain cell lists what nothing is
// known to block; something the snapshot cannot resolve may still block
// it, so it is never reported as open.
type Cell struct {
	Allowed []PortSet
	Certain []bool
}

// key is the cell's content as text, for interning.
func (c Cell) key() string {
	var sb strings.Builder
	for i, p := range c.Allowed {
		sb.WriteString(p.String())
		sb.WriteByte(map[bool]byte{true: '!', false: '?'}[c.Certain[i]])
	}
	return sb.String()
}

// Matrix is the class-to-class reachability of one address family over
// every pair of interface classes in one VPC or in two VPCs joined by a
// peering connection (any state; an inactive one blocks). It is computed
// on sets: security groups become piecewise functions over address atoms,
// each route lookup and NACL direction is evaluated once per subnet and
// peer address atom, and results are interned, so the cost grows with the
// distinct situations, not with the number of pairs.
type Matrix struct {
	// Family is "ipv4" or "ipv6".
	Family string
	// Protocols name the columns of a cell: tcp and udp (all ports) and
	// the echo request of icmp or icmpv6.
	Protocols []string
	Classes   []Class
	// Pairs is the number of ordered class pairs in the matrix.
	Pairs int

	byENI  map[string]int
	vpcs   []string
	vpcAt  [][2]int // class index range of each VPC
	rows   [][]rowBlock
	cells  []uint32
	values []Cell
}

// rowBlock is the cells of one row for one VPC's classes.
type rowBlock struct{ vpc, off int }

// matrixTraffic is the traffic of each column for a family.
func matrixTraffic(family string) []Traffic {
	icmp := Traffic{Protocol: "icmp", Number: 1, Ports: ICMPSet(8, 0)}
	if family == "ipv6" {
		icmp = Traffic{Protocol: "icmpv6", Number: 58, Ports: ICMPSet(128, 0)}
	}
	return []Traffic{
		{Protocol: "tcp", Number: 6, Ports: AllPorts()},
		{Protocol: "udp", Number: 17, Ports: AllPorts()},
		icmp,
	}
}

// Index returns the position of the class holding an interface.
func (x *Matrix) Index(eni string) (int, bool) {
	i, ok := x.byENI[eni]
	return i, ok
}

// At returns the cell from class i to class j, and false when the pair is
// not in the matrix (VPCs not joined by a peering, or a class with a
// single member to itself).
func (x *Matrix) At(i, j int) (Cell, bool) {
	v, ok := x.at(i, j)
	if !ok {
		return Cell{}, false
	}
	return x.values[v], true
}

func (x *Matrix) at(i, j int) (uint32, bool) {
	if i == j && len(x.Classes[i].Members) < 2 {
		return 0, false
	}
	dv := x.Classes[j].vpc
	for _, b := range x.rows[i] {
		if b.vpc == dv {
			return x.cells[b.off+j-x.vpcAt[dv][0]], true
		}
	}
	return 0, false
}

// Row calls f for every cell of row i, in class order.
func (x *Matrix) Row(i int, f func(j int, c Cell)) {
	for _, b := range x.rows[i] {
		lo, hi := x.vpcAt[b.vpc][0], x.vpcAt[b.vpc][1]
		for j := lo; j < hi; j++ {
			if j == i && len(x.Classes[i].Members) < 2 {
				continue
			}
			f(j, x.values[x.cells[b.off+j-lo]])
		}
	}
}

// Group is the destinations of one row that get the same cell.
type Group struct {
	Cell Cell
	To   []int
}

// RowGroups returns row i's destinations grouped by identical cell, in
// the order of each group's first destination.
func (x *Matrix) RowGroups(i int) []Group {
	var out []Group
	at := map[uint32]int{}
	for _, b := range x.rows[i] {
		lo, hi := x.vpcAt[b.vpc][0], x.vpcAt[b.vpc][1]
		for j := lo; j < hi; j++ {
			if j == i && len(x.Classes[i].Members) < 2 {
				continue
			}
			v := x.cells[b.off+j-lo]
			n, ok := at[v]
			if !ok {
				n = len(out)
				at[v] = n
				out = append(out, Group{Cell: x.values[v]})
			}
			out[n].To = append(out[n].To, j)
		}
	}
	return out
}

// Matrix computes the reachability matrix of one family ("ipv4" or
// "ipv6") over the interfaces that have an address of that family.
func (m *Model) Matrix(family string) *Matrix {
	b := newMatrixBuilder(m, family)
	b.classes()
	b.fill()
	return b.x
}

// matrixBuilder holds the interning tables of one computation.
type matrixBuilder struct {
	m       *Model
	x       *Matrix
	is4     bool
	traffic []Traffic
	atoms   []netip.Addr // sorted starts of the address atoms of the family
	natoms  []netip.Addr // the same for the network factors only

	groups   map[string]int32 // security group id -> index
	gsets    []groupSet
	sites    map[siteKey]int
	ephs     []PortSet
	peerOK   [][]bool // VPC index pair -> group references match across it
	tris     []tri
	triIndex map[string]int32
	cellIdx  map[string]uint32
	fullTri  int32
	// mu guards tris, triIndex, cellIdx and the matrix's values while
	// rows are filled.
	mu sync.Mutex
}

// tri is one set of values per column.
type tri [3]PortSet

// groupSet is a set of security groups as a source (egress) or
// destination (ingress) of the matrix: per direction, the CIDR-based
// allowances as a piecewise function over atoms, the group references,
// and the columns where a rule could not be resolved.
type groupSet struct {
	ids []string
	dir [2]groupDir // 0 ingress, 1 egress
}

type groupDir struct {
	// starts are atom indexes where the value changes; vals the tri from
	// there on.
	starts []int
	vals   []int32
	refs   []groupRef
	unk    uint8 // bit k: column k has an unresolved rule
}

type groupRef struct {
	group int32
	tri   int32
}

// siteKey is a subnet and an address atom: what routes and NACLs see of
// an interface.
type siteKey struct {
	subnet string
	atom   int
}

// sgResult is a component's pass set (a tri index) and the columns it is
// uncertain about.
type sgResult struct {
	tri int32
	unk uint8
}

func newMatrixBuilder(m *Model, family string) *matrixBuilder {
	x := &Matrix{Family: family}
	tr := matrixTraffic(family)
	for _, t := range tr {
		x.Protocols = append(x.Protocols, t.Protocol)
	}
	b := &matrixBuilder{
		m: m, x: x, is4: family != "ipv6", traffic: tr,
		groups: map[string]int32{}, sites: map[siteKey]int{},
		triIndex: map[string]int32{}, cellIdx: map[string]uint32{},
	}
	b.atoms = b.atomStarts(true)
	b.natoms = b.atomStarts(false)
	return b
}

// atomStarts splits the family's address space at every prefix boundary
// the evaluation can test: two addresses in one atom are inside exactly
// the same prefixes. Without groups, only the prefixes routes, NACLs,
// peerings and VPCs test: the coarser atoms of the network factors.
func (b *matrixBuilder) atomStarts(groups bool) []netip.Addr {
	var cuts []netip.Addr
	add := func(c string) {
		p, err := netip.ParsePrefix(c)
		if err != nil || p.Addr().Is4() != b.is4 {
			return
		}
		sp := prefixSpan(p)
		cuts = append(cuts, sp.lo)
		if n := sp.hi.Next(); n.IsValid() {
			cuts = append(cuts, n)
		}
	}
	s := b.m.S
	for i := range s.SecurityGroups {
		if !groups {
			break
		}
		for _, r := range slices.Concat(s.SecurityGroups[i].Ingress, s.SecurityGroups[i].Egress) {
			add(r.CIDRIPv4)
			add(r.CIDRIPv6)
		}
	}
	for _, pl := range s.PrefixLists {
		for _, e := range pl.Entries {
			add(e.CIDR)
		}
	}
	for _, a := range s.NetworkACLs {
		for _, e := range a.Entries {
			add(e.CIDRIPv4)
			add(e.CIDRIPv6)
		}
	}
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			add(r.DestinationCIDR)
			add(r.DestinationIPv6CIDR)
		}
	}
	for _, pc := range s.PeeringConnections {
		for _, c := range slices.Concat(pc.Requester.CIDRBlocks, pc.Requester.IPv6CIDRBlocks, pc.Accepter.CIDRBlocks, pc.Accepter.IPv6CIDRBlocks) {
			add(c)
		}
	}
	for _, v := range s.VPCs {
		for _, c := range slices.Concat(v.CIDRBlocks, v.IPv6CIDRBlocks) {
			add(c)
		}
	}
	// The internet gateway test tells public from private destinations.
	for _, sp := range nonPublic[b.is4].spans {
		cuts = append(cuts, sp.lo)
		if n := sp.hi.Next(); n.IsValid() {
			cuts = append(cuts, n)
		}
	}
	slices.SortFunc(cuts, netip.Addr.Compare)
	return slices.Compact(cuts)
}

// atom is the index of the atom holding a.
func (b *matrixBuilder) atom(a netip.Addr) int { return atomIn(b.atoms, a) }

func atomIn(starts []netip.Addr, a netip.Addr) int {
	i, found := slices.BinarySearchFunc(starts, a, netip.Addr.Compare)
	if found {
		return i + 1
	}
	return i
}

// familyAddr is an interface's first address of one family.
func familyAddr(e *ENI, is4 bool) (netip.Addr, bool) {
	list := e.Private
	if !is4 {
		list = e.IPv6
	}
	for _, a := range list {
		if a.Is4() == is4 {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// classes groups the interfaces into classes, sorted by VPC, subnet and
// id, so that each VPC's classes are contiguous.
// classKey is what puts two interfaces in one class.
type classKey struct {
	subnet, groups, eph string
	atom                int
}

// keyOf is the class key of an interface at one of its addresses, with
// its groups sorted and without repeats.
func (b *matrixBuilder) keyOf(e *ENI, addr netip.Addr) (classKey, []string) {
	g := slices.Clone(e.Groups)
	slices.Sort(g)
	g = slices.Compact(g)
	return classKey{e.SubnetID, strings.Join(g, ","), ClientEphemeral(e).String(), b.atom(addr)}, g
}

func (b *matrixBuilder) classes() {
	m := b.m
	byKey := map[classKey]int{}
	var cls []Class
	for _, id := range m.order {
		e := m.ENIs[id]
		addr, ok := familyAddr(e, b.is4)
		if !ok || e.VPCID == "" || e.SubnetID == "" {
			continue
		}
		k, g := b.keyOf(e, addr)
		if i, ok := byKey[k]; ok {
			cls[i].Members = append(cls[i].Members, id)
			continue
		}
		byKey[k] = len(cls)
		name := id
		if e.InstanceID != "" && m.Instances[e.InstanceID][0] == e {
			name = e.InstanceID
		}
		cls = append(cls, Class{
			ID: id, VPC: e.VPCID, Subnet: e.SubnetID, Groups: g, Members: []string{id}, Ephemeral: k.eph,
			rep: Endpoint{ENI: e, Addr: addr, Name: name},
		})
	}
	slices.SortFunc(cls, func(p, q Class) int {
		return cmp.Or(cmp.Compare(p.VPC, q.VPC), cmp.Compare(p.Subnet, q.Subnet), cmp.Compare(p.ID, q.ID))
	})
	x := b.x
	x.Classes = cls
	x.byENI = map[string]int{}
	gsIndex := map[string]int{}
	ephIndex := map[string]int{}
	for i := range cls {
		c := &cls[i]
		if n := len(x.vpcs); n == 0 || x.vpcs[n-1] != c.VPC {
			x.vpcs = append(x.vpcs, c.VPC)
			x.vpcAt = append(x.vpcAt, [2]int{i, i})
		}
		c.vpc = len(x.vpcs) - 1
		for _, id := range c.Members {
			x.byENI[id] = i
		}
		x.vpcAt[c.vpc][1] = i + 1
		gk := c.VPC + "|" + strings.Join(c.Groups, ",")
		gi, ok := gsIndex[gk]
		if !ok {
			gi = len(b.gsets)
			gsIndex[gk] = gi
			b.gsets = append(b.gsets, b.groupSet(c.Groups))
		}
		c.gs = gi
		for _, g := range c.Groups {
			c.sgs = append(c.sgs, b.groupIndex(g))
		}
		slices.Sort(c.sgs)
		c.atom = b.atom(c.rep.Addr)
		c.natom = atomIn(b.natoms, c.rep.Addr)
		sk := siteKey{c.Subnet, c.atom}
		si, ok := b.sites[sk]
		if !ok {
			si = len(b.sites)
			b.sites[sk] = si
		}
		c.site = si
		ei, ok := ephIndex[c.Ephemeral]
		if !ok {
			ei = len(b.ephs)
			ephIndex[c.Ephemeral] = ei
			b.ephs = append(b.ephs, ClientEphemeral(c.rep.ENI))
		}
		c.eph = ei
	}
	// Which VPC pairs a group reference matches across (aws-semantics
	// §1.3): the same VPC, or an active same-Region peering.
	b.peerOK = make([][]bool, len(x.vpcs))
	for i, a := range x.vpcs {
		b.peerOK[i] = make([]bool, len(x.vpcs))
		for j, c := range x.vpcs {
			b.peerOK[i][j] = m.referenceReaches(a, c)
		}
	}
}

func (b *matrixBuilder) groupIndex(id string) int32 {
	if i, ok := b.groups[id]; ok {
		return i
	}
	i := int32(len(b.groups)) //nolint:gosec // one per security group, far below 2^31
	b.groups[id] = i
	return i
}

// intern returns the index of a tri.
func (b *matrixBuilder) intern(t tri) int32 {
	k := t[0].String() + "|" + t[1].String() + "|" + t[2].String()
	if i, ok := b.triIndex[k]; ok {
		return i
	}
	i := int32(len(b.tris)) //nolint:gosec // one per distinct value set, far below 2^31
	b.tris = append(b.tris, t)
	b.triIndex[k] = i
	return i
}

func (b *matrixBuilder) union(p, q int32) int32 {
	var t tri
	for c := range t {
		t[c] = b.tris[p][c].Union(b.tris[q][c])
	}
	return b.intern(t)
}

// groupSet compiles the rules of a set of groups for both directions,
// following sgAllowed and peerMatch (the differential test holds them
// together).
func (b *matrixBuilder) groupSet(ids []string) groupSet {
	gs := groupSet{ids: ids}
	for d := range 2 {
		type piece struct {
			lo, hi int // atom range, inclusive
			t      tri
		}
		var pieces []piece
		refs := map[int32]tri{}
		var unk uint8
		for _, gid := range ids {
			sg := b.m.Groups[gid]
			if sg == nil {
				unk = 7
				continue
			}
			list := sg.Ingress
			if d == 1 {
				list = sg.Egress
			}
			for i := range list {
				r := &list[i]
				for c, t := range b.traffic {
					if !protoMatches(r.ProtocolNumber, t.Number) {
						continue
					}
					ports := rulePorts(r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode).Intersect(t.Ports)
					var one tri
					one[c] = ports
					if b.m.unresolved(r) != "" {
						unk |= 1 << c
						continue
					}
					switch {
					case r.CIDRIPv4 != "" || r.CIDRIPv6 != "":
						c := r.CIDRIPv6
						if b.is4 {
							c = r.CIDRIPv4
						}
						if p, err := netip.ParsePrefix(c); err == nil && p.Addr().Is4() == b.is4 {
							sp := prefixSpan(p)
							pieces = append(pieces, piece{b.atom(sp.lo), b.atom(sp.hi), one})
						}
					case r.PrefixListID != "":
						for _, e := range b.m.Lists[r.PrefixListID].Entries {
							if p, err := netip.ParsePrefix(e.CIDR); err == nil && p.Addr().Is4() == b.is4 {
								sp := prefixSpan(p)
								pieces = append(pieces, piece{b.atom(sp.lo), b.atom(sp.hi), one})
							}
						}
					case r.ReferencedGroup != nil:
						g := b.groupIndex(r.ReferencedGroup.GroupID)
						old := refs[g]
						old[c] = old[c].Union(ports)
						refs[g] = old
					}
				}
			}
		}
		var cuts []int
		for _, p := range pieces {
			cuts = append(cuts, p.lo, p.hi+1)
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		gd := groupDir{unk: unk}
		empty := b.intern(tri{})
		if len(cuts) == 0 || cuts[0] > 0 {
			gd.starts, gd.vals = append(gd.starts, 0), append(gd.vals, empty)
		}
		for _, at := range cuts {
			var t tri
			for _, p := range pieces {
				if p.lo <= at && at <= p.hi {
					for c := range t {
						t[c] = t[c].Union(p.t[c])
					}
				}
			}
			v := b.intern(t)
			if n := len(gd.vals); n > 0 && gd.vals[n-1] == v {
				continue
			}
			gd.starts, gd.vals = append(gd.starts, at), append(gd.vals, v)
		}
		for _, g := range slices.Sorted(maps.Keys(refs)) {
			gd.refs = append(gd.refs, groupRef{group: g, tri: b.intern(refs[g])})
		}
		gs.dir[d] = gd
	}
	return gs
}

// worker fills rows with its own memo tables; the shared interning
// tables of the builder are touched only on a miss, under the lock.
type worker struct {
	b       *matrixBuilder
	unions  map[[2]int32]int32
	net     map[[3]int]sgResult
	factors map[factorKey]effect
	combos  map[[2]int64]uint32
	// the row's last network answer: classes are sorted by subnet, so
	// neighbours in a row usually share it
	lastNet       [3]int
	lastNetResult sgResult
}

func (w *worker) union(p, q int32) int32 {
	if p == q {
		return p
	}
	k := [2]int32{min(p, q), max(p, q)}
	if i, ok := w.unions[k]; ok {
		return i
	}
	w.b.mu.Lock()
	i := w.b.union(p, q)
	w.b.mu.Unlock()
	w.unions[k] = i
	return i
}

// sg is what the groups of class o admit in direction d (1 egress) for
// the peer class p, as a pass set over the columns.
func (w *worker) sg(o, p *Class, d int) sgResult {
	gd := &w.b.gsets[o.gs].dir[d]
	i, _ := slices.BinarySearch(gd.starts, p.atom+1)
	v := gd.vals[i-1]
	if len(gd.refs) > 0 && w.b.peerOK[o.vpc][p.vpc] {
		for _, r := range gd.refs {
			if _, ok := slices.BinarySearch(p.sgs, r.group); ok {
				v = w.union(v, r.tri)
			}
		}
	}
	return sgResult{tri: v, unk: gd.unk}
}

// effect is what part of a walk did: whether it stopped everything,
// what it blocked, whether it met something unknown, and (for a route)
// whether the path goes on.
type effect struct {
	all, unknown, ok bool
	blocked          PortSet
}

func (e *effect) add(f effect) {
	e.all = e.all || f.all
	e.unknown = e.unknown || f.unknown
	e.blocked = e.blocked.Union(f.blocked)
}

// factorKey names one memoised piece of walk.network: a route lookup
// with its target (kind 0 forward, 1 return) or one NACL direction (2
// egress, 3 ingress; reply adds 4), for one subnet, one network atom of
// the peer, the peer's VPC and one column.
type factorKey struct {
	subnet, peerVPC string
	natom           int
	kind, col, eph  int
}

// factor runs one piece of walk.network on its own walk.
func (w *worker) factor(k factorKey, self *Class, peer Endpoint) effect {
	if e, ok := w.factors[k]; ok {
		return e
	}
	b := w.b
	tr := b.traffic[k.col]
	tr.Ephemeral = b.ephs[k.eph]
	v := Verdict{}
	wk := &walk{m: b.m, t: tr, v: &v}
	e := effect{ok: true}
	switch k.kind {
	case 0, 1:
		leg := map[int]string{0: "forward", 1: "return"}[k.kind]
		var r *tableRoute
		if r, e.ok = wk.routeCheck(self.Subnet, peer.Addr, leg); e.ok {
			e.ok = wk.viaTarget(r, self.VPC, k.peerVPC, peer.Addr, leg)
		}
	default:
		values := tr.Ports
		leg := "forward"
		if k.kind >= 4 {
			values, _ = tr.replyPorts()
			leg = "return"
		}
		wk.aclCheck(self.Subnet, k.kind%2 == 0, peer.Addr, values, leg)
	}
	e.all, e.blocked, e.unknown = wk.blockedAll, wk.blocked, len(v.Unknowns) > 0
	w.factors[k] = e
	return e
}

// network is the routes, gateways and NACLs between two classes' sites:
// walk.network step by step, each step memoised on what it depends on.
func (w *worker) network(s, d *Class) sgResult {
	b := w.b
	if s.Subnet == d.Subnet {
		return sgResult{tri: b.fullTri}
	}
	k := [3]int{s.site, d.site, s.eph}
	if k == w.lastNet {
		return w.lastNetResult
	}
	r, ok := w.net[k]
	if !ok {
		r = w.computeNetwork(s, d)
		w.net[k] = r
	}
	w.lastNet, w.lastNetResult = k, r
	return r
}

func (w *worker) computeNetwork(s, d *Class) sgResult {
	b := w.b
	var t tri
	var unk uint8
	for c, tr := range b.traffic {
		f := func(self, peer *Class, kind int) effect {
			return w.factor(factorKey{subnet: self.Subnet, peerVPC: peer.VPC, natom: peer.natom, kind: kind, col: c, eph: s.eph}, self, peer.rep)
		}
		// crossSubnet: forward route and source NACL, then the route back.
		var e effect
		fwd := f(s, d, 0)
		e.add(fwd)
		e.add(f(s, d, 2))
		if fwd.ok {
			_, replies := tr.replyPorts()
			if replies {
				e.add(f(d, s, 1))
			}
			e.add(f(d, s, 3))
			if replies {
				e.add(f(d, s, 4+2))
				e.add(f(s, d, 4+3))
			}
		}
		if !e.all {
			t[c] = tr.Ports.Subtract(e.blocked)
		}
		if e.unknown {
			unk |= 1 << c
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return sgResult{tri: b.intern(t), unk: unk}
}

// combine turns the three components of a pair into a cell, following
// Model.Allowed: a security group with an unresolved rule blocks nothing
// but makes the answer uncertain; the rest intersect.
func (w *worker) combine(out, in, net sgResult) uint32 {
	k := [2]int64{int64(out.tri)<<32 | int64(in.tri), int64(net.tri)<<32 | int64(out.unk)<<16 | int64(in.unk)<<8 | int64(net.unk)}
	if i, ok := w.combos[k]; ok {
		return i
	}
	b := w.b
	b.mu.Lock()
	defer b.mu.Unlock()
	cell := Cell{Allowed: make([]PortSet, len(b.traffic)), Certain: make([]bool, len(b.traffic))}
	for c, tr := range b.traffic {
		pass := tr.Ports
		certain := net.unk&(1<<c) == 0
		for _, g := range []sgResult{out, in} {
			allowed := b.tris[g.tri][c]
			if tr.Ports.Subtract(allowed).Empty() {
				continue
			}
			if g.unk&(1<<c) != 0 {
				certain = false
				continue
			}
			pass = pass.Intersect(allowed)
		}
		cell.Allowed[c] = pass.Intersect(b.tris[net.tri][c])
		cell.Certain[c] = certain
	}
	ck := cell.key()
	i, ok := b.cellIdx[ck]
	if !ok {
		i = uint32(len(b.x.values)) //nolint:gosec // one per distinct cell, far below 2^32
		b.x.values = append(b.x.values, cell)
		b.cellIdx[ck] = i
	}
	w.combos[k] = i
	return i
}

// fill lays out every row (the classes of the row's VPC and of every VPC
// joined to it by a peering connection), then computes the rows on all
// cores. Cell indexes depend on the order workers meet them; cell values
// do not, so the matrix reads the same on every run.
func (b *matrixBuilder) fill() {
	x := b.x
	joined := map[[2]string]bool{}
	for _, pc := range b.m.S.PeeringConnections {
		joined[[2]string{pc.Requester.VPCID, pc.Accepter.VPCID}] = true
		joined[[2]string{pc.Accepter.VPCID, pc.Requester.VPCID}] = true
	}
	x.rows = make([][]rowBlock, len(x.Classes))
	n := 0
	for i := range x.Classes {
		s := &x.Classes[i]
		for v, id := range x.vpcs {
			if v != s.vpc && !joined[[2]string{x.vpcs[s.vpc], id}] {
				continue
			}
			x.rows[i] = append(x.rows[i], rowBlock{vpc: v, off: n})
			n += x.vpcAt[v][1] - x.vpcAt[v][0]
			if v == s.vpc && len(s.Members) < 2 {
				x.Pairs--
			}
		}
	}
	x.Pairs += n
	x.cells = make([]uint32, n)
	b.fullTri = b.full()
	const chunk = 32
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			w := &worker{b: b, unions: map[[2]int32]int32{}, net: map[[3]int]sgResult{}, factors: map[factorKey]effect{}, combos: map[[2]int64]uint32{}, lastNet: [3]int{-1, -1, -1}}
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(x.Classes) {
					return
				}
				for i := lo; i < min(lo+chunk, len(x.Classes)); i++ {
					w.row(i)
				}
			}
		})
	}
	wg.Wait()
}

func (w *worker) row(i int) {
	x := w.b.x
	s := &x.Classes[i]
	for _, rb := range x.rows[i] {
		lo, hi := x.vpcAt[rb.vpc][0], x.vpcAt[rb.vpc][1]
		for j := lo; j < hi; j++ {
			if i == j && len(s.Members) < 2 {
				continue
			}
			d := &x.Classes[j]
			x.cells[rb.off+j-lo] = w.combine(w.sg(s, d, 1), w.sg(d, s, 0), w.network(s, d))
		}
	}
}

// full is the tri of everything each column asks about.
func (b *matrixBuilder) full() int32 {
	var t tri
	for c, tr := range b.traffic {
		t[c] = tr.Ports
	}
	return b.intern(t)
}
