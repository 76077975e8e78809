package reach

import (
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func acl(es ...snapshot.ACLEntry) *snapshot.NetworkACL {
	return &snapshot.NetworkACL{ID: "acl-1", Entries: es}
}

func find(ss []Shadow, rule int) *Shadow {
	for i := range ss {
		if ss[i].RuleNumber == rule {
			return &ss[i]
		}
	}
	return nil
}

// aws-semantics §2.1: first match wins, so rule 100 after a deny of
// everything at rule 1 can never match (landscape.md §0.2: "rule 1
// shadows rule 100").
func TestShadowFull(t *testing.T) {
	ss := Shadows(acl(entry(1, "deny", "all", 0, 65535, "0.0.0.0/0"), entry(100, "allow", "tcp", 443, 443, "10.0.0.0/8")))
	s := find(ss, 100)
	if s == nil || !s.Full || len(s.Opposite) != 1 || s.Opposite[0] != 1 {
		t.Fatalf("want rule 100 fully shadowed by rule 1: %+v", ss)
	}
}

// Two earlier entries that together cover the later one shadow it fully.
func TestShadowFullByUnion(t *testing.T) {
	ss := Shadows(acl(
		entry(10, "allow", "tcp", 0, 1023, "0.0.0.0/1"),
		entry(20, "allow", "tcp", 0, 1023, "128.0.0.0/1"),
		entry(30, "deny", "tcp", 22, 22, "0.0.0.0/0"),
	))
	if s := find(ss, 30); s == nil || !s.Full {
		t.Fatalf("rule 30 is covered by 10 and 20 together: %+v", ss)
	}
}

func TestShadowPartialOpposite(t *testing.T) {
	ss := Shadows(acl(entry(50, "deny", "tcp", 22, 22, "203.0.113.0/24"), entry(100, "allow", "tcp", 0, 65535, "0.0.0.0/0")))
	s := find(ss, 100)
	if s == nil || s.Full || len(s.Opposite) != 1 {
		t.Fatalf("rule 100 is partly decided by the deny at 50: %+v", ss)
	}
}

func TestShadowNone(t *testing.T) {
	ss := Shadows(acl(
		entry(100, "allow", "tcp", 443, 443, "0.0.0.0/0"),
		entry(110, "allow", "tcp", 80, 80, "0.0.0.0/0"),
		entry(120, "allow", "udp", 443, 443, "0.0.0.0/0"),
		entry(130, "allow", "tcp", 443, 443, "::/0"),
	))
	if len(ss) != 0 {
		t.Fatalf("disjoint entries shadow nothing: %+v", ss)
	}
	// Same action overlap without full cover is not reported.
	ss = Shadows(acl(entry(100, "allow", "tcp", 0, 1000, "0.0.0.0/0"), entry(110, "allow", "tcp", 500, 2000, "0.0.0.0/0")))
	if len(ss) != 0 {
		t.Fatalf("a partial overlap of the same action changes nothing: %+v", ss)
	}
}

// A specific-protocol entry never covers an all-protocols one.
func TestShadowProtocolCover(t *testing.T) {
	ss := Shadows(acl(entry(10, "deny", "tcp", 0, 65535, "0.0.0.0/0"), entry(20, "allow", "all", 0, 65535, "0.0.0.0/0")))
	s := find(ss, 20)
	if s == nil || s.Full {
		t.Fatalf("tcp deny covers only part of all traffic: %+v", ss)
	}
}
