package reach

import (
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

// Shadow says that a NACL entry never (Full) or only partly decides the
// traffic it names, because lower-numbered entries match it first
// (aws-semantics §2.1).
type Shadow struct {
	RuleNumber int    `json:"rule_number"`
	Egress     bool   `json:"egress"`
	Action     string `json:"action"`
	// Full: every packet the entry names is decided earlier; it can never
	// match. Otherwise some of its traffic is decided earlier by an entry
	// of the opposite action (Opposite lists those rule numbers).
	Full     bool  `json:"full"`
	By       []int `json:"by"`
	Opposite []int `json:"opposite,omitempty"`
}

// entryCIDRPrefix returns the entry's CIDR and family.
func entryCIDRPrefix(e snapshot.ACLEntry) (netip.Prefix, bool) {
	c := e.CIDRIPv4
	if c == "" {
		c = e.CIDRIPv6
	}
	p, err := netip.ParsePrefix(c)
	return p, err == nil
}

func entryValues(e snapshot.ACLEntry) PortSet {
	return rulePorts(e.Protocol, e.FromPort, e.ToPort, e.ICMPType, e.ICMPCode)
}

// covers reports whether entry f matches every packet of entry e's
// protocol: the same protocol, or all protocols.
func protoCovers(f, e snapshot.ACLEntry) bool {
	return f.ProtocolNumber == -1 || (e.ProtocolNumber != -1 && f.ProtocolNumber == e.ProtocolNumber)
}

func protoOverlaps(f, e snapshot.ACLEntry) bool {
	return f.ProtocolNumber == -1 || e.ProtocolNumber == -1 || f.ProtocolNumber == e.ProtocolNumber
}

// Shadows finds the entries of a NACL that can never match, or that are
// partly decided first by an entry of the opposite action. The "*" default
// entries are not reported (they are meant to catch the rest).
func Shadows(acl *snapshot.NetworkACL) []Shadow {
	var out []Shadow
	for _, egress := range []bool{false, true} {
		var dir []snapshot.ACLEntry
		for _, e := range acl.Entries {
			if e.Egress == egress {
				dir = append(dir, e)
			}
		}
		slices.SortStableFunc(dir, func(a, b snapshot.ACLEntry) int { return a.RuleNumber - b.RuleNumber })
		for i, e := range dir {
			if e.Implicit || e.RuleNumber >= 32767 {
				continue
			}
			if s, ok := shadowOf(e, dir[:i]); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func shadowOf(e snapshot.ACLEntry, earlier []snapshot.ACLEntry) (Shadow, bool) {
	ep, ok := entryCIDRPrefix(e)
	if !ok {
		return Shadow{}, false
	}
	s := Shadow{RuleNumber: e.RuleNumber, Egress: e.Egress, Action: e.Action}
	vals := entryValues(e)
	// Split e's values at every earlier boundary so that the set of
	// earlier entries covering a segment is constant within it.
	segs := segments(vals, earlier)
	full := true
	for _, seg := range segs {
		var covered AddrSet
		for _, f := range earlier {
			fp, ok := entryCIDRPrefix(f)
			if !ok || fp.Addr().Is4() != ep.Addr().Is4() || !protoCovers(f, e) {
				continue
			}
			if !entryValues(f).Intersect(seg).Equal(seg) {
				continue
			}
			covered = covered.Union(PrefixSet(fp))
		}
		if !PrefixSet(ep).Subtract(covered).Empty() {
			full = false
			break
		}
	}
	for _, f := range earlier {
		fp, ok := entryCIDRPrefix(f)
		if !ok || fp.Addr().Is4() != ep.Addr().Is4() || !protoOverlaps(f, e) || !fp.Overlaps(ep) || entryValues(f).Intersect(vals).Empty() {
			continue
		}
		s.By = append(s.By, f.RuleNumber)
		if f.Action != e.Action {
			s.Opposite = append(s.Opposite, f.RuleNumber)
		}
	}
	s.Full = full && len(s.By) > 0
	if !s.Full && len(s.Opposite) == 0 {
		return Shadow{}, false
	}
	return s, true
}

// segments cuts vals at the boundaries of the earlier entries' values.
func segments(vals PortSet, earlier []snapshot.ACLEntry) []PortSet {
	var cuts []int
	for _, f := range earlier {
		for _, r := range entryValues(f).Ranges() {
			cuts = append(cuts, r[0], r[1]+1)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []PortSet
	for _, r := range vals.Ranges() {
		lo := r[0]
		for _, c := range cuts {
			if c > lo && c <= r[1] {
				out = append(out, Range(lo, c-1))
				lo = c
			}
		}
		out = append(out, Range(lo, r[1]))
	}
	return out
}
