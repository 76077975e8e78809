package vpclint.rules.vpce.gateway_not_associated

role_s3 := {"id": "r-app", "name": "app", "inline_policies": [{"name": "p", "document": {"statements": [{"index": 0, "effect": "Allow", "action": ["s3:GetObject"], "resource": ["*"]}]}}]}

role_ddb := {"id": "r-ddb", "name": "ddb", "inline_policies": [{"name": "p", "document": {"statements": [{"index": 0, "effect": "Allow", "action": ["dynamodb:*"], "resource": ["*"]}]}}]}

lab(rt_routes, ep_rts, role) := {
	"vpc_endpoints": {"vpce-1": {"id": "vpce-1", "type": "Gateway", "vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.s3", "route_table_ids": ep_rts}},
	"subnets": {"subnet-1": {"id": "subnet-1", "vpc_id": "vpc-1", "route_table_id": "rtb-2"}},
	"route_tables": {
		"rtb-1": {"id": "rtb-1", "vpc_id": "vpc-1", "routes": []},
		"rtb-2": {"id": "rtb-2", "vpc_id": "vpc-1", "routes": array.concat([{"destination_cidr": "10.0.0.0/16", "target_type": "local", "state": "active"}], rt_routes)},
	},
	"instances": {"i-1": {"id": "i-1", "state": "running", "subnet_id": "subnet-1", "role_ids": [role.id]}},
	"roles": {role.id: role},
	"policies": {},
}

# aws-semantics §5.1: only subnets using an associated route table get the
# endpoint's route; with no IGW/NAT route there is no other path.
test_fires_private_subnet_not_associated if {
	fs := findings with input as lab([], ["rtb-1"], role_s3)
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc_endpoint", "id": "vpce-1"}
	f.key == "subnet-1"
	f.severity == "high"
	contains(f.message, "i-1 (app)")
	contains(f.message, "rtb-2")
}

test_fires_medium_with_tgw_default_route if {
	fs := findings with input as lab([{"destination_cidr": "0.0.0.0/0", "target_type": "transit_gateway", "target_id": "tgw-1", "state": "active"}], [], role_s3)
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	contains(f.message, "tgw-1")
}

# A blackhole default route is no path (aws-semantics §3.3).
test_fires_blackhole_nat_route if {
	fs := findings with input as lab([{"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "blackhole"}], ["rtb-1"], role_s3)
	count(fs) == 1
}

test_passes_associated if {
	count(findings) == 0 with input as lab([], ["rtb-2"], role_s3)
}

# user_keys are the per-subnet findings, not the "serves no subnet" one.
user_keys(fs) := {f.key | some f in fs; f.key != "no-subnet"}

test_passes_nat_route if {
	fs := findings with input as lab([{"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "active"}], ["rtb-1"], role_s3)
	count(user_keys(fs)) == 0
}

# The role allows DynamoDB, not S3: the S3 endpoint is not needed there.
test_passes_role_without_service if {
	fs := findings with input as lab([], ["rtb-1"], role_ddb)
	count(user_keys(fs)) == 0
}

# aws-semantics §5.1: only subnets using an associated route table use
# the endpoint. Associated with no route table at all, it serves nobody,
# even with no instance needing S3 today.
test_fires_serves_no_subnet if {
	fs := findings with input as lab([], [], role_ddb)
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc_endpoint", "id": "vpce-1"}
	f.key == "no-subnet"
	f.severity == "medium"
	f.message == "s3 gateway endpoint vpce-1 serves no subnet: it is associated with no route table of vpc-1, so no traffic to s3 takes it; the subnets of vpc-1 that would use it are subnet-1; subnet-1 has no route to an internet or NAT gateway, so the endpoint is the only way it could reach s3"
	f.evidence.subnets_without_internet_route == ["subnet-1"]
}

# A route table no subnet uses is no better; with a NAT route the subnet
# still reaches S3 the long way, so it is low.
test_fires_serves_no_subnet_low_with_nat if {
	fs := findings with input as lab([{"destination_cidr": "0.0.0.0/0", "target_type": "nat_gateway", "target_id": "nat-1", "state": "active"}], ["rtb-1"], role_s3)
	count(fs) == 1
	some f in fs
	f.key == "no-subnet"
	f.severity == "low"
	f.message == "s3 gateway endpoint vpce-1 serves no subnet: no subnet of vpc-1 uses its route tables (rtb-1), so no traffic to s3 takes it; the subnets of vpc-1 that would use it are subnet-1"
}

# The per-subnet finding already names the endpoint: no second one.
test_passes_no_repeat_with_user_finding if {
	fs := findings with input as lab([], [], role_s3)
	{f.key | some f in fs} == {"subnet-1"}
}

# Route tables known only after apply, on either side: no claim.
test_passes_unknown_route_tables if {
	inp := lab([], [], role_ddb)
	ep := object.union(inp.vpc_endpoints["vpce-1"], {"unknown": ["route_table_ids"]})
	count(findings) == 0 with input as object.union(inp, {"vpc_endpoints": {"vpce-1": ep}})
	sn := object.union(inp.subnets["subnet-1"], {"route_table_id": ""})
	count(findings) == 0 with input as object.union(inp, {"subnets": {"subnet-1": sn}})
}

test_passes_interface_endpoint_for_service if {
	inp := lab([], ["rtb-1"], role_s3)
	eps := object.union(inp.vpc_endpoints, {"vpce-2": {"id": "vpce-2", "type": "Interface", "vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.s3"}})
	fs := findings with input as object.union(inp, {"vpc_endpoints": eps})
	count(user_keys(fs)) == 0
}
