package reach

import (
	"net/netip"
	"slices"
)

// span is an inclusive address range within one family.
type span struct{ lo, hi netip.Addr }

// AddrSet is a set of addresses of one family, kept as sorted,
// non-overlapping, non-adjacent inclusive ranges.
type AddrSet struct{ spans []span }

// prefixSpan returns the first and last address of a prefix.
func prefixSpan(p netip.Prefix) span {
	p = p.Masked()
	lo := p.Addr()
	b := lo.AsSlice()
	bits := p.Bits()
	for i := range b {
		for bit := range 8 {
			if i*8+bit >= bits {
				b[i] |= 0x80 >> bit
			}
		}
	}
	hi, _ := netip.AddrFromSlice(b)
	return span{lo, hi}
}

// PrefixSet is the set of addresses in p.
func PrefixSet(p netip.Prefix) AddrSet { return AddrSet{spans: []span{prefixSpan(p)}} }

// Empty reports whether the set has no address.
func (s AddrSet) Empty() bool { return len(s.spans) == 0 }

// Union returns s ∪ t.
func (s AddrSet) Union(t AddrSet) AddrSet {
	all := append(slices.Clone(s.spans), t.spans...)
	slices.SortFunc(all, func(a, b span) int { return a.lo.Compare(b.lo) })
	var out []span
	for _, x := range all {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if next := last.hi.Next(); x.lo.Compare(last.hi) <= 0 || (next.IsValid() && x.lo == next) {
				if x.hi.Compare(last.hi) > 0 {
					last.hi = x.hi
				}
				continue
			}
		}
		out = append(out, x)
	}
	return AddrSet{spans: out}
}

// Intersect returns s ∩ t.
func (s AddrSet) Intersect(t AddrSet) AddrSet {
	var out []span
	i, j := 0, 0
	for i < len(s.spans) && j < len(t.spans) {
		a, b := s.spans[i], t.spans[j]
		lo, hi := maxAddr(a.lo, b.lo), minAddr(a.hi, b.hi)
		if lo.Compare(hi) <= 0 {
			out = append(out, span{lo, hi})
		}
		if a.hi.Compare(b.hi) < 0 {
			i++
		} else {
			j++
		}
	}
	return AddrSet{spans: out}
}

// Subtract returns s \ t.
func (s AddrSet) Subtract(t AddrSet) AddrSet {
	var out []span
	for _, a := range s.spans {
		cur := []span{a}
		for _, b := range t.spans {
			var next []span
			for _, c := range cur {
				if b.hi.Compare(c.lo) < 0 || b.lo.Compare(c.hi) > 0 {
					next = append(next, c)
					continue
				}
				if b.lo.Compare(c.lo) > 0 {
					next = append(next, span{c.lo, b.lo.Prev()})
				}
				if b.hi.Compare(c.hi) < 0 {
					next = append(next, span{b.hi.Next(), c.hi})
				}
			}
			cur = next
		}
		out = append(out, cur...)
	}
	return AddrSet{spans: out}
}

func maxAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) > 0 {
		return a
	}
	return b
}

func minAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) < 0 {
		return a
	}
	return b
}

// nonPublic are the ranges the internet cannot source traffic from:
// private, shared (RFC6598, which IGWs reject, aws-semantics §6.1),
// loopback, link-local, multicast and reserved.
var nonPublic = func() map[bool]AddrSet {
	sets := map[bool]AddrSet{}
	for _, c := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
		"::/127", "fc00::/7", "fe80::/10", "ff00::/8", "::ffff:0:0/96",
	} {
		p := netip.MustParsePrefix(c)
		sets[p.Addr().Is4()] = sets[p.Addr().Is4()].Union(PrefixSet(p))
	}
	return sets
}()

// Public returns the addresses of s that the internet can source.
func (s AddrSet) Public() AddrSet {
	if s.Empty() {
		return s
	}
	return s.Subtract(nonPublic[s.spans[0].lo.Is4()])
}

// IsPublicPrefix reports whether a prefix contains any internet address.
func IsPublicPrefix(p netip.Prefix) bool { return !PrefixSet(p).Public().Empty() }
