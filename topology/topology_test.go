package topology

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/internal/gen"
	"github.com/vpclint/vpclint/snapshot"
)

func load(tb testing.TB, path string) *snapshot.Snapshot {
	tb.Helper()
	s, err := snapshot.Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func large(tb testing.TB) *snapshot.Snapshot {
	tb.Helper()
	p, err := gen.Preset("large")
	if err != nil {
		tb.Fatal(err)
	}
	s := gen.Generate(p)
	if err := s.Normalize(); err != nil {
		tb.Fatal(err)
	}
	return s
}

func vpcByID(m *Map, id string) *VPC {
	for gi := range m.Groups {
		for vi := range m.Groups[gi].VPCs {
			if v := &m.Groups[gi].VPCs[vi]; v.ID == id {
				return v
			}
		}
	}
	return nil
}

func TestDefaultVPCLab(t *testing.T) {
	m := FromSnapshot(load(t, "../examples/default-vpc-lab/snapshot.json"))
	if len(m.Groups) != 1 || m.Groups[0].Account != "111122223333" || len(m.Groups[0].VPCs) != 1 {
		t.Fatalf("groups = %+v, want one account/region with one VPC", m.Groups)
	}
	v := &m.Groups[0].VPCs[0]
	if !v.Default || len(v.Subnets) != 1 || !v.Subnets[0].Public {
		t.Errorf("vpc = %+v, want the default VPC with one public subnet", v)
	}
	if s := v.Subnets[0]; s.Instances != 1 || s.Interfaces != 1 {
		t.Errorf("subnet counts = %d instances, %d ENIs, want 1 and 1", s.Instances, s.Interfaces)
	}
	if len(v.Gateways) != 1 || v.Gateways[0].Kind != KindIGW {
		t.Errorf("gateways = %+v, want the internet gateway", v.Gateways)
	}
}

func TestPeeringLab(t *testing.T) {
	m := FromSnapshot(load(t, "../examples/peering-endpoints-lab/snapshot.json"))
	if len(m.Peerings) != 1 {
		t.Fatalf("peerings = %+v, want one", m.Peerings)
	}
	if p := m.Peerings[0]; p.Status != "active" || p.Routes() != "both" {
		t.Errorf("peering = %+v, want active with routes on both sides", p)
	}
	var vpce int
	for _, g := range m.Groups {
		for _, v := range g.VPCs {
			for _, gw := range v.Gateways {
				if gw.Kind == KindVPCE {
					vpce++
				}
			}
		}
	}
	if vpce == 0 {
		t.Error("no endpoint chip")
	}
}

// A one-sided peering, a peer outside the input and a transit gateway
// route, on a copy of the peering lab.
func TestPeeringOneSidedExternalAndTransit(t *testing.T) {
	s := load(t, "../examples/peering-endpoints-lab/snapshot.json")
	pcx := s.PeeringConnections[0].ID
	for i := range s.RouteTables {
		rt := &s.RouteTables[i]
		if rt.VPCID == s.PeeringConnections[0].Accepter.VPCID {
			rt.Routes = slices.DeleteFunc(rt.Routes, func(r snapshot.Route) bool { return r.TargetID == pcx })
		}
	}
	s.RouteTables[0].Routes = append(s.RouteTables[0].Routes, snapshot.Route{
		DestinationCIDR: "10.200.0.0/16", TargetType: snapshot.TargetTransitGateway, TargetID: "tgw-1", State: "active",
	})
	s.PeeringConnections = append(s.PeeringConnections, snapshot.PeeringConnection{
		ID: "pcx-ext", Status: "pending-acceptance",
		Requester: s.PeeringConnections[0].Requester,
		Accepter:  snapshot.PeeringSide{AccountID: "444455556666", Region: "eu-west-1", VPCID: "vpc-elsewhere"},
	})
	m := FromSnapshot(s)
	if got := m.Peerings[0].Routes(); got != "requester" {
		t.Errorf("routes = %s, want requester (the accepter's route removed)", got)
	}
	ext := vpcByID(m, "vpc-elsewhere")
	if ext == nil || !ext.External {
		t.Fatalf("no external box for the peer outside the input: %+v", m.Groups)
	}
	owner := vpcByID(m, s.RouteTables[0].VPCID)
	if !slices.ContainsFunc(owner.Gateways, func(g Gateway) bool { return g.ID == "tgw-1" && g.NotFollowed }) {
		t.Errorf("gateways = %+v, want tgw-1 marked not followed", owner.Gateways)
	}
	pic := Layout(m, &Overlay{})
	if len(pic.Peerings) != 2 {
		t.Errorf("%d peering edges, want 2", len(pic.Peerings))
	}
	if !strings.Contains(pic.Peerings[0].Note, "requester side only") {
		t.Errorf("note = %q, want the one-sided route said", pic.Peerings[0].Note)
	}
}

func ev(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAttach(t *testing.T) {
	s := load(t, "../examples/default-vpc-lab/snapshot.json")
	m := FromSnapshot(s)
	vpc, subnet := "vpc/"+s.VPCs[0].ID, "subnet/"+s.Subnets[0].ID
	fs := []finding.Finding{
		{
			RuleID: "SG001", Severity: finding.High, Fingerprint: "a", Resource: finding.Resource{Type: "security_group", ID: s.SecurityGroups[0].ID},
			Evidence: ev(t, map[string]any{"exposure": map[string]any{"eni": s.NetworkInterfaces[0].ID, "igw": "igw-x", "protocol": "tcp", "ports": [][2]int{{22, 22}}}}),
		},
		{RuleID: "EC2001", Severity: finding.Medium, Fingerprint: "b", Resource: finding.Resource{Type: "instance", ID: s.Instances[0].ID}},
		{RuleID: "IAM003", Severity: finding.Low, Fingerprint: "c", Resource: finding.Resource{Type: "role", ID: "arn:aws:iam::1:role/x"}},
		{
			RuleID: "VPC002", Severity: finding.Low, Fingerprint: "d", Resource: finding.Resource{Type: "vpc", ID: s.VPCs[0].ID},
			Suppression: &finding.Suppression{Active: true},
		},
		{
			RuleID: "FLOW001", Severity: finding.Low, Fingerprint: "e", Resource: finding.Resource{Type: "security_group", ID: s.SecurityGroups[0].ID},
			Evidence: ev(t, map[string]any{
				"interface": s.NetworkInterfaces[0].ID, "direction": "ingress", "src": "198.51.100.7", "dst": "172.31.4.87",
				"protocol": 6, "dst_port": 3389, "causes": []any{map[string]any{"code": "ENI_SG_RULES_MISMATCH", "component": map[string]any{"type": "security-group", "id": "sg-1"}}},
			}),
		},
	}
	o := m.Attach(fs)
	if got := o.Elements["a"]; !slices.Equal(got, []string{"path/1", vpc}) {
		t.Errorf("SG001 on %v, want its VPC and its path", got)
	}
	if got := o.Elements["b"]; !slices.Equal(got, []string{subnet}) {
		t.Errorf("instance finding on %v, want its subnet", got)
	}
	if o.Unplaced != 1 || o.Elements["c"] != nil {
		t.Errorf("unplaced = %d, role on %v; want the role finding unplaced", o.Unplaced, o.Elements["c"])
	}
	if got := o.Elements["d"]; !slices.Equal(got, []string{vpc}) || o.Badges[vpc].Count != 2 {
		t.Errorf("muted VPC finding on %v, VPC badge %+v; want placed but not counted (2 open: SG001, FLOW001)", got, o.Badges[vpc])
	}
	if b := o.Badges[vpc]; b.Worst != finding.High {
		t.Errorf("worst on the VPC = %v, want high", b.Worst)
	}
	if len(o.Paths) != 2 {
		t.Fatalf("paths = %+v, want an exposure and a blocked one", o.Paths)
	}
	exp, blk := o.Paths[0], o.Paths[1]
	if exp.Kind != PathExposure || exp.From != Internet || exp.To != subnet || exp.Traffic != "tcp/22" || !exp.Drawn {
		t.Errorf("exposure = %+v", exp)
	}
	if blk.Kind != PathBlocked || blk.From != Internet || blk.To != subnet || blk.Blocker != "security-group sg-1" || blk.Traffic != "tcp/3389" {
		t.Errorf("blocked = %+v", blk)
	}
	iac := m.Attach([]finding.Finding{{
		RuleID: "SG001", Fingerprint: "x", Resource: finding.Resource{Type: "security_group", ID: s.SecurityGroups[0].ID},
		Evidence: ev(t, map[string]any{"exposure": map[string]any{"eni": "aws_instance.web/eni-0", "instance": s.Instances[0].ID, "protocol": "tcp"}}),
	}})
	if len(iac.Paths) != 1 || iac.Paths[0].To != subnet || !iac.Paths[0].Drawn {
		t.Errorf("exposure of an instance without its interface in the input = %+v, want drawn to its subnet", iac.Paths)
	}
	pic := Layout(m, &o)
	if len(pic.Paths) != 2 || pic.Paths[1].D == "" {
		t.Errorf("drawn paths = %+v", pic.Paths)
	}
}

func TestIntentPath(t *testing.T) {
	s := load(t, "../examples/default-vpc-lab/snapshot.json")
	m := FromSnapshot(s)
	verdict := map[string]any{
		"result": "blocked", "source": "internet", "destination": s.Instances[0].ID, "traffic": "tcp/443",
		"hops": []any{
			map[string]any{"type": "internet", "id": "203.0.113.10"},
			map[string]any{"type": "internet-gateway", "id": "igw-1"},
			map[string]any{"type": "network-interface", "id": s.NetworkInterfaces[0].ID},
		},
		"blocks": []any{map[string]any{"code": "ENI_SG_RULES_MISMATCH", "component": map[string]any{"type": "security-group", "id": "sg-9"}}},
	}
	o := m.Attach([]finding.Finding{{
		RuleID: "INT001", Fingerprint: "i", Resource: finding.Resource{Type: "intent", ID: "web"},
		Evidence: ev(t, map[string]any{"intent": map[string]any{"expect": "allow"}, "evidence": verdict}),
	}})
	if len(o.Paths) != 1 {
		t.Fatalf("paths = %+v", o.Paths)
	}
	if p := o.Paths[0]; p.Kind != PathBlocked || p.To != "subnet/"+s.Subnets[0].ID || p.Blocker != "security-group sg-9" || !slices.Equal(p.Via, []string{"igw-1"}) {
		t.Errorf("path = %+v", p)
	}
	if got := o.Elements["i"]; !slices.Equal(got, []string{"path/1"}) {
		t.Errorf("intent finding on %v, want its path", got)
	}
}

// boxes lists every box of a picture with what it is.
func boxes(p *Picture) map[string]Rect {
	out := map[string]Rect{}
	for _, v := range p.VPCs {
		out[v.Key] = v.Rect
	}
	for _, s := range p.Subnets {
		out[s.Key] = s.Rect
	}
	for _, g := range p.Gateways {
		out[g.Key+"@"+chipVPC(p, g)] = g.Rect
	}
	for i, g := range p.Groups {
		out["group/"+g.Label+"/"+string(rune('0'+i))] = g.Rect
	}
	return out
}

// chipVPC is the key of the VPC box holding a chip (a transit gateway can
// appear in several).
func chipVPC(p *Picture, g GatewayBox) string {
	for _, v := range p.VPCs {
		if v.Contains(g.Rect) {
			return v.Key
		}
	}
	return ""
}

// TestLayoutNoOverlap lays out 50 VPCs and 1,000 subnets and checks that
// no two sibling boxes overlap, every box is inside its parent and inside
// the picture's width, and every VPC and subnet is drawn.
func TestLayoutNoOverlap(t *testing.T) {
	s := large(t)
	m := FromSnapshot(s)
	p := Layout(m, nil)
	if len(p.VPCs) != 50 || len(p.Subnets) != 1000 {
		t.Fatalf("%d VPCs and %d subnets drawn, want 50 and 1000", len(p.VPCs), len(p.Subnets))
	}
	t.Logf("50 VPCs, 1000 subnets: %d x %d units", p.Width, p.Height)
	all := boxes(p)
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	page := Rect{0, 0, p.Width, p.Height}
	for i, a := range keys {
		ra := all[a]
		if !page.Contains(ra) {
			t.Errorf("%s %v outside the picture %v", a, ra, page)
		}
		for _, b := range keys[i+1:] {
			rb := all[b]
			if ra.Overlaps(rb) && !ra.Contains(rb) && !rb.Contains(ra) {
				t.Errorf("%s %v overlaps %s %v", a, ra, b, rb)
			}
		}
	}
	// Children sit inside their VPC and not on its header.
	for _, v := range p.VPCs {
		header := Rect{v.X, v.Y, v.W, pad + vpcHeader}
		for _, sb := range p.Subnets {
			if v.Contains(sb.Rect) && sb.Overlaps(header) {
				t.Errorf("subnet %s covers the header of %s", sb.ID, v.ID)
			}
		}
	}
	for _, sb := range p.Subnets {
		if !slices.ContainsFunc(p.VPCs, func(v VPCBox) bool { return v.Contains(sb.Rect) }) {
			t.Errorf("subnet %s is in no VPC box", sb.ID)
		}
	}
	// Readable: nothing shrinks, so 1,000 cells keep their size.
	if p.Subnets[999].W != cellW || p.Subnets[999].H != cellH {
		t.Errorf("cell size %dx%d, want %dx%d", p.Subnets[999].W, p.Subnets[999].H, cellW, cellH)
	}
}

func TestOverlapsCatchesOverlap(t *testing.T) {
	if !(Rect{0, 0, 10, 10}).Overlaps(Rect{9, 9, 5, 5}) || (Rect{0, 0, 10, 10}).Overlaps(Rect{10, 0, 5, 5}) {
		t.Error("Overlaps is wrong at the edges")
	}
}

func TestLayoutDeterministic(t *testing.T) {
	s := load(t, "../examples/peering-endpoints-lab/snapshot.json")
	a, b := Layout(FromSnapshot(s), nil), Layout(FromSnapshot(s), nil)
	if !reflect.DeepEqual(a, b) {
		t.Error("two layouts of one snapshot differ")
	}
}

func BenchmarkLayout50VPCs1000Subnets(b *testing.B) {
	s := large(b)
	for b.Loop() {
		m := FromSnapshot(s)
		o := m.Attach(nil)
		Layout(m, &o)
	}
}
