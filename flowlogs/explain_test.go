package flowlogs

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// The flow-logs lab (examples/flow-logs-lab/README.md): two instances in
// one public subnet, lab-sg with no inbound rules, and a NACL whose
// outbound rule 1 denies all ICMP.
const (
	labA     = "172.31.5.10"
	labB     = "172.31.9.20"
	labENIA  = "eni-0a11b22c33d44e55f"
	labENIB  = "eni-0b22c33d44e55f66a"
	labSG    = "sg-0d3e4f5a6b7c8d9e0"
	labNACL  = "acl-0b2c3d4e5f6a7b8c9"
	prober   = "198.51.100.77"
	labStart = 1796032802
)

func labSnapshot(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func labModel(t *testing.T) *reach.Model {
	t.Helper()
	return reach.NewModel(labSnapshot(t))
}

// changed is the lab with an edit applied and normalised again.
func changed(t *testing.T, edit func(*snapshot.Snapshot)) *reach.Model {
	t.Helper()
	s := labSnapshot(t)
	edit(s)
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	return reach.NewModel(s)
}

func addIngress(s *snapshot.Snapshot, r snapshot.SGRule) {
	for i := range s.SecurityGroups {
		if s.SecurityGroups[i].ID == labSG {
			s.SecurityGroups[i].Ingress = append(s.SecurityGroups[i].Ingress, r)
		}
	}
}

func addEntry(s *snapshot.Snapshot, e snapshot.ACLEntry) {
	for i := range s.NetworkACLs {
		if s.NetworkACLs[i].ID == labNACL {
			s.NetworkACLs[i].Entries = append(s.NetworkACLs[i].Entries, e)
		}
	}
}

// group is a version 2 record group: no direction, no context fields.
func group(iface string, action Action, proto int, src, dst string, sport, dport int) Group {
	g := Group{
		Key: Key{
			Interface: iface, Action: action, Protocol: proto,
			Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), SrcPort: sport, DstPort: dport,
		},
		ClientPorts: [2]int{-1, -1}, Records: 1, Packets: 4, Bytes: 336, First: labStart, Last: labStart + 54, TCPFlags: -1,
	}
	switch {
	case sport == EphemeralPort:
		g.ClientPorts = [2]int{51515, 57559}
	case dport == EphemeralPort:
		g.ClientPorts = [2]int{40000, 40100}
	}
	return g
}

func onlyCause(t *testing.T, ex Explanation) Cause {
	t.Helper()
	if len(ex.Causes) != 1 {
		t.Fatalf("want exactly one cause, got %d: %+v\nreason: %s", len(ex.Causes), ex.Causes, ex.Reason)
	}
	return ex.Causes[0]
}

func TestExplainLabPingBetweenInstancesIsBsSecurityGroup(t *testing.T) {
	ex := Explain(labModel(t), group(labENIB, Reject, 1, labA, labB, 0, 0))
	if ex.Verdict != VerdictBlocked || ex.Direction != Ingress || !ex.DirectionInferred || ex.Role != RoleRequest {
		t.Fatalf("got %s %s (inferred %v) %s: %s", ex.Verdict, ex.Direction, ex.DirectionInferred, ex.Role, ex.Reason)
	}
	c := onlyCause(t, ex)
	if c.Component.Type != "security-group" || c.Component.ID != labSG || c.Leg != "forward" || c.Entry != 0 {
		t.Errorf("cause: %+v", c)
	}
	if !strings.Contains(c.Message, "inbound") || !strings.Contains(c.Message, labENIB) {
		t.Errorf("the message should name b's inbound rules: %s", c.Message)
	}
	if ex.Instance != "i-04c7e1f2a3b5d6e0b" || ex.Peer != labENIA || ex.Traffic != "icmp/8/0" {
		t.Errorf("instance %q peer %q traffic %q", ex.Instance, ex.Peer, ex.Traffic)
	}
	if len(ex.Assumptions) == 0 || !strings.Contains(ex.Assumptions[0], "echo") {
		t.Errorf("the echo assumption should be stated: %q", ex.Assumptions)
	}
}

func TestExplainLabPingToInternetIsNACLEntry1(t *testing.T) {
	ex := Explain(labModel(t), group(labENIA, Reject, 1, labA, "8.8.8.8", 0, 0))
	if ex.Verdict != VerdictBlocked || ex.Direction != Egress || ex.Role != RoleRequest {
		t.Fatalf("got %s %s %s: %s", ex.Verdict, ex.Direction, ex.Role, ex.Reason)
	}
	c := onlyCause(t, ex)
	if c.Component.Type != "network-acl" || c.Component.ID != labNACL || c.Entry != 1 || c.Leg != "forward" || c.Code != "SUBNET_ACL_RESTRICTION" {
		t.Errorf("cause: %+v", c)
	}
}

