# METADATA
# title: Gateway endpoint not associated with the route tables of the subnets that need it
# description: |
#   A gateway endpoint for S3 or DynamoDB exists in the VPC, but the route table
#   of a subnet whose instances have roles allowing that service is not one of
#   the endpoint's route tables, and that subnet has no default route to an
#   internet gateway or a NAT gateway. Only subnets using an associated route
#   table get the endpoint's prefix-list route (aws-semantics §5.1), so the
#   instances' calls to the service have no path at all: SDK calls time out
#   although the role allows them. A default route to a transit gateway, a VPN
#   gateway or an appliance may reach the internet elsewhere; the finding then
#   says so at medium severity. A VPC with an interface endpoint for the same
#   service is not reported.
#   A gateway endpoint whose route tables no subnet of its VPC uses (or that
#   has none) serves nobody, whether or not an instance needs the service
#   today: it is reported once, naming the VPC's subnets that would use it,
#   at medium severity when some of them have no internet or NAT route (the
#   endpoint would be their only way to the service), low otherwise.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
# custom:
#   id: VPCE003
#   name: vpce-gateway-not-associated
#   category: breakage
#   severity: high
#   remediation: Add the subnet's route table to the gateway endpoint's route tables (aws ec2 modify-vpc-endpoint --add-route-table-ids, or route_table_ids in Terraform), or give the subnet a NAT gateway route.
#   tags: [vpc-endpoint, gateway-endpoint, route-table, breakage]
package vpclint.rules.vpce.gateway_not_associated

import data.vpclint.lib.iam

# internet_targets are the default-route targets that reach the service's
# public endpoints (aws-semantics §3.4, §6.2).
internet_targets := {"internet_gateway", "nat_gateway"}

# elsewhere_targets may carry a default route to an egress point outside the VPC.
elsewhere_targets := {"transit_gateway", "virtual_private_gateway", "network_interface", "instance", "core_network", "local_gateway"}

default_routes(sn) := [r |
	some r in object.get(input.route_tables[sn.route_table_id], "routes", [])
	object.get(r, "destination_cidr", "") == "0.0.0.0/0"
	object.get(r, "state", "active") != "blackhole"
]

internet_route(sn) if {
	some r in default_routes(sn)
	r.target_type in internet_targets
}

# served holds when some gateway endpoint for svc in the VPC has the
# subnet's route table, or an interface endpoint for svc exists in the VPC.
served(sn, svc) if {
	some e in input.vpc_endpoints
	iam.gateway(e)
	e.vpc_id == sn.vpc_id
	iam.endpoint_service(e) == svc
	object.get(sn, "route_table_id", "") in object.get(e, "route_table_ids", [])
}

served(sn, svc) if {
	some e in input.vpc_endpoints
	iam.interface(e)
	e.vpc_id == sn.vpc_id
	iam.endpoint_service(e) == svc
}

# users lists "instance (role)" for the live instances of the subnet whose
# roles allow svc.
users(sn, svc) := sort([sprintf("%s (%s)", [inst.id, object.get(role, "name", rid)]) |
	some inst in subnet_instances(sn)
	not object.get(inst, "state", "") in {"terminated", "shutting-down"}
	some rid in object.get(inst, "role_ids", [])
	role := input.roles[rid]
	iam.role_grants_service(role, svc)
])

# subnet_instances uses the Go-computed index when present (a scan of every
# instance per subnet and endpoint is quadratic on large accounts).
subnet_instances(sn) := [input.instances[id] | some id in ids] if {
	ids := input.facts.subnet_instances[sn.id]
} else := [inst |
	some inst in input.instances
	object.get(inst, "subnet_id", "") == sn.id
]

elsewhere(sn) := [sprintf("%s %s", [r.target_type, object.get(r, "target_id", "?")]) |
	some r in default_routes(sn)
	r.target_type in elsewhere_targets
]

severity(sn) := "medium" if count(elsewhere(sn)) > 0

severity(sn) := "high" if count(elsewhere(sn)) == 0

note(sn) := "" if count(elsewhere(sn)) == 0

