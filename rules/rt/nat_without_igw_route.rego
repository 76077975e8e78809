# METADATA
# title: NAT gateway sits in a subnet without a route to an internet gateway
# description: |
#   A public NAT gateway forwards its traffic using the route table of the
#   subnet it sits in: that subnet must be public, with 0.0.0.0/0 routed to an
#   internet gateway attached to the VPC (aws-semantics §3.5, §6.2). In a
#   private subnet (no IGW route, a blackhole, or a route to another NAT) the
#   NAT gateway reports available, but nothing routed through it ever reaches
#   the internet: package installs, API calls and license checks of every
#   private subnet behind it time out. Private NAT gateways and NAT gateways
#   that are not available are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
# custom:
#   id: RT004
#   name: nat-without-igw-route
#   category: breakage
#   severity: high
#   remediation: Move the NAT gateway to a public subnet (one whose route table sends 0.0.0.0/0 to the VPC's attached internet gateway), or add that route to its subnet's route table.
#   tags: [network, route-table, nat-gateway, reachability]
package vpclint.rules.rt.nat_without_igw_route

import data.vpclint.lib.net

findings contains f if {
	some p in input.facts.gateway_problems
	p.kind == "nat_without_igw_route"
	rt := object.get(input, ["subnets", p.subnet, "route_table_id"], "")
	users := behind(p.resource)
	f := {
		"resource": {"type": "nat_gateway", "id": p.resource},
		"message": sprintf("NAT gateway %s sits in %s, whose route table %s has no route to an attached internet gateway: nothing routed through it reaches the internet%s", [p.resource, p.subnet, table_text(rt), behind_text(users)]),
		"key": "igw-route",
		"evidence": {"problem": p, "subnet_route_table": rt, "route_tables_using_nat": users},
		"related": [{"type": "subnet", "id": p.subnet, "description": "the NAT gateway's subnet"}],
	}
}

# behind lists the route tables that send traffic to the NAT gateway.
behind(nat) := sort([rt.id |
	some rt in input.route_tables
	some r in object.get(rt, "routes", [])
	object.get(r, "target_id", "") == nat
])

behind_text(ids) := sprintf(" (route tables using it: %s)", [net.id_list(ids)]) if {
	count(ids) > 0
} else := ""

table_text(rt) := rt if {
	rt != ""
} else := "(unknown)"