func TestExplainLabSSHProbeIsSecurityGroup(t *testing.T) {
	ex := Explain(labModel(t), group(labENIB, Reject, 6, prober, labB, EphemeralPort, 22))
	if ex.Verdict != VerdictBlocked || ex.Direction != Ingress || ex.Role != RoleRequest || ex.Peer != prober || ex.Traffic != "tcp/22" {
		t.Fatalf("got %s %s %s peer %s traffic %s: %s", ex.Verdict, ex.Direction, ex.Role, ex.Peer, ex.Traffic, ex.Reason)
	}
	if c := onlyCause(t, ex); c.Component.Type != "security-group" || c.Component.ID != labSG {
		t.Errorf("cause: %+v", c)
	}
}

// An accepted request whose reply is rejected: only a NACL can do that
// (SGs are stateful), on the client's ephemeral ports.
func TestExplainReplyRejectedOnEphemeralPortIsNACL(t *testing.T) {
	m := changed(t, func(s *snapshot.Snapshot) {
		addIngress(s, snapshot.SGRule{RuleID: "sgr-https", Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRIPv4: "0.0.0.0/0"})
		addEntry(s, snapshot.ACLEntry{RuleNumber: 50, Egress: true, Action: "deny", Protocol: "tcp", FromPort: 32768, ToPort: 65535, CIDRIPv4: "0.0.0.0/0"})
	})
	req := group(labENIB, Accept, 6, prober, labB, EphemeralPort, 443)
	reply := group(labENIB, Reject, 6, labB, prober, 443, EphemeralPort)
	if ex := Explain(m, req); ex.Verdict != VerdictAllowed || ex.Role != RoleRequest {
		t.Fatalf("request: %s %s: %s", ex.Verdict, ex.Role, ex.Reason)
	}
	ex := Explain(m, reply)
	if ex.Verdict != VerdictBlocked || ex.Role != RoleResponse || ex.Direction != Egress || ex.Traffic != "tcp/40000-40100" {
		t.Fatalf("reply: %s %s %s %s: %s", ex.Verdict, ex.Role, ex.Direction, ex.Traffic, ex.Reason)
	}
	c := onlyCause(t, ex)
	if c.Component.ID != labNACL || c.Entry != 50 || c.Leg != "return" {
		t.Errorf("cause: %+v", c)
	}
}

