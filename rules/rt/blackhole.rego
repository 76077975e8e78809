# METADATA
# title: Route table has a blackhole route
# description: |
#   A route in state blackhole points at a target that no longer exists or is
#   not usable (a deleted NAT gateway, egress-only IGW or network interface, a
#   terminated NAT instance, a detached gateway, or a peering that was never
#   accepted). Traffic matching it is dropped: the route is still the longest
#   prefix match, so it does not fall through to a less specific route
#   (aws-semantics §3.2, §3.3; Reachability Analyzer BAD_STATE_ROUTE).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
# custom:
#   id: RT001
#   name: route-blackhole
#   category: breakage
#   severity: high
#   remediation: Point the route at a target that exists (a new NAT gateway, the accepted peering, the attached gateway), or delete the route if the destination is no longer needed.
#   tags: [network, route-table, reachability]
package vpclint.rules.rt.blackhole

import data.vpclint.lib.net

findings contains f if {
	some p in input.facts.route_problems
	p.kind == "blackhole"
	route := net.problem_route(p)
	dst := net.problem_destination(p)
	f := {
		"resource": {"type": "route_table", "id": p.table},
		"message": sprintf("%s (%s) routes %s to %s, which is a blackhole: the target is gone or not attached, so traffic to %s is dropped", [p.table, net.rt_users(p.table), dst, object.get(p, "target", ""), dst]),
		"key": dst,
		"evidence": {"problem": p, "route": route, "subnets": net.rt_subnets(p.table)},
		"source": object.get(route, "source", null),
	}
}