note(sn) := sprintf(" (its default route goes to %s, which may reach the service elsewhere)", [concat(", ", elsewhere(sn))]) if count(elsewhere(sn)) > 0

findings contains f if some f in user_findings

# user_findings are the subnets whose instances need the endpoint and have
# no other path to the service.
user_findings contains f if {
	some ep in input.vpc_endpoints
	iam.gateway(ep)
	svc := iam.endpoint_service(ep)
	svc in {"s3", "dynamodb"}
	some sn in input.subnets
	sn.vpc_id == ep.vpc_id
	sn.route_table_id
	not internet_route(sn)
	not served(sn, svc)
	us := users(sn, svc)
	count(us) > 0
	f := {
		"resource": {"type": "vpc_endpoint", "id": ep.id},
		"message": sprintf("%s gateway endpoint %s is not associated with route table %s of subnet %s, which has no route to an internet or NAT gateway%s: %s cannot reach %s although their roles allow it", [svc, ep.id, sn.route_table_id, sn.id, note(sn), concat(", ", us), svc]),
		"key": sn.id,
		"severity": severity(sn),
		"evidence": {"service": svc, "route_table_ids": object.get(ep, "route_table_ids", []), "subnet_route_table": sn.route_table_id, "instances": us, "default_routes": default_routes(sn)},
		"related": [
			{"type": "subnet", "id": sn.id, "description": "subnet whose instances need the endpoint"},
			{"type": "route_table", "id": sn.route_table_id, "description": "route table without the endpoint's prefix-list route"},
		],
	}
}

# An endpoint no subnet routes through serves nobody, whether or not an
# instance needs the service today; reported only when no subnet with users
# already names the endpoint above.
findings contains f if {
	some ep in input.vpc_endpoints
	iam.gateway(ep)
	not object.get(ep, "state", "available") in {"deleting", "deleted", "rejected", "failed", "expired"}
	not "route_table_ids" in object.get(ep, "unknown", [])
	svc := iam.endpoint_service(ep)
	svc in {"s3", "dynamodb"}
	not ep.id in {g.resource.id | some g in user_findings}
	subnets := [sn | some sn in input.subnets; sn.vpc_id == ep.vpc_id]
	count(subnets) > 0
	every sn in subnets {
		object.get(sn, "route_table_id", "") != ""
		not "route_table_id" in object.get(sn, "unknown", [])
	}
	rts := object.get(ep, "route_table_ids", [])
	every sn in subnets {
		not sn.route_table_id in rts
	}
	all := sort([sn.id | some sn in subnets])
	private := sort([sn.id | some sn in subnets; not internet_route(sn)])
	f := {
		"resource": {"type": "vpc_endpoint", "id": ep.id},
		"message": sprintf("%s gateway endpoint %s serves no subnet: %s, so no traffic to %s takes it; the subnets of %s that would use it are %s%s", [svc, ep.id, rt_text(rts, ep.vpc_id), svc, ep.vpc_id, concat(", ", all), private_note(private, svc)]),
		"key": "no-subnet",
		"severity": unused_severity(private),
		"evidence": {"service": svc, "route_table_ids": rts, "subnets": all, "subnets_without_internet_route": private},
		"related": [{"type": "subnet", "id": id, "description": subnet_role(id, private)} | some id in all],
	}
}

rt_text(rts, vpc) := sprintf("it is associated with no route table of %s", [vpc]) if count(rts) == 0

rt_text(rts, vpc) := sprintf("no subnet of %s uses its route tables (%s)", [vpc, concat(", ", rts)]) if count(rts) > 0

private_note(private, _) := "" if count(private) == 0

private_note(private, svc) := sprintf("; %s %s no route to an internet or NAT gateway, so the endpoint is the only way %s could reach %s", [concat(", ", private), verb(private), pronoun(private), svc]) if count(private) > 0

verb(xs) := "has" if count(xs) == 1

else := "have"

pronoun(xs) := "it" if count(xs) == 1

else := "they"

unused_severity(private) := "medium" if count(private) > 0

else := "low"

subnet_role(id, private) := "no internet or NAT route: needs the endpoint to reach the service" if id in private

else := "reaches the service over the internet without the endpoint"