// The AWS documentation's signature (aws-semantics §8.3): a ping from the
// internet accepted in, its reply rejected out. Flow logs carry no ICMP
// type, so only the accepted reverse flow says the REJECT is a response.
func TestExplainAllICMPReplyRecognisedByItsRequest(t *testing.T) {
	m := changed(t, func(s *snapshot.Snapshot) {
		addIngress(s, snapshot.SGRule{RuleID: "sgr-ping", Protocol: "icmp", ICMPType: 8, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"})
	})
	s := &Summary{Groups: []Group{
		group(labENIB, Accept, 1, prober, labB, 0, 0),
		group(labENIB, Reject, 1, labB, prober, 0, 0),
	}}
	all := ExplainAll(m, s)
	if len(all) != 1 {
		t.Fatalf("want the one REJECT group explained, got %d", len(all))
	}
	ex := all[0]
	if ex.Verdict != VerdictBlocked || ex.Role != RoleResponse || ex.Traffic != "icmp/0/0" {
		t.Fatalf("got %s %s %s: %s", ex.Verdict, ex.Role, ex.Traffic, ex.Reason)
	}
	if c := onlyCause(t, ex); c.Component.ID != labNACL || c.Entry != 1 || c.Leg != "return" {
		t.Errorf("cause: %+v", c)
	}
	if !strings.Contains(strings.Join(ex.Assumptions, " "), "was accepted at the same interface") {
		t.Errorf("the reading should say why: %q", ex.Assumptions)
	}
}

// Traffic inside one subnet never crosses its NACL, even one that denies
// everything.
func TestExplainSameSubnetNeverBlamesNACL(t *testing.T) {
	denyAll := func(s *snapshot.Snapshot) {
		for _, egress := range []bool{false, true} {
			addEntry(s, snapshot.ACLEntry{RuleNumber: 2, Egress: egress, Action: "deny", Protocol: "-1", CIDRIPv4: "0.0.0.0/0"})
		}
	}
	m := changed(t, denyAll)
	for _, g := range []Group{
		group(labENIB, Reject, 6, labA, labB, EphemeralPort, 22),
		group(labENIA, Reject, 6, labB, labA, 22, EphemeralPort),
		group(labENIB, Reject, 1, labA, labB, 0, 0),
	} {
		ex := Explain(m, g)
		for _, c := range ex.Causes {
			if c.Component.Type == "network-acl" {
				t.Errorf("%s -> %s at %s blamed on %+v", g.Src, g.Dst, g.Interface, c)
			}
		}
	}
	// With b's SG open, the same REJECT is not explained at all.
	m = changed(t, func(s *snapshot.Snapshot) {
		denyAll(s)
		addIngress(s, snapshot.SGRule{RuleID: "sgr-all", Protocol: "-1", CIDRIPv4: "172.31.0.0/16"})
	})
	if ex := Explain(m, group(labENIB, Reject, 6, labA, labB, EphemeralPort, 22)); ex.Verdict != VerdictNotExplained || len(ex.Causes) != 0 {
		t.Errorf("got %s %+v: %s", ex.Verdict, ex.Causes, ex.Reason)
	}
	// The deny-all NACL does apply to the internet, met before the SG.
	ex := Explain(m, group(labENIB, Reject, 6, prober, labB, EphemeralPort, 22))
	if ex.Verdict != VerdictBlocked || len(ex.Causes) != 2 || ex.Causes[0].Entry != 2 || ex.Causes[1].Component.Type != "security-group" {
		t.Errorf("got %s %+v: %s", ex.Verdict, ex.Causes, ex.Reason)
	}
}

func TestExplainRejectTheConfigurationAllowsIsNotExplained(t *testing.T) {
	g := group(labENIA, Reject, 6, labA, "1.1.1.1", EphemeralPort, 443)
	g.TCPFlags = 1 | 16 // FIN-ACK: a late packet
	ex := Explain(labModel(t), g)
	if ex.Verdict != VerdictNotExplained || len(ex.Causes) != 0 || ex.Reach == nil || ex.Reach.Result != reach.Allowed {
		t.Fatalf("got %s %+v: %s", ex.Verdict, ex.Causes, ex.Reason)
	}
	if !strings.HasPrefix(ex.Reason, "not explained by this configuration: it allows this flow") {
		t.Errorf("reason: %s", ex.Reason)
	}
	if !strings.Contains(strings.Join(ex.Assumptions, " "), "after the connection closed") {
		t.Errorf("a FIN without SYN should mention late packets: %q", ex.Assumptions)
	}
	// An ACCEPT the configuration drops is the same finding the other way.
	acc := Explain(labModel(t), group(labENIB, Accept, 6, prober, labB, EphemeralPort, 22))
	if acc.Verdict != VerdictNotExplained || len(acc.Causes) != 1 {
		t.Errorf("accepted SSH: %s %+v", acc.Verdict, acc.Causes)
	}
}

func TestExplainUnknowns(t *testing.T) {
	m := labModel(t)
	cases := map[string]struct {
		g    Group
		want string
	}{
		"interface not in the configuration": {group("eni-0ffffffffffffffff", Reject, 6, prober, "172.31.1.1", EphemeralPort, 22), "not in the configuration"},
		"forwarded traffic":                  {group(labENIB, Reject, 6, prober, "172.31.1.1", EphemeralPort, 22), "owns neither"},
		"direction contradicts the addresses": {func() Group {
			g := group(labENIB, Reject, 6, prober, labB, EphemeralPort, 22)
			g.Direction = Egress
			return g
		}(), "owns neither"},
	}
	for name, c := range cases {
		ex := Explain(m, c.g)
		if ex.Verdict != VerdictUnknown || !strings.Contains(ex.Reason, c.want) {
			t.Errorf("%s: got %s: %s", name, ex.Verdict, ex.Reason)
		}
	}
	// An unknown CIDR in the configuration makes the answer unknown, not blocked.
	m = changed(t, func(s *snapshot.Snapshot) {
		addIngress(s, snapshot.SGRule{RuleID: "sgr-later", Protocol: "tcp", FromPort: 22, ToPort: 22, Unknown: []string{"cidr_ipv4"}})
	})
	if ex := Explain(m, group(labENIB, Reject, 6, prober, labB, EphemeralPort, 22)); ex.Verdict != VerdictUnknown || !strings.Contains(ex.Reason, "unknown cidr") {
		t.Errorf("unknown CIDR: %s: %s", ex.Verdict, ex.Reason)
	}
}

// The instance's interface is found by instance id and address when the
// configuration lists the instance under another interface id.
func TestExplainFindsInterfaceThroughInstance(t *testing.T) {
	g := group("eni-0123456789abcdef0", Reject, 1, labA, labB, 0, 0)
	g.InstanceID = "i-04c7e1f2a3b5d6e0b"
	ex := Explain(labModel(t), g)
	if ex.Verdict != VerdictBlocked || ex.Interface != g.Interface || !strings.Contains(strings.Join(ex.Assumptions, " "), labENIB) {
		t.Errorf("got %s %s %q: %s", ex.Verdict, ex.Interface, ex.Assumptions, ex.Reason)
	}
}

func TestExplanationJSON(t *testing.T) {
	ex := Explain(labModel(t), group(labENIA, Reject, 1, labA, "8.8.8.8", 0, 0))
	js, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	causes, _ := back["causes"].([]any)
	if back["verdict"] != "blocked" || back["direction"] != "egress" || back["src"] != labA || len(causes) != 1 {
		t.Fatalf("json: %s", js)
	}
	if c := causes[0].(map[string]any); c["entry"] != float64(1) || c["code"] != "SUBNET_ACL_RESTRICTION" {
		t.Errorf("cause json: %v", c)
	}
}

// ExplainAll keeps the summary's order, explains only REJECT groups, and
// many groups of one flow share one evaluation.
func TestExplainAllOrderAndCache(t *testing.T) {
	m := labModel(t)
	s := &Summary{}
	for i := range 1000 {
		g := group(labENIB, Reject, 6, prober, labB, EphemeralPort, 22)
		g.Src = netip.AddrFrom4([4]byte{198, 51, 100, byte(i % 7)})
		g.First = int64(i)
		s.Groups = append(s.Groups, g, group(labENIA, Accept, 6, labA, "1.1.1.1", EphemeralPort, 443))
	}
	x := NewExplainer(m, s)
	var all []Explanation
	for _, g := range s.Groups {
		if g.Action == Reject {
			all = append(all, x.Explain(g))
		}
	}
	if len(all) != 1000 || len(x.cache) != 7 {
		t.Fatalf("%d explanations, %d evaluations; want 1000 and 7", len(all), len(x.cache))
	}
	again := ExplainAll(m, s)
	for i := range all {
		if all[i].First != int64(i) || again[i].Reason != all[i].Reason || all[i].Verdict != VerdictBlocked {
			t.Fatalf("explanation %d: %+v", i, all[i])
		}
	}
}

// The lab's own flow log, read and explained: the bar of issue 10.
func TestExplainLabFlowLog(t *testing.T) {
	s, err := Read(t.Context(), []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		iface, peer, component string
		entry                  int
	}
	got := map[want]bool{}
	for _, ex := range ExplainAll(labModel(t), s) {
		if ex.Verdict != VerdictBlocked || len(ex.Causes) != 1 {
			t.Errorf("%s -> %s at %s: %s: %s", ex.Src, ex.Dst, ex.Interface, ex.Verdict, ex.Reason)
			continue
		}
		c := ex.Causes[0]
		got[want{ex.Interface, ex.Peer, c.Component.ID, c.Entry}] = true
	}
	for _, w := range []want{
		{labENIB, labENIA, labSG, 0},     // the a -> b ping, at b: b's security group
		{labENIA, "8.8.8.8", labNACL, 1}, // the ping to 8.8.8.8: NACL entry 1
		{labENIB, prober, labSG, 0},      // the SSH probe: the security group
	} {
		if !got[w] {
			t.Errorf("missing %+v among %v", w, got)
		}
	}
}

// BenchmarkExplainAll: 100,000 REJECT groups from 1,000 internet peers
// at the lab's two interfaces.
func BenchmarkExplainAll(b *testing.B) {
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		b.Fatal(err)
	}
	m := reach.NewModel(s)
	sum := &Summary{}
	for i := range 100_000 {
		iface, dst := labENIA, labA
		if i%2 == 1 {
			iface, dst = labENIB, labB
		}
		g := group(iface, Reject, 6, prober, dst, EphemeralPort, []int{22, 3389, 445, 23}[i%4])
		g.Src = netip.AddrFrom4([4]byte{198, 51, byte(i / 250 % 4), byte(i % 250)})
		g.First = int64(i)
		sum.Groups = append(sum.Groups, g)
	}
	b.ResetTimer()
	for b.Loop() {
		if len(ExplainAll(m, sum)) != len(sum.Groups) {
			b.Fatal("not every group explained")
		}
	}
}
