# METADATA
# title: Route through a peering relies on transit or edge-to-edge routing
# description: |
#   A VPC peering connection delivers only traffic addressed to the peer
#   VPC's own CIDRs: peering is not transitive, and a peer never lets you use
#   its internet gateway, NAT device, VPN, Direct Connect or gateway endpoint
#   (aws-semantics §4; Reachability Analyzer
#   PCX_REQUIRES_ADDRESS_IN_VPC_CIDR). A route whose destination lies outside
#   the peer's CIDRs (0.0.0.0/0 to a peering, a third VPC's CIDR, an on-premises
#   range) sends traffic that the peer drops.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
# custom:
#   id: PCX003
#   name: peering-transit-route
#   category: breakage
#   severity: high
#   remediation: Narrow the route's destination to the peer VPC's CIDR; for transit between several VPCs or to the internet, on-premises networks or endpoints of another VPC use a transit gateway (or Cloud WAN) or set up the path in this VPC.
#   tags: [network, peering, route-table, reachability]
package vpclint.rules.pcx.transit_route

import data.vpclint.lib.net

findings contains f if {
	some p in input.facts.route_problems
	p.kind == "peering_transit"
	route := net.problem_route(p)
	dst := net.problem_destination(p)
	f := {
		"resource": {"type": "route_table", "id": p.table},
		"message": sprintf("%s (%s) routes %s through peering %s, but %s", [p.table, net.rt_users(p.table), dst, p.target, p.detail]),
		"key": dst,
		"evidence": {"problem": p, "route": route, "subnets": net.rt_subnets(p.table)},
		"source": object.get(route, "source", null),
		"related": [{"type": "peering_connection", "id": p.target, "description": "no transit, no edge-to-edge routing"}],
	}
}
