package topology

import (
	"testing"

	"github.com/vpclint/vpclint/reach"
)

func explainLab(t *testing.T, lab, from, to, traffic string) (*Map, Overlay) {
	t.Helper()
	s := load(t, "../examples/"+lab+"/snapshot.json")
	rm := reach.NewModel(s)
	src, err := rm.Resolve(from)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := rm.Resolve(to)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := reach.ParseTraffic(traffic)
	if err != nil {
		t.Fatal(err)
	}
	v := rm.Reach(src, dst, tr)
	m := FromSnapshot(s)
	o := m.Explain(&v)
	return m, o
}

// Each explained flow is drawn where its verdict says: to the subnet
// whose NACL stops it, to the internet gateway when allowed out, into the
// gateway chip's bottom edge, with both ends marked.
func TestExplainPaths(t *testing.T) {
	const (
		a, b   = "i-04c7e1f2a3b5d6e0a", "i-04c7e1f2a3b5d6e0b"
		subnet = "subnet/subnet-0e1f2a3b4c5d6e7f8"
		igw    = "gw/igw-0f1e2d3c4b5a69788"
	)
	cases := []struct {
		name, to, traffic string
		kind, end, label  string
		ends              []string
	}{
		{"nacl blocks ping out", "8.8.8.8", "icmp", PathBlocked, subnet, "acl-0b2c3d4e5f6a7b8c9 icmp/8/0", []string{subnet, igw}},
		{"sg blocks ping in", b, "icmp", PathBlocked, subnet, "sg-0d3e4f5a6b7c8d9e0 icmp/8/0", []string{subnet}},
		{"https out allowed", "internet", "tcp/443", PathExposure, Internet, "tcp/443 allowed", []string{subnet, igw}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, o := explainLab(t, "flow-logs-lab", a, c.to, c.traffic)
			if len(o.Paths) != 1 {
				t.Fatalf("%d paths, want 1: %+v", len(o.Paths), o.Paths)
			}
			p := o.Paths[0]
			if p.Kind != c.kind || p.From != subnet || p.To != c.end || !p.Drawn {
				t.Errorf("path %+v, want %s from %s to %s, drawn", p, c.kind, subnet, c.end)
			}
			var keys []string
			for _, e := range o.Ends {
				keys = append(keys, e.Key)
			}
			if len(keys) != len(c.ends) || keys[0] != c.ends[0] || keys[len(keys)-1] != c.ends[len(c.ends)-1] {
				t.Errorf("ends %v, want %v", keys, c.ends)
			}
			pic := Layout(m, &o)
			if len(pic.Paths) != 1 || pic.Paths[0].Label != c.label {
				t.Fatalf("drawn %+v, want one edge labelled %q", pic.Paths, c.label)
			}
			if len(pic.Ends) != len(c.ends) {
				t.Errorf("%d end marks, want %d", len(pic.Ends), len(c.ends))
			}
			if e := pic.Paths[0]; c.kind == PathBlocked && abs(e.CrossX-e.MarkX) < 24 {
				t.Errorf("the cross at %d sits on the number at %d", e.CrossX, e.MarkX)
			}
		})
	}
	// Across a peering the ends are in two VPCs: marked, not drawn.
	_, o := explainLab(t, "peering-endpoints-lab", "i-01a2b3c4d5e6f7a8c", "i-02b3c4d5e6f7a8b9d", "tcp/443")
	if len(o.Paths) != 1 || o.Paths[0].Drawn || len(o.Ends) != 2 {
		t.Errorf("peering: paths %+v ends %+v, want one undrawn path and two ends", o.Paths, o.Ends)
	}
}
