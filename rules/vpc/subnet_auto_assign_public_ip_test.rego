package vpclint.rules.vpc.subnet_auto_assign_public_ip

subnet(id, extra) := object.union({"id": id, "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24"}, extra)

# aws-semantics §6.1: a public IPv4 is one of the conditions for inbound
# internet reachability; this setting gives every instance one.
test_fires_map_public_ip if {
	fs := findings with input as {"subnets": {"subnet-1": subnet("subnet-1", {"map_public_ip_on_launch": true})}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "subnet", "id": "subnet-1"}
	f.message == "subnet subnet-1 in vpc-1 assigns a public IPv4 address to every instance launched in it (map_public_ip_on_launch)"
	f.evidence == {"map_public_ip_on_launch": true}
}

# Unknown until apply is never safe.
test_fires_unknown_value if {
	fs := findings with input as {"subnets": {"subnet-1": subnet("subnet-1", {"unknown": ["map_public_ip_on_launch"]})}}
	count(fs) == 1
	some f in fs
	contains(f.message, "unknown")
	f.evidence.map_public_ip_on_launch == "unknown"
}

test_fires_only_flagged_subnets if {
	inp := {"subnets": {
		"subnet-1": subnet("subnet-1", {"map_public_ip_on_launch": true}),
		"subnet-2": subnet("subnet-2", {}),
		"subnet-3": subnet("subnet-3", {"map_public_ip_on_launch": true}),
	}}
	fs := findings with input as inp
	count(fs) == 2
	{f.resource.id | some f in fs} == {"subnet-1", "subnet-3"}
}

# omitempty: false is absent from the input.
test_passes_absent_setting if {
	fs := findings with input as {"subnets": {"subnet-1": subnet("subnet-1", {})}}
	count(fs) == 0
}

test_passes_explicit_false if {
	fs := findings with input as {"subnets": {"subnet-1": subnet("subnet-1", {"map_public_ip_on_launch": false})}}
	count(fs) == 0
}
