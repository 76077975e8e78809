package snapshot

import "strings"

// TargetKind is what a route sends traffic to (Route.TargetType). The
// adapters name it with ClassifyTarget and RouteTargetMembers, so a route
// reads the same whichever input it came from.
type TargetKind string

// The route target kinds (aws-semantics §3.3, §3.4).
const (
	TargetLocal                     TargetKind = "local"
	TargetInternetGateway           TargetKind = "internet_gateway"
	TargetNATGateway                TargetKind = "nat_gateway"
	TargetPeeringConnection         TargetKind = "vpc_peering_connection"
	TargetGatewayEndpoint           TargetKind = "gateway_endpoint"
	TargetGWLBEndpoint              TargetKind = "gwlb_endpoint"
	TargetEgressOnlyInternetGateway TargetKind = "egress_only_internet_gateway"
	TargetTransitGateway            TargetKind = "transit_gateway"
	TargetVirtualPrivateGateway     TargetKind = "virtual_private_gateway"
	TargetNetworkInterface          TargetKind = "network_interface"
	TargetInstance                  TargetKind = "instance"
	TargetLocalGateway              TargetKind = "local_gateway"
	TargetCarrierGateway            TargetKind = "carrier_gateway"
	TargetCoreNetwork               TargetKind = "core_network"
	TargetUnknown                   TargetKind = "unknown"
)

// targetPrefixes maps id prefixes to the target they name. "tgw-attach-"
// is an attachment, never a route target, so it stays unknown.
var targetPrefixes = []struct {
	prefix string
	kind   TargetKind
}{
	{"igw-", TargetInternetGateway},
	{"vgw-", TargetVirtualPrivateGateway},
	{"eigw-", TargetEgressOnlyInternetGateway},
	{"nat-", TargetNATGateway},
	{"pcx-", TargetPeeringConnection},
	{"tgw-attach-", TargetUnknown},
	{"tgw-", TargetTransitGateway},
	{"eni-", TargetNetworkInterface},
	{"i-", TargetInstance},
	{"lgw-", TargetLocalGateway},
	{"cagw-", TargetCarrierGateway},
}

// ClassifyTarget names the kind of route target an id is, from its prefix.
// A vpce- id is a gateway endpoint when the route's destination is a prefix
// list (the route AWS adds for an S3 or DynamoDB gateway endpoint), else a
// Gateway Load Balancer endpoint (aws-semantics §3.3, §5.1).
func ClassifyTarget(id string, hasPrefixList bool) TargetKind {
	switch {
	case id == "local":
		return TargetLocal
	case strings.HasPrefix(id, "vpce-") && hasPrefixList:
		return TargetGatewayEndpoint
	case strings.HasPrefix(id, "vpce-"):
		return TargetGWLBEndpoint
	case strings.HasPrefix(id, "arn:") && strings.Contains(id, ":core-network/"):
		return TargetCoreNetwork
	}
	for _, p := range targetPrefixes {
		if strings.HasPrefix(id, p.prefix) {
			return p.kind
		}
	}
	return TargetUnknown
}

// RouteTargetMember is a member of an EC2 route that names its target
// (API_Route; CloudFormation AWS::EC2::Route uses the same names).
type RouteTargetMember struct {
	Name string
	// Kind is the target the member names; "" for GatewayId, which names
	// several kinds that ClassifyTarget tells apart.
	Kind TargetKind
}

// RouteTargetMembers lists the target members in the order adapters read
// them: the first one set is the route's target. A route to an instance
// also carries the instance's interface, so NetworkInterfaceId comes first.
var RouteTargetMembers = []RouteTargetMember{
	{"GatewayId", ""},
	{"NatGatewayId", TargetNATGateway},
	{"VpcPeeringConnectionId", TargetPeeringConnection},
	{"TransitGatewayId", TargetTransitGateway},
	{"EgressOnlyInternetGatewayId", TargetEgressOnlyInternetGateway},
	{"NetworkInterfaceId", TargetNetworkInterface},
	{"InstanceId", TargetInstance},
	{"VpcEndpointId", TargetGWLBEndpoint},
	{"LocalGatewayId", TargetLocalGateway},
	{"CarrierGatewayId", TargetCarrierGateway},
	{"CoreNetworkArn", TargetCoreNetwork},
}

// Classify is the kind of target id is when this member names it.
func (m RouteTargetMember) Classify(id string, hasPrefixList bool) TargetKind {
	if m.Kind != "" {
		return m.Kind
	}
	return ClassifyTarget(id, hasPrefixList)
}
