# METADATA
# title: Interface endpoint security groups do not admit HTTPS from the VPC
# description: |
#   An interface endpoint's security groups govern what reaches its network
#   interfaces from clients (aws-semantics §5.2), and AWS service endpoints
#   answer on TCP 443. None of the endpoint's groups has an inbound rule
#   admitting TCP 443 from an address range overlapping the VPC's CIDRs, from a
#   prefix list that does, or from another security group, so clients in the
#   VPC time out. An endpoint created without security groups gets the VPC's
#   default group (aws-semantics §1.4), whose only inbound rule is a
#   self-reference: it admits the group's own members only, which is reported
#   at medium severity because instances that are members still get through.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
# custom:
#   id: VPCE005
#   name: vpce-sg-blocks-https
#   category: breakage
#   severity: high
#   remediation: Give the endpoint a dedicated security group with an inbound rule for TCP 443 from the VPC CIDR (or from the clients' security groups), and attach it instead of the default group.
#   tags: [vpc-endpoint, interface-endpoint, security-group, breakage]
package vpclint.rules.vpce.sg_blocks_https

import data.vpclint.lib.iam
import data.vpclint.lib.net as vnet

# groups are the endpoint's security groups, or the VPC's default group when
# none is given (aws-semantics §1.4).
groups(ep) := ids if {
	ids := object.get(ep, "security_group_ids", [])
	count(ids) > 0
} else := [sg.id |
	some sg in input.security_groups
	sg.vpc_id == ep.vpc_id
	object.get(sg, "is_default", false)
]

defaulted(ep) if count(object.get(ep, "security_group_ids", [])) == 0

vpc_cidrs(vpc) := array.concat(object.get(vpc, "cidr_blocks", []), object.get(vpc, "ipv6_cidr_blocks", []))

overlaps_vpc(c, vpc) if {
	some v in vpc_cidrs(vpc)
	net.cidr_intersects(c, v)
}

# admits holds for an inbound TCP 443 rule whose source can be a client in the VPC.
admits(r, _, vpc) if overlaps_vpc(vnet.cidr(r), vpc)

admits(r, _, vpc) if {
	some e in object.get(input.prefix_lists[r.prefix_list_id], "entries", [])
	overlaps_vpc(e.cidr, vpc)
}

# A prefix list outside the snapshot cannot be checked: assume it admits.
admits(r, _, _) if {
	r.prefix_list_id
	not input.prefix_lists[r.prefix_list_id]
}

# Another group's members are clients; the endpoint's own groups hold no client.
admits(r, gids, _) if {
	g := r.referenced_group.group_id
	not g in gids
}

https_rules(gids) := [{"group_id": gid, "rule": r} |
	some gid in gids
	some r in object.get(input.security_groups[gid], "ingress", [])
	vnet.covers_tcp_port(r, 443)
]

self_rules(gids) := [x |
	some x in https_rules(gids)
	x.rule.referenced_group.group_id in gids
]

checkable(ep, gids) if {
	count(gids) > 0
	every gid in gids {
		input.security_groups[gid]
	}
	not "security_group_ids" in object.get(ep, "unknown", [])
}

# members are the live instances in the endpoint's groups.
members(gids) := sort([inst.id |
	some inst in input.instances
	not object.get(inst, "state", "") in {"terminated", "shutting-down"}
	some g in object.get(inst, "security_group_ids", [])
	g in gids
])

which(ep, gids) := sprintf("the VPC's default security group %s (no security group was given, aws-semantics §1.4)", [concat(", ", gids)]) if defaulted(ep)

which(ep, gids) := sprintf("security groups %s", [concat(", ", gids)]) if not defaulted(ep)

findings contains f if {
	some ep in input.vpc_endpoints
	iam.interface(ep)
	vpc := input.vpcs[ep.vpc_id]
	gids := groups(ep)
	checkable(ep, gids)
	not any_admits(gids, vpc)
	selfs := self_rules(gids)
	f := finding(ep, gids, selfs)
}

any_admits(gids, vpc) if {
	some x in https_rules(gids)
	admits(x.rule, gids, vpc)
}

finding(ep, gids, selfs) := {
	"resource": {"type": "vpc_endpoint", "id": ep.id},
	"message": sprintf("interface endpoint %s (%s) uses %s, which admit no TCP 443 from the VPC %s: clients in the VPC cannot connect", [ep.id, object.get(ep, "service_name", "?"), which(ep, gids), ep.vpc_id]),
	"key": "https",
	"evidence": {"security_group_ids": gids, "default_group": count(object.get(ep, "security_group_ids", [])) == 0, "https_rules": https_rules(gids)},
	"related": [{"type": "security_group", "id": g, "description": "endpoint security group"} | some g in gids],
} if count(selfs) == 0

finding(ep, gids, selfs) := {
	"resource": {"type": "vpc_endpoint", "id": ep.id},
	"message": sprintf("interface endpoint %s (%s) uses %s, whose only TCP 443 source is its own self-reference: it admits only the group's own members (%s), no other client in VPC %s", [ep.id, object.get(ep, "service_name", "?"), which(ep, gids), member_text(gids), ep.vpc_id]),
	"key": "https",
	"severity": "medium",
	"evidence": {"security_group_ids": gids, "default_group": count(object.get(ep, "security_group_ids", [])) == 0, "https_rules": https_rules(gids), "members": members(gids)},
	"related": [{"type": "security_group", "id": g, "description": "endpoint security group"} | some g in gids],
} if count(selfs) > 0

member_text(gids) := concat(", ", members(gids)) if count(members(gids)) > 0

member_text(gids) := "none running" if count(members(gids)) == 0
