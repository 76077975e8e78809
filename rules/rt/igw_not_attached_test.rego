package vpclint.rules.rt.igw_not_attached

# input.facts.route_problems is computed in Go by reach (RouteProblems);
# each test supplies what reach produces for its routes.
igw_route := {"destination_cidr": "0.0.0.0/0", "target_type": "internet_gateway", "target_id": "igw-2", "state": "active"}

v6_route := {"destination_ipv6_cidr": "::/0", "target_type": "internet_gateway", "target_id": "igw-2", "state": "active"}

problem(kind, route) := {"table": "rtb-1", "route": route, "kind": kind, "target": "igw-2", "detail": "igw-2 is not attached to vpc-1"}

inp(problems) := {
	"route_tables": {"rtb-1": {"id": "rtb-1", "vpc_id": "vpc-1", "routes": [igw_route, v6_route]}},
	"subnets": {"subnet-a": {"id": "subnet-a", "vpc_id": "vpc-1", "route_table_id": "rtb-1"}},
	"internet_gateways": {"igw-2": {"id": "igw-2", "attachments": [{"vpc_id": "vpc-2", "state": "attached"}]}},
	"facts": {"route_problems": problems},
}

# aws-semantics §6.1 (1): the IGW must be attached to the VPC.
test_fires_igw_of_other_vpc if {
	fs := findings with input as inp([
		problem("igw_not_attached", "0.0.0.0/0 -> internet_gateway igw-2 (active)"),
		problem("igw_not_attached", "::/0 -> internet_gateway igw-2 (active)"),
	])
	count(fs) == 2
	{f.key | some f in fs} == {"0.0.0.0/0", "::/0"}
	some f in fs
	f.key == "0.0.0.0/0"
	f.resource == {"type": "route_table", "id": "rtb-1"}
	f.message == "rtb-1 (subnets subnet-a) routes 0.0.0.0/0 to igw-2, which is not attached to vpc-1: traffic to 0.0.0.0/0 is dropped"
	f.evidence.route == igw_route
	some g in fs
	g.key == "::/0"
	g.evidence.route == v6_route
}

test_passes_other_kinds if {
	fs := findings with input as inp([problem("blackhole", "0.0.0.0/0 -> internet_gateway igw-2 (blackhole)")])
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([])
	count(fs) == 0
}
