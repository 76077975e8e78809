package reach

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func labModel(t *testing.T, lab string) *Model {
	t.Helper()
	s, err := snapshot.Load("../examples/" + lab + "/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	return NewModel(s)
}

func ask(t *testing.T, m *Model, from, to, traffic string) Verdict {
	t.Helper()
	src, err := m.Resolve(from)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := m.Resolve(to)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ParseTraffic(traffic)
	if err != nil {
		t.Fatal(err)
	}
	return m.Reach(src, dst, tr)
}

func codes(v Verdict) []string {
	var out []string
	for _, b := range v.Blocks {
		out = append(out, b.Code+"@"+b.Component.Type)
	}
	return out
}

const (
	labA = "i-04c7e1f2a3b5d6e0a"
	labB = "i-04c7e1f2a3b5d6e0b"
)

// Lab question 1: the two instances of the flow-logs lab cannot ping each
// other because their shared security group has no inbound ICMP rule; the
// NACL plays no part inside one subnet (aws-semantics §3.1 L2 exemption).
func TestFlowLogsLabInstancesCannotPing(t *testing.T) {
	v := ask(t, labModel(t, "flow-logs-lab"), labA, labB, "icmp")
	if v.Result != Blocked || !slices.Equal(codes(v), []string{"ENI_SG_RULES_MISMATCH@security-group"}) {
		t.Fatalf("want blocked by the SG alone, got %s %v", v.Result, v.Blocks)
	}
	if !strings.Contains(v.Blocks[0].Message, "no inbound rule of sg-0d3e4f5a6b7c8d9e0") {
		t.Errorf("message should name the group: %s", v.Blocks[0].Message)
	}
	for _, h := range v.Hops {
		if h.Type == "network-acl" || h.Type == "route-table" {
			t.Errorf("same-subnet traffic must skip %s", h.Type)
		}
	}
}

// Lab question 2: the lab cannot ping 8.8.8.8 because NACL outbound rule 1
// denies ICMP before rule 100 allows all; with an SG that admits ICMP,
// pinging inside the subnet works, because the NACL is not evaluated there.
func TestFlowLogsLabPingOutBlockedByNACLRuleOne(t *testing.T) {
	m := labModel(t, "flow-logs-lab")
	v := ask(t, m, labA, "8.8.8.8", "icmp")
	if v.Result != Blocked {
		t.Fatalf("want blocked, got %s", v.Result)
	}
	var nacl *Block
	for i := range v.Blocks {
		if v.Blocks[i].Code == "SUBNET_ACL_RESTRICTION" && v.Blocks[i].Leg == "forward" {
			nacl = &v.Blocks[i]
		}
	}
	if nacl == nil || !strings.Contains(nacl.Rule, "outbound rule 1 deny icmp") {
		t.Fatalf("want the outbound rule 1 deny named, got %+v", v.Blocks)
	}
	sg := m.Groups["sg-0d3e4f5a6b7c8d9e0"]
	sg.Ingress = append(sg.Ingress, snapshot.SGRule{RuleID: "test-icmp", Protocol: "icmp", ProtocolNumber: 1, FromPort: -1, ToPort: -1, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "172.31.0.0/16"})
	if v := ask(t, m, labA, labB, "icmp"); v.Result != Allowed {
		t.Fatalf("inside the subnet the NACL is skipped: want allowed, got %s %v", v.Result, v.Blocks)
	}
}

const (
	peerA = "i-01a2b3c4d5e6f7a8c"
	peerB = "i-02b3c4d5e6f7a8b9d"
)

// Lab question 3: the peering lab works only once both route tables and
// both security groups allow it.
func TestPeeringLabNeedsBothRoutesAndGroups(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	if v := ask(t, m, peerA, peerB, "icmp"); v.Result != Allowed {
		t.Fatalf("as configured the peers can ping: %s %v %v", v.Result, v.Blocks, v.Unknowns)
	}
	if v := ask(t, m, peerA, peerB, "tcp/443"); v.Result != Blocked || !slices.Contains(codes(v), "ENI_SG_RULES_MISMATCH@security-group") {
		t.Fatalf("443 is not admitted by B's group: %s %v", v.Result, v.Blocks)
	}

	// Remove B's route back to A: the return leg has no route.
	eniB := m.Instances[peerB][0]
	rtB := m.Tables[m.Subnets[eniB.SubnetID].RouteTableID]
	saved := slices.Clone(rtB.Routes)
	rtB.Routes = slices.DeleteFunc(rtB.Routes, func(r snapshot.Route) bool { return r.TargetType == "vpc_peering_connection" })
	v := ask(t, m, peerA, peerB, "icmp")
	// The best remaining route for A's address is 0.0.0.0/0 -> igw, which
	// drops private destinations (RA IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS).
	if v.Result != Blocked || !slices.ContainsFunc(v.Blocks, func(b Block) bool {
		return b.Leg == "return" && b.Code == "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
	}) {
		t.Fatalf("one-sided peering route: want the return leg blocked, got %v", v.Blocks)
	}
	rtB.Routes = saved

	// Inactive peering: the route's target does not carry traffic.
	for _, pc := range m.Peerings {
		pc.Status = "pending-acceptance"
	}
	if v := ask(t, m, peerA, peerB, "icmp"); v.Result != Blocked || !slices.Contains(codes(v), "BAD_STATE@peering-connection") {
		t.Fatalf("pending peering: %v", v.Blocks)
	}
}

func TestNeverFilteredAddresses(t *testing.T) {
	m := labModel(t, "flow-logs-lab")
	if v := ask(t, m, labA, "169.254.169.254", "tcp/80"); v.Result != Allowed {
		t.Fatalf("IMDS is never filtered (aws-semantics §1.7): %v", v.Blocks)
	}
}

func TestInternetIngressNeedsPublicIPAndSG(t *testing.T) {
	m := labModel(t, "default-vpc-lab")
	v := ask(t, m, "internet", "i-0d8e9f0a1b2c3d4e5", "tcp/22")
	if v.Result != Allowed {
		t.Fatalf("SSH from the internet reaches the default-VPC instance: %v", v.Blocks)
	}
	v = ask(t, m, "internet", "i-0d8e9f0a1b2c3d4e5", "tcp/80")
	if v.Result != Blocked || !slices.Equal(codes(v), []string{"ENI_SG_RULES_MISMATCH@security-group"}) {
		t.Fatalf("80 is not admitted: %v", v.Blocks)
	}
	for _, e := range m.Instances["i-0d8e9f0a1b2c3d4e5"] {
		e.Public = nil
	}
	v = ask(t, m, "internet", "i-0d8e9f0a1b2c3d4e5", "tcp/22")
	if !slices.Contains(codes(v), "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS@network-interface") {
		t.Fatalf("no public IP: %v", v.Blocks)
	}
}

func TestParseTraffic(t *testing.T) {
	for in, want := range map[string]string{"tcp/5432": "tcp/5432", "TCP/8000-8080": "tcp/8000-8080", "udp": "udp", "icmp": "icmp/8/0", "icmp/3/4": "icmp/3/4", "icmp/3": "icmp/3", "all": "all", "-1": "all", "6/22": "tcp/22"} {
		tr, err := ParseTraffic(in)
		if err != nil || tr.String() != want {
			t.Errorf("%s: got %q %v, want %q", in, tr.String(), err, want)
		}
	}
	for _, bad := range []string{"tcp/70000", "tcp/x", "icmp/300", "gre/1", "47/5", ""} {
		if _, err := ParseTraffic(bad); err == nil {
			t.Errorf("%q: want error", bad)
		}
	}
}

func TestInternetExposureIsEndToEnd(t *testing.T) {
	m := labModel(t, "default-vpc-lab")
	ex := m.InternetExposure()
	var tcp *Exposure
	for i := range ex {
		if ex[i].Instance == "i-0d8e9f0a1b2c3d4e5" && ex[i].Protocol == "tcp" && ex[i].Family == "ipv4" {
			tcp = &ex[i]
		}
	}
	if tcp == nil || len(tcp.Ports) != 1 || tcp.Ports[0] != [2]int{22, 22} {
		t.Fatalf("want tcp/22 reachable end to end, got %+v", ex)
	}
	// The flow-logs lab's group admits nothing inbound: nothing is exposed
	// although both instances have public IPs.
	if ex := labModel(t, "flow-logs-lab").InternetExposure(); len(ex) != 0 {
		t.Fatalf("no inbound rules, no exposure: %+v", ex)
	}
}

func TestRouteAndPeeringProblems(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	if p := m.PeeringProblems(); len(p) != 0 {
		t.Fatalf("the lab peering has routes on both sides: %+v", p)
	}
	// Drop the accepter's route: one side only.
	for _, rt := range m.S.RouteTables {
		if rt.VPCID == m.S.PeeringConnections[0].Accepter.VPCID {
			tbl := m.Tables[rt.ID]
			tbl.Routes = slices.DeleteFunc(tbl.Routes, func(r snapshot.Route) bool { return r.TargetType == "vpc_peering_connection" })
		}
	}
	p := m.PeeringProblems()
	if len(p) != 1 || p[0].Kind != "one_side" || p[0].Missing != m.S.PeeringConnections[0].Accepter.VPCID {
		t.Fatalf("want one_side naming the accepter: %+v", p)
	}
	m.S.PeeringConnections[0].Status = "pending-acceptance"
	m2 := NewModel(m.S)
	rp := m2.RouteProblems()
	if !slices.ContainsFunc(rp, func(r RouteProblem) bool { return r.Kind == "inactive_peering" }) {
		t.Fatalf("a route to a pending peering: %+v", rp)
	}
}

func TestIntents(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	ok := m.EvaluateIntent(Intent{Name: "A pings B", From: Selector{Instance: peerA}, To: Selector{VPC: "vpc-02b3c4d5e6f7a8b92"}, Traffic: "icmp", Expect: "allow"})
	if ok.Violated || ok.Unknown || ok.Pairs != 1 {
		t.Fatalf("A reaches B over the peering: %+v", ok)
	}
	bad := m.EvaluateIntent(Intent{Name: "A reaches B on 443", From: Selector{Instance: peerA}, To: Selector{Instance: peerB}, Traffic: "tcp/443", Expect: "allow"})
	if !bad.Violated || bad.Evidence == nil || bad.Evidence.Result != Blocked {
		t.Fatalf("443 is blocked by B's group: %+v", bad)
	}
	deny := m.EvaluateIntent(Intent{Name: "no ICMP between VPCs", From: Selector{VPC: "vpc-01a2b3c4d5e6f7a81"}, To: Selector{VPC: "vpc-02b3c4d5e6f7a8b92"}, Traffic: "icmp", Expect: "deny"})
	if !deny.Violated || deny.Evidence.Result != Allowed {
		t.Fatalf("a deny intent is violated by the allowed path: %+v", deny)
	}
	none := m.EvaluateIntent(Intent{Name: "typo", From: Selector{Tag: map[string]string{"Role": "nope"}}, To: Selector{Instance: peerB}, Expect: "allow"})
	if !none.Unknown || !strings.Contains(none.Problem, "selects nothing") {
		t.Fatalf("an empty selection is unknown, never a pass: %+v", none)
	}
}

// Change impact: a new NACL deny in B's subnet breaks A -> B ICMP, and the
// cause is named as new.
func TestDiffNamesTheNewEntry(t *testing.T) {
	before := labModel(t, "peering-endpoints-lab")
	afterSnap, err := snapshot.Load("../examples/peering-endpoints-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	after := NewModel(afterSnap)
	eniB := after.Instances[peerB][0]
	acl := after.ACLs[after.Subnets[eniB.SubnetID].NetworkACLID]
	acl.Entries = append([]snapshot.ACLEntry{{RuleNumber: 90, Action: "deny", Protocol: "icmp", ProtocolNumber: 1, FromPort: -1, ToPort: -1, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "10.1.0.0/16"}}, acl.Entries...)
	changes, _ := Diff(before, after)
	var hit *Change
	for i := range changes {
		if changes[i].Kind == "breakage" && changes[i].Protocol == "icmp" && changes[i].Destination == peerB {
			hit = &changes[i]
		}
	}
	if hit == nil || !strings.Contains(strings.Join(hit.Causes, " "), "inbound rule 90 deny icmp") || !strings.Contains(strings.Join(hit.Causes, " "), "(new)") {
		t.Fatalf("want A -> B icmp broken by the new entry 90: %+v", changes)
	}
	if same, _ := Diff(before, before); len(same) != 0 {
		t.Fatalf("a snapshot compared with itself changes nothing: %+v", same)
	}
}

// An instance whose public IP is known only after apply is treated as
// possibly exposed (unknown is never safe), and the exposure says so.
func TestUnknownPublicIPIsPossiblyExposed(t *testing.T) {
	m := labModel(t, "default-vpc-lab")
	for _, e := range m.Instances["i-0d8e9f0a1b2c3d4e5"] {
		e.Public, e.PublicUnknown = nil, true
	}
	ex := m.InternetExposure()
	if len(ex) == 0 || !ex[0].Uncertain || ex[0].Public != "known after apply" {
		t.Fatalf("want an uncertain exposure: %+v", ex)
	}
	if v := ask(t, m, "internet", "i-0d8e9f0a1b2c3d4e5", "tcp/22"); v.Result != Unknown {
		t.Fatalf("want unknown, got %s %v", v.Result, v.Blocks)
	}
}

// aws-semantics §2.4: the reply goes to the client's ephemeral port; a
// NACL that only admits 32768-61000 back breaks clients using 1024-65535
// (NAT gateways, load balancers, Lambda), which an intent can state.
func TestIntentEphemeralRange(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	eniB := m.Instances[peerB][0]
	sn := m.Subnets[eniB.SubnetID]
	m.ACLs["acl-eph"] = &snapshot.NetworkACL{ID: "acl-eph", Entries: []snapshot.ACLEntry{
		{RuleNumber: 100, Action: "allow", Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
		{RuleNumber: 100, Egress: true, Action: "allow", Protocol: "tcp", ProtocolNumber: 6, FromPort: 32768, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
		{RuleNumber: 32767, Egress: true, Action: "deny", Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
	}}
	sn.NetworkACLID = "acl-eph"
	g := m.Groups["sg-02b5c6d7e8f9a0b12"]
	g.Ingress = append(g.Ingress, snapshot.SGRule{RuleID: "t", Protocol: "tcp", ProtocolNumber: 6, FromPort: 443, ToPort: 443, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "10.1.0.0/16"})
	in := Intent{Name: "https", From: Selector{Instance: peerA}, To: Selector{Instance: peerB}, Traffic: "tcp/443", Expect: "allow"}
	if r := m.EvaluateIntent(in); r.Violated {
		t.Fatalf("Linux clients (32768-61000) get their replies: %+v", r.Evidence)
	}
	in.Ephemeral = "1024-65535"
	if r := m.EvaluateIntent(in); !r.Violated {
		t.Fatal("clients using 1024-65535 lose replies on 1024-32767")
	}
	in.Ephemeral = "70000"
	if r := m.EvaluateIntent(in); !r.Unknown || !strings.Contains(r.Problem, "port range") {
		t.Fatalf("a bad range is reported: %+v", r)
	}
}

// aws-semantics §5.1: S3 traffic follows the endpoint's prefix-list route
// from the associated route table; only TCP (and ICMP echo) passes.
func TestGatewayEndpointPath(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	var ep *snapshot.VPCEndpoint
	for _, e := range m.Endpoints {
		ep = e
	}
	m.Lists["pl-s3"] = &snapshot.PrefixList{ID: "pl-s3", Entries: []snapshot.PrefixListEntry{{CIDR: "52.216.0.0/15"}}}
	for _, id := range ep.RouteTableIDs {
		rt := m.Tables[id]
		rt.Routes = append(rt.Routes, snapshot.Route{DestinationPrefixListID: "pl-s3", TargetType: "gateway_endpoint", TargetID: ep.ID, State: "active"})
	}
	v := ask(t, m, peerA, "52.216.1.1", "tcp/443")
	if v.Result != Allowed || !slices.ContainsFunc(v.Hops, func(h Hop) bool { return h.Type == "vpc-endpoint" }) {
		t.Fatalf("S3 over the gateway endpoint: %s %v %v", v.Result, v.Blocks, v.Hops)
	}
	if v := ask(t, m, peerA, "52.216.1.1", "udp/53"); !slices.Contains(codes(v), "VPCE_GATEWAY_PROTOCOL_RESTRICTION@vpc-endpoint") {
		t.Fatalf("udp through a gateway endpoint: %v", v.Blocks)
	}
}

// An interface endpoint is its network interfaces with its security
// groups: explain answers "--to vpce-…" through them, and says why when
// the snapshot does not have them.
func TestInterfaceEndpointDestination(t *testing.T) {
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	sub := s.Subnets[0]
	s.NetworkInterfaces = append(s.NetworkInterfaces, snapshot.NetworkInterface{
		ID: "eni-0vpce000000000001", SubnetID: sub.ID, VPCID: sub.VPCID, PrivateIPs: []string{"172.31.7.7"},
		SecurityGroupIDs: []string{"sg-0d3e4f5a6b7c8d9e0"}, InterfaceType: "vpc_endpoint",
	})
	s.VPCEndpoints = append(s.VPCEndpoints, snapshot.VPCEndpoint{
		ID: "vpce-0ssm", VPCID: sub.VPCID, Type: "Interface", ServiceName: "com.amazonaws.us-east-1.ssm",
		SubnetIDs: []string{sub.ID}, SecurityGroupIDs: []string{"sg-0d3e4f5a6b7c8d9e0"}, NetworkInterfaceIDs: []string{"eni-0vpce000000000001"},
	}, snapshot.VPCEndpoint{ID: "vpce-0planned", VPCID: sub.VPCID, Type: "Interface", SubnetIDs: []string{sub.ID}})
	m := NewModel(s)
	// lab-sg admits nothing inbound, and the endpoint uses it.
	v := ask(t, m, "i-04c7e1f2a3b5d6e0a", "vpce-0ssm", "tcp/443")
	if v.Result != Blocked || !slices.Contains(codes(v), "ENI_SG_RULES_MISMATCH@security-group") {
		t.Fatalf("want the endpoint's group to block 443: %+v", v)
	}
	m.Groups["sg-0d3e4f5a6b7c8d9e0"].Ingress = []snapshot.SGRule{{RuleID: "sgr-443", Protocol: "tcp", ProtocolNumber: 6, FromPort: 443, ToPort: 443, CIDRIPv4: "172.31.0.0/16"}}
	if v := ask(t, m, "i-04c7e1f2a3b5d6e0a", "vpce-0ssm", "tcp/443"); v.Result != Allowed {
		t.Fatalf("want 443 to the endpoint allowed once its group admits the VPC: %+v", v)
	}
	if _, err := m.Resolve("vpce-0planned"); err == nil || !strings.Contains(err.Error(), "none of its network interfaces") {
		t.Fatalf("an endpoint without interfaces in the snapshot: %v", err)
	}
}

// A route through a transit gateway (or any target vpclint does not
// follow) makes the answer unknown: never blocked, never allowed.
func TestTransitGatewayRouteIsUnknown(t *testing.T) {
	m := labModel(t, "peering-endpoints-lab")
	eniA := m.Instances[peerA][0]
	rt := m.Tables[m.Subnets[eniA.SubnetID].RouteTableID]
	for i := range rt.Routes {
		if rt.Routes[i].TargetType == "vpc_peering_connection" {
			rt.Routes[i].TargetType, rt.Routes[i].TargetID = "transit_gateway", "tgw-0example"
		}
	}
	v := ask(t, m, peerA, peerB, "icmp")
	if v.Result != Unknown || len(v.Blocks) != 0 || len(v.Unknowns) == 0 || v.Unknowns[0].Code != "UNSUPPORTED_COMPONENT" {
		t.Fatalf("want unknown through the transit gateway, nothing blocked: %+v", v)
	}
}
