package snapshot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, name string) *Snapshot {
	t.Helper()
	s, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNormalizeDefaults(t *testing.T) {
	s := load(t, "basic.json")

	// aws-semantics §1.4: the default SG admits its own members and allows
	// all egress, IPv6 too when the VPC has an IPv6 CIDR.
	sg, ok := s.Lookup("security_group", "vpc-1/default-sg")
	if !ok || !sg.Meta.Implicit {
		t.Fatalf("default SG not made explicit: %+v", sg)
	}
	var def SecurityGroup
	for _, g := range s.SecurityGroups {
		if g.IsDefault {
			def = g
		}
	}
	if len(def.Ingress) != 1 || def.Ingress[0].ReferencedGroup == nil || def.Ingress[0].ReferencedGroup.GroupID != def.ID {
		t.Errorf("default SG ingress should self-reference: %+v", def.Ingress)
	}
	if len(def.Egress) != 2 {
		t.Errorf("default SG egress should be 0.0.0.0/0 and ::/0: %+v", def.Egress)
	}

	// aws-semantics §2.1/§2.3: default NACL allows all (100, and 101 for
	// IPv6) before the * denies 32767/32768; a custom NACL has only the denies.
	for _, a := range s.NetworkACLs {
		var nums []int
		for _, e := range a.Entries {
			if !e.Egress {
				nums = append(nums, e.RuleNumber)
			}
		}
		want := map[string][]int{"acl-custom": {100, 32767, 32768}, "vpc-1/default-acl": {100, 101, 32767, 32768}}[a.ID]
		if len(nums) != len(want) {
			t.Errorf("%s ingress entries %v, want %v", a.ID, nums, want)
		}
	}

	// §3.1: subnet-b has no explicit association, so it uses the main
	// table, which was synthesised with the local routes.
	subnets := map[string]Subnet{}
	for _, n := range s.Subnets {
		subnets[n.ID] = n
	}
	if n := subnets["subnet-b"]; n.RouteTableID != "vpc-1/main-rtb" || !n.RouteTableImplicit || n.NetworkACLID != "vpc-1/default-acl" || !n.NetworkACLImplicit {
		t.Errorf("subnet-b associations: %+v", n)
	}
	if n := subnets["subnet-a"]; n.RouteTableID != "rtb-pub" || n.RouteTableImplicit || n.NetworkACLID != "acl-custom" || n.NetworkACLImplicit {
		t.Errorf("subnet-a associations: %+v", n)
	}
	if n := subnets["subnet-a"]; n.CIDRBlock != "10.0.1.0/24" {
		t.Errorf("CIDR not canonical: %s", n.CIDRBlock)
	}
	for _, rt := range s.RouteTables {
		local := 0
		for _, r := range rt.Routes {
			if r.TargetType == "local" {
				local++
			}
		}
		if local != 2 {
			t.Errorf("%s has %d local routes, want 2 (IPv4 and IPv6)", rt.ID, local)
		}
	}
}

func TestNormalizeProtocols(t *testing.T) {
	s := load(t, "basic.json")
	var web SecurityGroup
	for _, g := range s.SecurityGroups {
		if g.ID == "sg-web" {
			web = g
		}
	}
	ssh, icmp, all := web.Ingress[0], web.Ingress[1], web.Ingress[2]
	if ssh.Protocol != "tcp" || ssh.ProtocolNumber != 6 || ssh.FromPort != 22 || ssh.ToPort != 22 {
		t.Errorf("tcp rule: %+v", ssh)
	}
	// §1.2: for ICMP FromPort is the type and ToPort the code.
	if icmp.Protocol != "icmp" || icmp.ICMPType != 8 || icmp.ICMPCode != -1 || icmp.FromPort != -1 {
		t.Errorf("icmp rule: %+v", icmp)
	}
	// §1.2: -1 allows all ports regardless of any range given.
	if all.Protocol != "all" || all.ProtocolNumber != -1 || all.FromPort != 0 || all.ToPort != 65535 {
		t.Errorf("all rule: %+v", all)
	}
	if ssh.RuleID == "" {
		t.Error("rule ids should be filled")
	}
}

func TestLinesAndRoundTrip(t *testing.T) {
	s := load(t, "basic.json")
	if got := s.Line("subnets", "subnet-a"); got != 9 {
		t.Errorf("subnet-a line = %d, want 9", got)
	}
	if got := s.Line("security_groups", "sg-web"); got != 12 {
		t.Errorf("sg-web line = %d, want 12", got)
	}
	// Entities vpclint made explicit point at their VPC.
	if got := s.Line("network_acls", "vpc-1/default-acl"); got != 5 {
		t.Errorf("implicit default NACL line = %d, want the VPC's line 5", got)
	}
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := Decode(buf.Bytes(), "roundtrip.json")
	if err != nil {
		t.Fatalf("saved snapshot does not load: %v", err)
	}
	var buf2 bytes.Buffer
	if err := again.Encode(&buf2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Error("normalise is not idempotent: save(load(save(x))) differs")
	}
	if err := ValidateSchema(buf.Bytes()); err != nil {
		t.Errorf("saved snapshot violates the schema: %v", err)
	}
}

func TestFixturesValidateAgainstSchema(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	more, _ := filepath.Glob("../examples/*/*.json")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidateSchema(data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestMalformedIsLocated(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"syntax", "{\n  \"schema\": \"vpclint.snapshot/v1\",\n  \"vpcs\": [\n    {\"id\": \"vpc-1\",}\n  ]\n}", "bad.json:4:20: invalid JSON"},
		{"type", "{\n  \"schema\": \"vpclint.snapshot/v1\",\n  \"vpcs\": [\n    {\"id\": \"vpc-1\", \"cidr_blocks\": \"10.0.0.0/16\"}\n  ]\n}", "bad.json:4:36: vpcs[0].cidr_blocks:"},
		{"unknown field", "{\n  \"schema\": \"vpclint.snapshot/v1\",\n  \"vpcs\": [\n    {\"id\": \"vpc-1\",\n     \"cidr_block\": \"10.0.0.0/16\"}\n  ]\n}", "bad.json:4:5: vpcs[0]: additional properties 'cidr_block' not allowed"},
		{"bad cidr", "{\n  \"schema\": \"vpclint.snapshot/v1\",\n  \"vpcs\": [\n    {\"id\": \"vpc-1\",\n     \"cidr_blocks\": [\"10.0.0.300/16\"]}\n  ]\n}", "bad.json:5:22: vpcs[0].cidr_blocks[0]: invalid CIDR \"10.0.0.300/16\""},
		{"bad protocol", "{\"schema\": \"vpclint.snapshot/v1\", \"security_groups\": [{\"id\": \"sg-1\", \"vpc_id\": \"v\", \"name\": \"x\", \"ingress\": [{\"protocol\": \"tcpp\", \"cidr_ipv4\": \"0.0.0.0/0\"}]}]}", "security_groups[0].ingress[0].protocol: unknown protocol \"tcpp\""},
		{"schema version", "{\"schema\": \"vpclint.snapshot/v9\"}", "schema"},
		{"truncated", "{\"schema\": \"vpclint.snapshot/v1\", \"vpcs\": [", "unexpected end of input"},
		{"trailing", "{\"schema\": \"vpclint.snapshot/v1\"} {}", "unexpected data after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode([]byte(c.doc), "bad.json")
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("want *Error, got %T %v", err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

// A malformed policy (the trailing-space key real emulators emit) loads,
// keeps its text, and yields a diagnostic located in the snapshot file.
func TestPolicyDiagnosticsAreLocated(t *testing.T) {
	s := load(t, "malformed/bad-policy.json")
	if len(s.Roles) != 1 || s.Roles[0].TrustPolicy.Text == "" {
		t.Fatalf("policy must be kept: %+v", s.Roles)
	}
	if len(s.Diagnostics) == 0 {
		t.Fatal("want a diagnostic for the \"Statement \" key")
	}
	d := s.Diagnostics[0]
	if d.Line != 9 || !strings.Contains(d.Error(), "bad-policy.json:9:") || !strings.Contains(d.Msg, "Statement") {
		t.Fatalf("diagnostic %q, want it on line 9 naming the key", d.Error())
	}
}

// Unknown keys inside rules and entries are rejected, located by the
// schema, like unknown keys anywhere else.
func TestUnknownRuleKeyIsLocated(t *testing.T) {
	doc := "{\"schema\": \"vpclint.snapshot/v1\", \"security_groups\": [{\"id\": \"sg-1\", \"vpc_id\": \"v\", \"name\": \"x\",\n \"ingress\": [{\"protocol\": \"tcp\", \"cidr_ipv4\": \"0.0.0.0/0\", \"from_prot\": 22}]}]}"
	_, err := Decode([]byte(doc), "bad.json")
	if err == nil || !strings.Contains(err.Error(), "bad.json:2:") || !strings.Contains(err.Error(), "from_prot") {
		t.Fatalf("want a located error naming from_prot, got %v", err)
	}
	if k := unknownKey([]byte(`{"a": {"zzz": 1}, "b\u0041": [1, {"q": 2}], "protocol": "x"}`), map[string]bool{"a": true, "bA": true}); k != "protocol" {
		t.Fatalf("unknownKey: got %q", k)
	}
}
