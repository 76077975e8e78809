package reach

import (
	"testing"
)

// TestRuleAdmitsAgreesWithSGEvaluation holds RuleAdmits to sgAllowed: over
// generated topologies and questions, some rule admits the traffic exactly
// when the union of the interface's groups allows some of it, and a rule
// that cannot be decided is reported by both.
func TestRuleAdmitsAgreesWithSGEvaluation(t *testing.T) {
	var asked, admitted int
	for seed := uint64(1); seed <= 150; seed++ {
		g := newGenerator(seed)
		s := g.build()
		if err := s.Normalize(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		m := NewModel(s)
		for range 40 {
			q := g.question()
			if q.dst == nil {
				continue
			}
			tr, err := ParseTraffic(q.traffic)
			if err != nil {
				t.Fatal(err)
			}
			local := m.ENIs[q.dst.id]
			for _, egress := range []bool{false, true} {
				asked++
				want, _, unknown := m.sgAllowed(local, egress, q.srcAddr, m.byAddr[q.srcAddr], tr)
				var got bool
				var undecided int
				for _, gid := range local.Groups {
					sg := m.Groups[gid]
					if sg == nil {
						undecided++
						continue
					}
					list := sg.Ingress
					if egress {
						list = sg.Egress
					}
					for i := range list {
						ok, why := m.RuleAdmits(local, &list[i], q.srcAddr, tr)
						if why != "" {
							undecided++
						}
						got = got || ok
					}
				}
				if got != !want.Empty() || undecided != len(unknown) {
					t.Fatalf("seed %d: %s egress=%v %s from %s: RuleAdmits says %v (%d undecided), sgAllowed %v (%d unknown)",
						seed, local.ID, egress, q.traffic, q.srcAddr, got, undecided, want, len(unknown))
				}
				if got {
					admitted++
				}
			}
		}
	}
	if admitted == 0 || admitted == asked {
		t.Fatalf("degenerate sample: %d of %d questions admitted", admitted, asked)
	}
	t.Logf("%d questions, %d admitted", asked, admitted)
}
