package reach

import (
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

// Admission says that a NACL allow entry really admits internet traffic:
// for this protocol and destination port range, some public source
// address reaches the entry before any other entry matches it
// (aws-semantics §2.1: lowest rule number first, first match wins).
type Admission struct {
	Family     string `json:"family"`   // ipv4 | ipv6
	Protocol   string `json:"protocol"` // tcp | udp
	FromPort   int    `json:"from_port"`
	ToPort     int    `json:"to_port"`
	RuleNumber int    `json:"rule_number"`
	CIDR       string `json:"cidr"`
	// Partial is set when earlier entries take part of the entry's
	// internet addresses for these ports: it is partly shadowed.
	Partial bool `json:"partial,omitempty"`
	// Uncertain is set when an earlier entry has an unknown CIDR, so the
	// admission may in fact be shadowed.
	Uncertain bool `json:"uncertain,omitempty"`
}

var portProtocols = []struct {
	name string
	num  int
}{{"tcp", 6}, {"udp", 17}}

// InternetAdmissions evaluates one direction of a NACL against every
// public source (ingress) or destination (egress) address, per TCP/UDP
// destination port, and returns what each allow entry really admits.
func InternetAdmissions(entries []snapshot.ACLEntry, egress bool) []Admission {
	var out []Admission
	for _, fam := range []string{"ipv4", "ipv6"} {
		for _, p := range portProtocols {
			out = append(out, admissions(entries, egress, fam, p.name, p.num)...)
		}
	}
	return out
}

// matching returns the entries of one direction and family that apply to
// protocol num, in evaluation order.
func matching(entries []snapshot.ACLEntry, egress bool, fam string, num int) []snapshot.ACLEntry {
	var out []snapshot.ACLEntry
	for _, e := range entries {
		if e.Egress != egress || (e.ProtocolNumber != -1 && e.ProtocolNumber != num) {
			continue
		}
		if c := entryCIDR(e, fam); c != "" || slices.Contains(e.Unknown, "cidr_"+fam) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b snapshot.ACLEntry) int { return a.RuleNumber - b.RuleNumber })
	return out
}

func entryCIDR(e snapshot.ACLEntry, fam string) string {
	if fam == "ipv4" {
		return e.CIDRIPv4
	}
	return e.CIDRIPv6
}

func universe(fam string) AddrSet {
	if fam == "ipv4" {
		return PrefixSet(netip.MustParsePrefix("0.0.0.0/0"))
	}
	return PrefixSet(netip.MustParsePrefix("::/0"))
}

// portSegments splits 0-65535 at every entry boundary, so the set of
// entries covering a port is constant within a segment.
func portSegments(es []snapshot.ACLEntry) [][2]int {
	cuts := []int{0, 65536}
	for _, e := range es {
		cuts = append(cuts, e.FromPort, e.ToPort+1)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var segs [][2]int
	for i := 0; i+1 < len(cuts); i++ {
		if cuts[i] >= 0 && cuts[i] <= 65535 {
			segs = append(segs, [2]int{cuts[i], min(cuts[i+1], 65536) - 1})
		}
	}
	return segs
}

func admissions(entries []snapshot.ACLEntry, egress bool, fam, proto string, num int) []Admission {
	es := matching(entries, egress, fam, num)
	var out []Admission
	for _, seg := range portSegments(es) {
		remaining := universe(fam).Public()
		uncertain := false
		for _, e := range es {
			if e.FromPort > seg[0] || e.ToPort < seg[1] {
				continue
			}
			cidr := entryCIDR(e, fam)
			if cidr == "" { // unknown CIDR: it may take any address
				uncertain = true
				continue
			}
			set := PrefixSet(netip.MustParsePrefix(cidr))
			taken := remaining.Intersect(set)
			if e.Action == "allow" && !taken.Empty() {
				a := Admission{Family: fam, Protocol: proto, FromPort: seg[0], ToPort: seg[1], RuleNumber: e.RuleNumber, CIDR: cidr, Uncertain: uncertain}
				a.Partial = !set.Public().Subtract(taken).Empty()
				out = appendMerged(out, a)
			}
			remaining = remaining.Subtract(set)
			if remaining.Empty() {
				break
			}
		}
	}
	return out
}

// appendMerged extends the previous admission when a segment continues it.
func appendMerged(out []Admission, a Admission) []Admission {
	for i := len(out) - 1; i >= 0; i-- {
		p := &out[i]
		if p.RuleNumber == a.RuleNumber && p.Partial == a.Partial && p.Uncertain == a.Uncertain && p.ToPort+1 == a.FromPort {
			p.ToPort = a.ToPort
			return out
		}
	}
	return append(out, a)
}
