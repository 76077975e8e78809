# METADATA
# title: Route points at an internet gateway not attached to the VPC
# description: |
#   An internet gateway carries traffic only for the VPC it is attached to
#   (aws-semantics §3.4, §6.1 (1)). A route to an IGW that is detached, or
#   attached to another VPC, drops what it matches: the subnets behind the
#   table look public in the console but nothing reaches the internet and
#   nothing from the internet reaches them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
# custom:
#   id: RT003
#   name: route-igw-not-attached
#   category: breakage
#   severity: high
#   remediation: Attach the internet gateway to the VPC, or point the route at the IGW that is attached to it.
#   tags: [network, route-table, internet-gateway, reachability]
package vpclint.rules.rt.igw_not_attached

import data.vpclint.lib.net

findings contains f if {
	some p in input.facts.route_problems
	p.kind == "igw_not_attached"
	route := net.problem_route(p)
	dst := net.problem_destination(p)
	vpc := object.get(input, ["route_tables", p.table, "vpc_id"], "its VPC")
	f := {
		"resource": {"type": "route_table", "id": p.table},
		"message": sprintf("%s (%s) routes %s to %s, which is not attached to %s: traffic to %s is dropped", [p.table, net.rt_users(p.table), dst, p.target, vpc, dst]),
		"key": dst,
		"evidence": {"problem": p, "route": route, "subnets": net.rt_subnets(p.table)},
		"source": object.get(route, "source", null),
		"related": [{"type": "internet_gateway", "id": p.target, "description": "not attached to the route table's VPC"}],
	}
}
