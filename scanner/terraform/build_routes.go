package terraform

import (
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) routeTable(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	rt := &snapshot.RouteTable{ID: id, Main: in.typ == "aws_default_route_table"}
	if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); rt.Main && st == known {
		rt.VPCID = v
	} else if rt.Main {
		var ok bool
		if rt.VPCID, ok = snapshot.MainRouteTableVPC(id); !ok {
			unk.add("vpc_id")
			rt.VPCID = ""
		}
	} else {
		rt.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
	}
	rt.PropagatingVGWs = b.refs(o, "propagating_vgws", &unk, "propagating_vgws")
	for _, c := range nested(o, "route") {
		liftIgnores(in.src, c.ignores)
		rt.Routes = append(rt.Routes, b.route(in, c, nestedSrc(in, c), false))
	}
	rt.Meta = b.meta(in, unk)
	b.rts[id] = rt
}

// routeTargetAttrs are the Terraform names of the route target members.
var routeTargetAttrs = map[string]string{
	"GatewayId": "gateway_id", "NatGatewayId": "nat_gateway_id", "VpcPeeringConnectionId": "vpc_peering_connection_id",
	"TransitGatewayId": "transit_gateway_id", "EgressOnlyInternetGatewayId": "egress_only_gateway_id",
	"NetworkInterfaceId": "network_interface_id", "InstanceId": "instance_id", "VpcEndpointId": "vpc_endpoint_id",
	"LocalGatewayId": "local_gateway_id", "CarrierGatewayId": "carrier_gateway_id", "CoreNetworkArn": "core_network_arn",
}

// gatewayIDPrefixes are the id prefixes of the resources a gateway_id can
// name: a resource whose id is known only after apply is named by its
// address, and one vpclint does not model is not in b.kind.
var gatewayIDPrefixes = []struct{ typ, prefix string }{
	{"aws_internet_gateway", "igw-"},
	{"aws_vpn_gateway", "vgw-"},
	{"aws_vpc_endpoint", "vpce-"},
	{"aws_egress_only_internet_gateway", "eigw-"},
}

// gatewayKind classifies what a route's gateway_id names.
func (b *builder) gatewayKind(id string, hasPrefixList bool) snapshot.TargetKind {
	for _, g := range gatewayIDPrefixes {
		if b.kind[id] == g.typ || strings.Contains(id, g.typ+".") {
			return snapshot.ClassifyTarget(g.prefix, hasPrefixList)
		}
	}
	return snapshot.ClassifyTarget(id, hasPrefixList)
}

func (b *builder) route(in *instance, o *obj, src *snapshot.Source, standalone bool) snapshot.Route {
	if o.unknownAll {
		return snapshot.Route{TargetType: snapshot.TargetUnknown, State: "active", Origin: "CreateRoute", Source: src, Unknown: []string{"destination_cidr", "target_id"}}
	}
	var unk fields
	r := snapshot.Route{State: "active", Origin: "CreateRoute", Source: src}
	d4, d6 := "cidr_block", "ipv6_cidr_block"
	if standalone {
		d4, d6 = "destination_cidr_block", "destination_ipv6_cidr_block"
	}
	r.DestinationCIDR, _ = str(o, d4, &unk, "destination_cidr")
	r.DestinationIPv6CIDR, _ = str(o, d6, &unk, "destination_ipv6_cidr")
	r.DestinationPrefixListID, _ = b.ref(o, "destination_prefix_list_id", &unk, "destination_prefix_list_id")
	if r.DestinationCIDR == "" && r.DestinationIPv6CIDR == "" && r.DestinationPrefixListID == "" {
		if len(unk) == 0 {
			b.invalidAt(in, o, d4, "%s: route has no destination (want %s, %s or destination_prefix_list_id)", in.addr, d4, d6)
		}
		unk.add("destination_cidr")
	}
	for _, m := range snapshot.RouteTargetMembers {
		v, st := b.ref(o, routeTargetAttrs[m.Name], &unk, "target_id")
		if st == absent || (st == known && v == "") {
			continue
		}
		r.TargetID, r.TargetType = v, m.Kind // v is "" when unknown
		if m.Kind == "" {
			r.TargetType = b.gatewayKind(v, r.DestinationPrefixListID != "")
		}
		break
	}
	if r.TargetType == "" {
		r.TargetType = snapshot.TargetUnknown
		unk.add("target_id")
	}
	if len(unk) > 0 {
		r.Unknown = unk
	}
	return r
}

func (b *builder) routeResource(in *instance) {
	o := in.o
	rid, ok := b.need(in, "route_table_id")
	if !ok {
		return
	}
	t := b.rt(rid, in)
	liftIgnores(t.Source, in.src.Ignores)
	t.Routes = append(t.Routes, b.route(in, o, in.src, true))
}

func (b *builder) rtAssociation(in *instance) {
	o := in.o
	rid, ok := b.need(in, "route_table_id")
	if !ok {
		return
	}
	t := b.rt(rid, in)
	if sid, st := b.ref(o, "subnet_id", nil, ""); st == known {
		t.SubnetIDs = append(t.SubnetIDs, sid)
	} else if gid, st2 := b.ref(o, "gateway_id", nil, ""); st2 == known {
		t.GatewayIDs = append(t.GatewayIDs, gid)
	} else if st == unknown || st2 == unknown {
		b.gapAt(in, "subnet_id", "%s: the associated subnet or gateway is unknown until apply", in.addr)
	}
}

func (b *builder) mainRTAssociation(in *instance) {
	o := in.o
	if rid, ok := b.need(in, "route_table_id"); ok {
		t := b.rt(rid, in)
		t.Main = true
		if v, st := b.ref(o, "vpc_id", nil, ""); st == known && t.VPCID == "" {
			t.VPCID = v
		}
	}
}

func (b *builder) rt(id string, in *instance) *snapshot.RouteTable {
	if r, ok := b.rts[id]; ok {
		return r
	}
	src := *in.src
	r := &snapshot.RouteTable{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"vpc_id", "routes"}}}
	b.rts[id] = r
	return r
}
