package vpclint.rules.rt.nat_without_igw_route

# input.facts.gateway_problems is computed in Go by reach (GatewayProblems:
# the NAT's subnet routes the internet nowhere near an attached IGW); each
# test supplies what reach produces.
problem := {
	"kind": "nat_without_igw_route", "resource": "nat-1", "subnet": "subnet-nat",
	"detail": "NAT gateway nat-1 sits in subnet-nat, whose route table sends 0.0.0.0/0 nowhere near an attached internet gateway: nothing behind it reaches the internet",
}

inp(problems) := {
	"subnets": {
		"subnet-nat": {"id": "subnet-nat", "vpc_id": "vpc-1", "route_table_id": "rtb-nat"},
		"subnet-app": {"id": "subnet-app", "vpc_id": "vpc-1", "route_table_id": "rtb-app"},
	},
	"route_tables": {
		"rtb-nat": {"id": "rtb-nat", "vpc_id": "vpc-1", "routes": [{"destination_cidr": "10.0.0.0/16", "target_type": "local", "target_id": "local", "state": "active"}]},
		"rtb-app": {"id": "rtb-app", "vpc_id": "vpc-1", "routes": [{"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "active"}]},
		"rtb-db": {"id": "rtb-db", "vpc_id": "vpc-1", "routes": [{"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "active"}]},
	},
	"nat_gateways": {"nat-1": {"id": "nat-1", "vpc_id": "vpc-1", "subnet_id": "subnet-nat", "connectivity_type": "public", "state": "available"}},
	"facts": {"gateway_problems": problems},
}

# aws-semantics §6.2: a public NAT must sit in a public subnet.
test_fires_nat_in_private_subnet if {
	fs := findings with input as inp([problem])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "nat_gateway", "id": "nat-1"}
	f.message == "NAT gateway nat-1 sits in subnet-nat, whose route table rtb-nat has no route to an attached internet gateway: nothing routed through it reaches the internet (route tables using it: rtb-app, rtb-db)"
	f.key == "igw-route"
	f.evidence.problem == problem
	f.evidence.route_tables_using_nat == ["rtb-app", "rtb-db"]
}

test_fires_unknown_subnet_unused_nat if {
	p := object.union(problem, {"resource": "nat-2", "subnet": "subnet-x"})
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.message == "NAT gateway nat-2 sits in subnet-x, whose route table (unknown) has no route to an attached internet gateway: nothing routed through it reaches the internet"
}

test_passes_other_kind if {
	p := object.union(problem, {"kind": "public_ip_without_igw_route", "resource": "i-1"})
	fs := findings with input as inp([p])
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([])
	count(fs) == 0
}
