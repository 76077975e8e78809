package flowlogs

import (
	"net/netip"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// usageLab is the flow-logs lab with lab-sg given two inbound rules (SSH
// from anywhere, HTTP from 10.0.0.0/8) and a third interface, in another
// group, that no record mentions.
func usageLab(t *testing.T) *reach.Model {
	t.Helper()
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	sg := &s.SecurityGroups[0]
	for i := range s.SecurityGroups {
		if s.SecurityGroups[i].ID == "sg-0d3e4f5a6b7c8d9e0" {
			sg = &s.SecurityGroups[i]
		}
	}
	sg.Ingress = append(sg.Ingress,
		snapshot.SGRule{RuleID: "sgr-ssh", Protocol: "tcp", ProtocolNumber: 6, FromPort: 22, ToPort: 22, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
		snapshot.SGRule{RuleID: "sgr-http", Protocol: "tcp", ProtocolNumber: 6, FromPort: 80, ToPort: 80, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "10.0.0.0/8"},
	)
	other := s.SecurityGroups[0]
	for _, g := range s.SecurityGroups {
		if g.ID != sg.ID {
			other = g
		}
	}
	eni := s.NetworkInterfaces[0]
	eni.ID, eni.PrivateIPs, eni.Attachment, eni.SecurityGroupIDs = "eni-0ccc", []string{"172.31.12.12"}, nil, []string{other.ID}
	s.NetworkInterfaces = append(s.NetworkInterfaces, eni)
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	return reach.NewModel(s)
}

func useGroup(eni string, action Action, src, dst string, sport, dport int, records int64) Group {
	return Group{
		Key:         Key{Interface: eni, Action: action, Protocol: 6, Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), SrcPort: sport, DstPort: dport},
		ClientPorts: [2]int{40000, 40100}, Records: records, Packets: records, Bytes: 60 * records, First: 1796032800, Last: 1796033700, TCPFlags: -1,
	}
}

func TestRuleUsage(t *testing.T) {
	m := usageLab(t)
	const a, b = "eni-0a11b22c33d44e55f", "eni-0b22c33d44e55f66a"
	s := &Summary{First: 1796032800, Last: 1796033700, Groups: []Group{
		// SSH from two hosts of one /28: admitted by sgr-ssh (0.0.0.0/0).
		useGroup(b, Accept, "198.51.100.7", "172.31.9.20", EphemeralPort, 22, 12),
		useGroup(a, Accept, "198.51.100.9", "172.31.5.10", EphemeralPort, 22, 3),
		// Its responses: admitted by connection tracking, not by rules.
		useGroup(b, Accept, "172.31.9.20", "198.51.100.7", 22, EphemeralPort, 12),
		// An HTTPS request out of a, by the allow-all egress rule.
		useGroup(a, Accept, "172.31.5.10", "1.1.1.1", EphemeralPort, 443, 5),
		// A REJECT never counts as use.
		useGroup(b, Reject, "203.0.113.5", "172.31.9.20", EphemeralPort, 80, 1),
	}}
	uses, wide := RuleUsage(m, s, NewExplainer(m, s))
	byRule := map[string]RuleUse{}
	for _, u := range uses {
		byRule[u.Group+"/"+u.RuleID] = u
	}
	ssh := byRule["sg-0d3e4f5a6b7c8d9e0/sgr-ssh"]
	if ssh.State != RuleUsed || ssh.Flows != 2 || ssh.Records != 15 || ssh.Peers != 2 || ssh.Covering != "198.51.100.0/28" {
		t.Errorf("sgr-ssh: %+v", ssh)
	}
	if http := byRule["sg-0d3e4f5a6b7c8d9e0/sgr-http"]; http.State != RuleUnused {
		t.Errorf("sgr-http should be unused (only a REJECT on port 80): %+v", http)
	}
	if egress := byRule["sg-0d3e4f5a6b7c8d9e0/sgr-0e4f5a6b7c8d9e0f1"]; egress.State != RuleUsed || egress.Flows != 1 {
		t.Errorf("egress allow-all should be used once, by the HTTPS request: %+v", egress)
	}
	var unknown []RuleUse
	for _, u := range uses {
		if u.State == RuleUnknown {
			unknown = append(unknown, u)
		}
	}
	if len(unknown) != 1 || len(unknown[0].Uncovered) != 1 || unknown[0].Uncovered[0] != "eni-0ccc" {
		t.Errorf("the group of the interface no record mentions must be unknown, not unused: %+v", unknown)
	}
	if len(wide) != 1 || wide[0].RuleID != "sgr-ssh" || wide[0].Covering != "198.51.100.0/28" || wide[0].CIDR != "0.0.0.0/0" {
		t.Errorf("wide rules: %+v", wide)
	}
}

func TestCommonPrefix(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"10.0.0.1", "10.0.0.1", "10.0.0.1/32"},
		{"10.0.0.0", "10.0.0.255", "10.0.0.0/24"},
		{"1.1.1.1", "172.31.9.20", "0.0.0.0/0"},
		{"2001:db8::1", "2001:db8::ff", "2001:db8::/120"},
	} {
		if got := commonPrefix(netip.MustParseAddr(c.a), netip.MustParseAddr(c.b)).String(); got != c.want {
			t.Errorf("commonPrefix(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}
