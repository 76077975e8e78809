# METADATA
# title: Active peering with routes on one side only, or none
# description: |
#   A VPC peering connection carries nothing by itself: each side needs a
#   route to the other VPC's CIDR (or part of it) through the peering in the
#   route tables of the subnets that talk (aws-semantics §4, "Routes both
#   sides"). With routes on one side only, requests leave and replies have no
#   way back (there is no uRPF and the peer does not answer along the incoming
#   path): connections hang in one direction and fail in the other. With no
#   routes at all the peering is unused, which is often a forgotten step.
#   Only active peerings between VPCs both in the snapshot are checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
# custom:
#   id: PCX001
#   name: peering-routes-missing
#   category: breakage
#   severity: high
#   remediation: Add a route to the peer VPC's CIDR with the peering connection as target in the route tables of the subnets on both sides that need to talk (and allow the traffic in the security groups and NACLs).
#   tags: [network, peering, route-table, reachability]
package vpclint.rules.pcx.routes_missing

findings contains f if {
	some p in input.facts.peering_problems
	p.kind in {"one_side", "no_routes"}
	pc := object.get(input, ["peering_connections", p.peering], {})
	req := object.get(pc, ["requester", "vpc_id"], "?")
	acc := object.get(pc, ["accepter", "vpc_id"], "?")
	f := {
		"resource": {"type": "peering_connection", "id": p.peering},
		"message": message(p, req, acc),
		"key": sprintf("routes/%s", [object.get(p, "missing", "both")]),
		"evidence": {"problem": p, "requester_vpc": req, "accepter_vpc": acc},
	}
}

# aws-semantics §4: the return route is required.
message(p, req, acc) := sprintf(
	"peering %s between %s and %s has routes on one side only: no route table of %s sends anything through it, so replies from %s cannot return",
	[p.peering, req, acc, p.missing, p.missing],
) if {
	p.kind == "one_side"
} else := sprintf(
	"peering %s between %s and %s is active but neither VPC routes anything through it: no traffic can use it",
	[p.peering, req, acc],
)
