package snapshot

import (
	"slices"
	"testing"
)

func TestClassifyTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id            string
		hasPrefixList bool
		want          TargetKind
	}{
		{"local", false, TargetLocal},
		{"igw-0a1b", false, TargetInternetGateway},
		{"vgw-0a1b", false, TargetVirtualPrivateGateway},
		{"vpce-0a1b", true, TargetGatewayEndpoint},
		{"vpce-0a1b", false, TargetGWLBEndpoint},
		{"eigw-0a1b", false, TargetEgressOnlyInternetGateway},
		{"nat-0a1b", false, TargetNATGateway},
		{"pcx-0a1b", false, TargetPeeringConnection},
		{"tgw-0a1b", false, TargetTransitGateway},
		{"tgw-attach-0a1b", false, TargetUnknown},
		{"eni-0a1b", false, TargetNetworkInterface},
		{"i-0a1b", false, TargetInstance},
		{"lgw-0a1b", false, TargetLocalGateway},
		{"cagw-0a1b", false, TargetCarrierGateway},
		{"arn:aws:networkmanager::111122223333:core-network/core-network-0a1b", false, TargetCoreNetwork},
		{"arn:aws:ec2:us-east-1:111122223333:internet-gateway/igw-0a1b", false, TargetUnknown},
		{"aws_internet_gateway.main", false, TargetUnknown},
		{"", false, TargetUnknown},
		{"", true, TargetUnknown},
	}
	for _, tt := range tests {
		if got := ClassifyTarget(tt.id, tt.hasPrefixList); got != tt.want {
			t.Errorf("ClassifyTarget(%q, %v) = %q, want %q", tt.id, tt.hasPrefixList, got, tt.want)
		}
	}
}

// Only GatewayId names several kinds; every other member names one.
func TestRouteTargetMembers(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, m := range RouteTargetMembers {
		if seen[m.Name] {
			t.Errorf("member %s listed twice", m.Name)
		}
		seen[m.Name] = true
		if (m.Kind == "") != (m.Name == "GatewayId") {
			t.Errorf("member %s has kind %q", m.Name, m.Kind)
		}
	}
	gw := RouteTargetMembers[0]
	if got := gw.Classify("vpce-1", true); got != TargetGatewayEndpoint {
		t.Errorf("GatewayId vpce- with a prefix list = %q", got)
	}
	if got := (RouteTargetMember{Name: "NatGatewayId", Kind: TargetNATGateway}).Classify("igw-1", false); got != TargetNATGateway {
		t.Errorf("NatGatewayId classified by its id: %q", got)
	}
	// An instance route carries the instance's interface too: the
	// interface is the target, as DescribeRouteTables reports it.
	if slices.IndexFunc(RouteTargetMembers, func(m RouteTargetMember) bool { return m.Name == "NetworkInterfaceId" }) >
		slices.IndexFunc(RouteTargetMembers, func(m RouteTargetMember) bool { return m.Name == "InstanceId" }) {
		t.Error("InstanceId is read before NetworkInterfaceId")
	}
}

func TestDefaultIDs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		make func(string) string
		vpc  func(string) (string, bool)
	}{
		{DefaultSecurityGroupID, DefaultSecurityGroupVPC},
		{DefaultNetworkACLID, DefaultNetworkACLVPC},
		{MainRouteTableID, MainRouteTableVPC},
	} {
		id := c.make("vpc-0a")
		if v, ok := c.vpc(id); !ok || v != "vpc-0a" {
			t.Errorf("%s: vpc = %q, %v", id, v, ok)
		}
		if _, ok := c.vpc("sg-0a"); ok {
			t.Errorf("%s: a real id taken for a default one", id)
		}
	}
	if len(DefaultIDs) != 3 || DefaultIDs[0]("v") == DefaultIDs[1]("v") || DefaultIDs[1]("v") == DefaultIDs[2]("v") {
		t.Error("DefaultIDs do not give three distinct ids")
	}
}

func TestDefaultEntitiesFollowIPv6(t *testing.T) {
	t.Parallel()
	v := &VPC{ID: "vpc-0a", Meta: Meta{Account: "111122223333", Region: "us-east-1"}}
	sg, acl := DefaultSecurityGroup(v), DefaultNetworkACL(v)
	if len(sg.Egress) != 1 || len(acl.Entries) != 2 || sg.Ingress[0].ReferencedGroup.GroupID != sg.ID || !sg.IsDefault || !acl.IsDefault {
		t.Fatalf("IPv4 VPC: sg %+v acl %+v", sg, acl)
	}
	v.IPv6CIDRBlocks = []string{"2001:db8::/56"}
	sg, acl = DefaultSecurityGroup(v), DefaultNetworkACL(v)
	if len(sg.Egress) != 2 || sg.Egress[1].CIDRIPv6 != "::/0" || len(acl.Entries) != 4 {
		t.Fatalf("dual-stack VPC: sg egress %+v acl entries %+v", sg.Egress, acl.Entries)
	}
}
