package reach

import (
	"net/netip"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func entry(n int, action, proto string, from, to int, cidr string) snapshot.ACLEntry {
	name, num, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		panic(err)
	}
	e := snapshot.ACLEntry{RuleNumber: n, Action: action, Protocol: name, ProtocolNumber: num, FromPort: from, ToPort: to, ICMPType: -1, ICMPCode: -1}
	if netip.MustParsePrefix(cidr).Addr().Is4() {
		e.CIDRIPv4 = cidr
	} else {
		e.CIDRIPv6 = cidr
	}
	return e
}

func admits(as []Admission, fam string, port, rule int) *Admission {
	for i, a := range as {
		if a.Family == fam && a.Protocol == "tcp" && a.FromPort <= port && port <= a.ToPort && a.RuleNumber == rule {
			return &as[i]
		}
	}
	return nil
}

// aws-semantics §2.1: rules are evaluated lowest number first and the
// first match wins, so an allow behind a deny of the same traffic admits
// nothing (landscape.md §0.2: the false positive other tools have).
func TestNACLFirstMatchWins(t *testing.T) {
	es := []snapshot.ACLEntry{
		entry(50, "deny", "tcp", 22, 22, "0.0.0.0/0"),
		entry(100, "allow", "all", 0, 65535, "0.0.0.0/0"),
		entry(32767, "deny", "all", 0, 65535, "0.0.0.0/0"),
	}
	as := InternetAdmissions(es, false)
	if a := admits(as, "ipv4", 22, 100); a != nil {
		t.Fatalf("port 22 is denied by rule 50 first, got %+v", a)
	}
	if a := admits(as, "ipv4", 3389, 100); a == nil {
		t.Fatal("port 3389 is admitted by rule 100")
	}
	if a := admits(as, "ipv6", 22, 100); a != nil {
		t.Fatal("IPv4 entries say nothing about IPv6 (§2.1)")
	}
}

func TestNACLPartialShadow(t *testing.T) {
	es := []snapshot.ACLEntry{
		entry(10, "deny", "tcp", 0, 65535, "0.0.0.0/1"),
		entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0"),
	}
	a := admits(InternetAdmissions(es, false), "ipv4", 22, 100)
	if a == nil || !a.Partial {
		t.Fatalf("half the internet still reaches rule 100: %+v", a)
	}
	es = append(es, entry(20, "deny", "tcp", 0, 65535, "128.0.0.0/1"))
	if a := admits(InternetAdmissions(es, false), "ipv4", 22, 100); a != nil {
		t.Fatalf("two /1 denies cover the internet: %+v", a)
	}
}

func TestNACLPrivateAllowIsNotInternet(t *testing.T) {
	es := []snapshot.ACLEntry{entry(100, "allow", "tcp", 22, 22, "10.0.0.0/8")}
	if as := InternetAdmissions(es, false); len(as) != 0 {
		t.Fatalf("10.0.0.0/8 is not internet: %+v", as)
	}
}

func TestNACLPortRangeContains(t *testing.T) {
	es := []snapshot.ACLEntry{entry(120, "allow", "6", 0, 1024, "::/0")}
	as := InternetAdmissions(es, false)
	if a := admits(as, "ipv6", 22, 120); a == nil || a.FromPort != 0 || a.ToPort != 1024 {
		t.Fatalf("range 0-1024 contains 22: %+v", as)
	}
}

func TestAddrSetOps(t *testing.T) {
	all := PrefixSet(netip.MustParsePrefix("0.0.0.0/0"))
	ten := PrefixSet(netip.MustParsePrefix("10.0.0.0/8"))
	rest := all.Subtract(ten)
	if !rest.Intersect(ten).Empty() || len(rest.spans) != 2 {
		t.Fatalf("subtract: %+v", rest)
	}
	if got := rest.Union(ten); len(got.spans) != 1 {
		t.Fatalf("union should re-merge adjacent ranges: %+v", got)
	}
	if IsPublicPrefix(netip.MustParsePrefix("192.168.0.0/16")) || !IsPublicPrefix(netip.MustParsePrefix("0.0.0.0/0")) || !IsPublicPrefix(netip.MustParsePrefix("2001:db8::/32")) {
		t.Fatal("public prefix classification")
	}
}
