package vpclint.rules.sg.default_in_use

groups := {
	"sg-d": {"id": "sg-d", "name": "default", "vpc_id": "vpc-1", "is_default": true},
	"sg-web": {"id": "sg-web", "name": "web", "vpc_id": "vpc-1"},
}

# aws-semantics §1.4: resources launched without an SG get the default SG.
test_fires_instance_with_default_group if {
	inp := {
		"security_groups": groups,
		"instances": {"i-1": {"id": "i-1", "state": "running", "vpc_id": "vpc-1", "security_group_ids": ["sg-web", "sg-d"]}},
	}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "instance", "id": "i-1"}
	f.message == "instance i-1 uses the default security group sg-d of vpc-1"
	f.key == "sg-d"
	f.evidence.security_group_id == "sg-d"
}

# aws-semantics §1.4: interface endpoints without an SG get the default SG.
test_fires_unattached_endpoint_eni if {
	inp := {
		"security_groups": groups,
		"network_interfaces": {"eni-1": {"id": "eni-1", "vpc_id": "vpc-1", "interface_type": "vpc_endpoint", "requester_managed": true, "security_group_ids": ["sg-d"]}},
	}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "network_interface", "id": "eni-1"}
	f.message == "network interface eni-1 (vpc_endpoint) uses the default security group sg-d of vpc-1"
}

# An instance's ENI is reported through the instance, once.
test_fires_instance_not_its_eni if {
	inp := {
		"security_groups": groups,
		"instances": {"i-1": {"id": "i-1", "state": "running", "vpc_id": "vpc-1", "security_group_ids": ["sg-d"]}},
		"network_interfaces": {"eni-1": {"id": "eni-1", "vpc_id": "vpc-1", "security_group_ids": ["sg-d"], "attachment": {"instance_id": "i-1", "device_index": 0}}},
	}
	fs := findings with input as inp
	count(fs) == 1
	{f.resource.id | some f in fs} == {"i-1"}
}

test_passes_purpose_made_group if {
	inp := {
		"security_groups": groups,
		"instances": {"i-1": {"id": "i-1", "state": "running", "vpc_id": "vpc-1", "security_group_ids": ["sg-web"]}},
		"network_interfaces": {"eni-1": {"id": "eni-1", "vpc_id": "vpc-1", "security_group_ids": ["sg-web"]}},
	}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_terminated_instance if {
	inp := {
		"security_groups": groups,
		"instances": {"i-1": {"id": "i-1", "state": "terminated", "vpc_id": "vpc-1", "security_group_ids": ["sg-d"]}},
	}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_unknown_group if {
	inp := {
		"security_groups": groups,
		"instances": {"i-1": {"id": "i-1", "state": "running", "vpc_id": "vpc-1", "security_group_ids": ["sg-gone"]}},
	}
	fs := findings with input as inp
	count(fs) == 0
}
