package reach

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// PortSet is a set of values in 0..65535 kept as sorted, disjoint,
// non-adjacent inclusive ranges. For TCP and UDP the values are destination
// ports; for ICMP they are type*256+code, so "type 3 code 4" is one value
// and "type 8, any code" is the range 2048..2303.
type PortSet struct{ r [][2]int }

// AllPorts is 0..65535.
func AllPorts() PortSet { return PortSet{r: [][2]int{{0, 65535}}} }

// Range is the set lo..hi (empty when lo > hi).
func Range(lo, hi int) PortSet {
	lo, hi = max(lo, 0), min(hi, 65535)
	if lo > hi {
		return PortSet{}
	}
	return PortSet{r: [][2]int{{lo, hi}}}
}

// ICMPSet is the set for an ICMP type and code, -1 meaning all.
func ICMPSet(typ, code int) PortSet {
	switch {
	case typ < 0:
		return AllPorts()
	case code < 0:
		return Range(typ*256, typ*256+255)
	default:
		return Range(typ*256+code, typ*256+code)
	}
}

// Empty reports whether the set is empty.
func (p PortSet) Empty() bool { return len(p.r) == 0 }

// Contains reports whether v is in the set.
func (p PortSet) Contains(v int) bool {
	for _, x := range p.r {
		if v >= x[0] && v <= x[1] {
			return true
		}
	}
	return false
}

// Union returns p ∪ q.
func (p PortSet) Union(q PortSet) PortSet {
	all := append(slices.Clone(p.r), q.r...)
	slices.SortFunc(all, func(a, b [2]int) int { return a[0] - b[0] })
	var out [][2]int
	for _, x := range all {
		if n := len(out); n > 0 && x[0] <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return PortSet{r: out}
}

// Intersect returns p ∩ q.
func (p PortSet) Intersect(q PortSet) PortSet {
	var out [][2]int
	i, j := 0, 0
	for i < len(p.r) && j < len(q.r) {
		lo, hi := max(p.r[i][0], q.r[j][0]), min(p.r[i][1], q.r[j][1])
		if lo <= hi {
			out = append(out, [2]int{lo, hi})
		}
		if p.r[i][1] < q.r[j][1] {
			i++
		} else {
			j++
		}
	}
	return PortSet{r: out}
}

// Subtract returns p \ q.
func (p PortSet) Subtract(q PortSet) PortSet {
	return p.Intersect(q.complement())
}

func (p PortSet) complement() PortSet {
	var out [][2]int
	next := 0
	for _, x := range p.r {
		if x[0] > next {
			out = append(out, [2]int{next, x[0] - 1})
		}
		next = x[1] + 1
	}
	if next <= 65535 {
		out = append(out, [2]int{next, 65535})
	}
	return PortSet{r: out}
}

// Equal reports whether two sets hold the same values.
func (p PortSet) Equal(q PortSet) bool { return slices.Equal(p.r, q.r) }

// Ranges returns the set's ranges.
func (p PortSet) Ranges() [][2]int { return slices.Clone(p.r) }

// String renders "22", "1024-65535", "22,80-81".
func (p PortSet) String() string {
	if p.Empty() {
		return "none"
	}
	parts := make([]string, len(p.r))
	for i, x := range p.r {
		if x[0] == x[1] {
			parts[i] = strconv.Itoa(x[0])
		} else {
			parts[i] = fmt.Sprintf("%d-%d", x[0], x[1])
		}
	}
	return strings.Join(parts, ",")
}
