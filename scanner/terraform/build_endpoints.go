package terraform

import (
	"cmp"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) endpoint(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	e := &snapshot.VPCEndpoint{ID: id, Type: "Gateway", State: "available"}
	e.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
	e.ServiceName, _ = str(o, "service_name", &unk, "service_name")
	if t, st := str(o, "vpc_endpoint_type", &unk, "type"); st == known {
		e.Type = t
	}
	e.RouteTableIDs = b.refs(o, "route_table_ids", &unk, "route_table_ids")
	e.SubnetIDs = b.refs(o, "subnet_ids", &unk, "subnet_ids")
	e.SecurityGroupIDs = b.refs(o, "security_group_ids", &unk, "security_group_ids")
	e.PrivateDNSEnabled = boolAttr(o, "private_dns_enabled", false, &unk, "private_dns_enabled")
	if d, st := policyDoc(o, "policy", &unk, "policy"); st == known {
		e.Policy = &d
		e.PolicySource = b.docSource(o, "policy")
	}
	e.Meta = b.meta(in, unk)
	b.vpces[id] = e
}

// endpointOf is the declared endpoint an attaching resource names.
func (b *builder) endpointOf(in *instance) (*snapshot.VPCEndpoint, bool) {
	eid, ok := b.need(in, "vpc_endpoint_id")
	if !ok {
		return nil, false
	}
	e, found := b.vpces[eid]
	return e, found
}

func (b *builder) endpointRouteTable(in *instance) {
	if e, ok := b.endpointOf(in); ok {
		if v, ok := b.need(in, "route_table_id"); ok {
			e.RouteTableIDs = append(e.RouteTableIDs, v)
		}
	}
}

func (b *builder) endpointSubnet(in *instance) {
	if e, ok := b.endpointOf(in); ok {
		if v, ok := b.need(in, "subnet_id"); ok {
			e.SubnetIDs = append(e.SubnetIDs, v)
		}
	}
}

func (b *builder) endpointSecurityGroup(in *instance) {
	if e, ok := b.endpointOf(in); ok {
		if v, ok := b.need(in, "security_group_id"); ok {
			e.SecurityGroupIDs = append(e.SecurityGroupIDs, v)
		}
	}
}

func (b *builder) endpointPolicy(in *instance) {
	e, ok := b.endpointOf(in)
	if !ok {
		return
	}
	var pu fields
	if d, st := policyDoc(in.o, "policy", &pu, "policy"); st == known {
		e.Policy = &d
		e.PolicySource = cmp.Or(b.docSource(in.o, "policy"), ownSource(in))
	} else if st == unknown {
		e.Unknown = append(e.Unknown, "policy")
	}
}
