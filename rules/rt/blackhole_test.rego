package vpclint.rules.rt.blackhole

# input.facts.route_problems is computed in Go by reach (RouteProblems);
# each test supplies what reach produces for its routes.
nat_route := {"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "blackhole"}

local_route := {"destination_cidr": "10.0.0.0/16", "target_type": "local", "target_id": "local", "state": "active", "implicit": true}

problem(kind, route) := {"table": "rtb-1", "route": route, "kind": kind, "target": "nat-1", "detail": "the route's target is gone or not attached: traffic to this destination is dropped"}

inp(problems) := {
	"route_tables": {"rtb-1": {"id": "rtb-1", "vpc_id": "vpc-1", "routes": [local_route, nat_route]}},
	"subnets": {
		"subnet-b": {"id": "subnet-b", "vpc_id": "vpc-1", "route_table_id": "rtb-1"},
		"subnet-a": {"id": "subnet-a", "vpc_id": "vpc-1", "route_table_id": "rtb-1"},
		"subnet-c": {"id": "subnet-c", "vpc_id": "vpc-1", "route_table_id": "rtb-2"},
	},
	"facts": {"route_problems": problems},
}

# aws-semantics §3.2 (4): a blackhole route drops traffic; it does not fall
# through to a less specific route.
test_fires_blackhole_nat_route if {
	p := problem("blackhole", "0.0.0.0/0 -> nat_gateway nat-1 (blackhole)")
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "route_table", "id": "rtb-1"}
	f.message == "rtb-1 (subnets subnet-a, subnet-b) routes 0.0.0.0/0 to nat-1, which is a blackhole: the target is gone or not attached, so traffic to 0.0.0.0/0 is dropped"
	f.key == "0.0.0.0/0"
	f.evidence.route == nat_route
	f.evidence.problem == p
	f.evidence.subnets == ["subnet-a", "subnet-b"]
}

test_fires_on_unused_table_says_so if {
	p := object.union(problem("blackhole", "0.0.0.0/0 -> nat_gateway nat-1 (blackhole)"), {"table": "rtb-9"})
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.message == "rtb-9 (used by no subnet) routes 0.0.0.0/0 to nat-1, which is a blackhole: the target is gone or not attached, so traffic to 0.0.0.0/0 is dropped"
	f.evidence.route == {}
}

test_passes_other_kinds if {
	fs := findings with input as inp([problem("inactive_peering", "10.1.0.0/16 -> vpc_peering_connection pcx-1 (active)")])
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([])
	count(fs) == 0
}
