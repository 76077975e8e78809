# METADATA
# title: Route points at a peering connection that is not active
# description: |
#   Traffic flows over a VPC peering connection only while it is active
#   (aws-semantics §4). A route whose target is a peering that is
#   pending-acceptance, rejected, expired, failed, or deleted carries nothing:
#   whatever the route table sends to the peer VPC's CIDR is dropped. Usually
#   the accepter side never accepted the request, or the peering was deleted
#   and recreated with a new id while the routes kept the old one.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
# custom:
#   id: RT002
#   name: route-inactive-peering
#   category: breakage
#   severity: high
#   remediation: Accept the peering connection in the accepter account (or recreate it), and point the route at the active peering's id.
#   tags: [network, route-table, peering, reachability]
package vpclint.rules.rt.inactive_peering

import data.vpclint.lib.net

findings contains f if {
	some p in input.facts.route_problems
	p.kind == "inactive_peering"
	route := net.problem_route(p)
	dst := net.problem_destination(p)
	status := object.get(input, ["peering_connections", p.target, "status"], "not active")
	f := {
		"resource": {"type": "route_table", "id": p.table},
		"message": sprintf("%s (%s) routes %s to peering %s, which is %s: traffic flows only over an active peering, so traffic to %s is dropped", [p.table, net.rt_users(p.table), dst, p.target, status, dst]),
		"key": dst,
		"evidence": {"problem": p, "route": route, "peering_status": status, "subnets": net.rt_subnets(p.table)},
		"source": object.get(route, "source", null),
		"related": [{"type": "peering_connection", "id": p.target, "description": status}],
	}
}
