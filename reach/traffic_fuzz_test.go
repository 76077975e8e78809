package reach

import "testing"

// FuzzParseTraffic: --traffic values never panic, and what parses renders
// back (String) to text that parses to the same traffic.
func FuzzParseTraffic(f *testing.F) {
	for _, s := range []string{"tcp/5432", "tcp/8000-8080", "udp/53", "icmp", "icmp/3/4", "icmp/3", "icmpv6", "icmpv6/1/0", "all", "47", "-1", " TCP/22 ", "tcp/", "icmp/300", "tcp/9-8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTraffic(s)
		if err != nil {
			return
		}
		if tr.Ports.Empty() {
			t.Fatalf("%q parses to no ports at all", s)
		}
		again, err := ParseTraffic(tr.String())
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", s, tr.String(), err)
		}
		if again.Protocol != tr.Protocol || again.Number != tr.Number || !again.Ports.Equal(tr.Ports) {
			t.Fatalf("%q -> %q -> %+v, want %+v", s, tr.String(), again, tr)
		}
	})
}

// FuzzParsePortRange: port ranges never panic, stay within 0-65535, and
// what parses is exactly the range its String renders.
func FuzzParsePortRange(f *testing.F) {
	for _, s := range []string{"22", "1024-65535", "0-0", "65535", "65536", "-1", "5-", "9-8", " 80 ", "1-2-3", "+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePortRange(s)
		if err != nil {
			return
		}
		r := p.Ranges()
		if len(r) != 1 || r[0][0] < 0 || r[0][1] > 65535 || r[0][0] > r[0][1] {
			t.Fatalf("%q parses to %v", s, r)
		}
		again, err := ParsePortRange(p.String())
		if err != nil || !again.Equal(p) {
			t.Fatalf("%q -> %q -> %v (%v)", s, p.String(), again.Ranges(), err)
		}
	})
}
