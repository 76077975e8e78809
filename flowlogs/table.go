package flowlogs

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"net/netip"
)

// gkey is Key packed for hashing and sorting: addresses as the two
// big-endian halves of their 16-byte form with a family code, the
// interface as a number, direction and action as codes ordered as their
// strings are, no pointers. A zone is not kept: the parser rejects it.
type gkey struct {
	src, dst       [2]uint64
	iface          uint32
	sport, dport   int32
	proto          int32
	srcFam, dstFam uint8 // famNone < famV4 < famV6, as netip orders them
	dir, action    uint8 // codes in dirs and actions
	_              [4]byte
}

const (
	famNone uint8 = iota
	famV4
	famV6
)

// dirs and actions are the codes of gkey, in the order of their strings,
// so comparing codes sorts as comparing Key does.
var (
	dirs    = [...]Direction{DirectionUnknown, Egress, Ingress}
	actions = [...]Action{ActionNone, Accept, Reject}
)

func dirCode(d Direction) uint8 {
	switch d {
	case Egress:
		return 1
	case Ingress:
		return 2
	case DirectionUnknown:
	}
	return 0
}

func actionCode(a Action) uint8 {
	switch a {
	case Accept:
		return 1
	case Reject:
		return 2
	case ActionNone:
	}
	return 0
}

func packAddr(a netip.Addr) ([2]uint64, uint8) {
	if !a.IsValid() {
		return [2]uint64{}, famNone
	}
	b := a.As16()
	w := [2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
	if a.Is4() {
		return w, famV4
	}
	return w, famV6
}

func unpackAddr(w [2]uint64, fam uint8) netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], w[0])
	binary.BigEndian.PutUint64(b[8:], w[1])
	switch fam {
	case famV4:
		return netip.AddrFrom16(b).Unmap()
	case famV6:
		return netip.AddrFrom16(b)
	}
	return netip.Addr{}
}

// compareAddr orders packed addresses as netip.Addr.Compare does: by
// family (bit length), then value.
func compareAddr(x [2]uint64, xf uint8, y [2]uint64, yf uint8) int {
	switch {
	case xf != yf:
		return cmpU(xf, yf)
	case x[0] != y[0]:
		return cmpU(x[0], y[0])
	}
	return cmpU(x[1], y[1])
}

func cmpU[T uint8 | uint32 | uint64 | int32](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareGKey orders keys as compareKey orders Keys, given iface ranks
// (interface numbers renumbered in the order of their ids).
func compareGKey(x, y *gkey) int {
	if c := cmpU(x.iface, y.iface); c != 0 {
		return c
	}
	if c := cmpU(x.dir, y.dir); c != 0 {
		return c
	}
	if c := cmpU(x.action, y.action); c != 0 {
		return c
	}
	if c := cmpU(x.proto, y.proto); c != 0 {
		return c
	}
	if c := compareAddr(x.src, x.srcFam, y.src, y.srcFam); c != 0 {
		return c
	}
	if c := compareAddr(x.dst, x.dstFam, y.dst, y.dstFam); c != 0 {
		return c
	}
	if c := cmpU(x.sport, y.sport); c != 0 {
		return c
	}
	return cmpU(x.dport, y.dport)
}

// hot is the part of a group every record updates, with its key: one
// pointer-free entry of two cache lines, so the garbage collector never
// scans the groups and an update touches nothing else.
type hot struct {
	k                       gkey
	records, packets, bytes int64
	first, last             int64
	ord                     uint64 // where the sample was read: the earliest wins across workers
	clientLo, clientHi      int32  // -1 when no port was collapsed
	tcpFlags                int32  // -1 when absent
}

// cold is the part of a group only its first record sets.
type cold struct {
	sample                                 Position
	accountID, vpcID, subnetID, instanceID string
}

// table indexes groups by key. Open addressing over slots of 8 bytes, each
// the entry's number and the upper half of its hash, so a probe compares
// the hash before touching an entry, and growing rehashes the slots
// without reading a single entry. Entries live in pages and never move.
type table struct {
	k0    uint64
	slots []uint64 // 0 empty, else hash>>32<<32 | entry+1
	mask  uint64   // len(slots)-1
	hot   pages[hot]
	cold  pages[cold]
}

const minSlots = 1 << 12

func newTable() table {
	return table{k0: rand.Uint64() | 1, slots: make([]uint64, minSlots), mask: minSlots - 1} //nolint:gosec // a hash key, not a secret
}

// mix is the 64×64→128-bit multiply folded back to 64 bits (as wyhash
// mixes); with a random per-table key, crafted records cannot aim at
// one slot.
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

const (
	m1 = 0xa0761d6478bd642f
	m2 = 0xe7037ed1a0b428db
	m3 = 0x8ebc6af09c88c6e3
	m4 = 0x589965cc75374cc3
)

func (t *table) hash(k *gkey) uint64 {
	w4 := uint64(k.iface)<<32 | uint64(uint32(k.proto))         //nolint:gosec // bits, not values
	w5 := uint64(uint32(k.sport))<<32 | uint64(uint32(k.dport)) //nolint:gosec // bits, not values
	w6 := uint64(k.srcFam) | uint64(k.dstFam)<<8 | uint64(k.dir)<<16 | uint64(k.action)<<24
	h := mix(k.src[0]^m1, k.src[1]^t.k0)
	h = mix(k.dst[0]^m2, k.dst[1]^h)
	h = mix(w4^m3, w5^h)
	return mix(w6^m4, h^t.k0)
}

// find returns the entry of k, whose hash is h, creating it (zeroed but
// for the key and the "none" values) when there is none.
func (t *table) find(k *gkey, h uint64) uint32 {
	tag := h >> 32 << 32
	for i := h >> 32 & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			n := t.hot.add(hot{k: *k, ord: ^uint64(0), clientLo: -1, clientHi: -1, tcpFlags: -1})
			t.cold.add(cold{})
			t.slots[i] = tag | uint64(n+1)
			if 2*uint64(t.hot.n) > t.mask {
				t.grow()
			}
			return n
		}
		if s&^(1<<32-1) == tag {
			if n := uint32(s) - 1; t.hot.at(n).k == *k { //nolint:gosec // the low half is the entry number
				return n
			}
		}
	}
}

// grow doubles the slots; a slot's place comes from the hash half it
// keeps, so entries are not read.
func (t *table) grow() {
	old := t.slots
	t.mask = t.mask<<1 | 1
	t.slots = make([]uint64, t.mask+1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := s >> 32 & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = s
	}
}

// pages stores entries in fixed pages, so growing never copies the
// entries already made (with hundreds of thousands of groups a growing
// slice spent more time copying than aggregating).
type pages[T any] struct {
	p [][]T
	n uint32
}

const pageSize = 1024

func (p *pages[T]) add(v T) uint32 {
	if p.n%pageSize == 0 {
		p.p = append(p.p, make([]T, 0, pageSize))
	}
	last := &p.p[len(p.p)-1]
	*last = append(*last, v)
	p.n++
	return p.n - 1
}

func (p *pages[T]) at(i uint32) *T { return &p.p[i/pageSize][i%pageSize] }

// idx numbers strings.
type idx struct {
	m     map[string]uint32
	names []string
}

func (x *idx) of(s string) uint32 {
	i, ok := x.m[s]
	if !ok {
		i = uint32(len(x.names)) //nolint:gosec // interfaces fit in memory
		x.m[s] = i
		x.names = append(x.names, s)
	}
	return i
}
