package vpclint.rules.vpc.default_in_use

vpcs := {
	"vpc-d": {"id": "vpc-d", "is_default": true, "cidr_blocks": ["172.31.0.0/16"]},
	"vpc-1": {"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]},
}

test_fires_instances_sorted if {
	inp := {"vpcs": vpcs, "instances": {
		"i-b": {"id": "i-b", "state": "running", "vpc_id": "vpc-d"},
		"i-a": {"id": "i-a", "state": "stopped", "vpc_id": "vpc-d"},
		"i-c": {"id": "i-c", "state": "running", "vpc_id": "vpc-1"},
	}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc", "id": "vpc-d"}
	f.message == "default VPC vpc-d is in use by 2 instances and 0 other network interfaces"
	f.evidence == {"instance_ids": ["i-a", "i-b"], "network_interface_ids": []}
}

test_fires_customer_interface if {
	inp := {"vpcs": vpcs, "network_interfaces": {
		"eni-1": {"id": "eni-1", "vpc_id": "vpc-d", "subnet_id": "subnet-1", "interface_type": "interface"},
	}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.evidence.network_interface_ids == ["eni-1"]
}

# The instance's own ENI is not counted twice.
test_fires_instance_eni_once if {
	inp := {
		"vpcs": vpcs,
		"instances": {"i-1": {"id": "i-1", "state": "running", "vpc_id": "vpc-d"}},
		"network_interfaces": {"eni-1": {"id": "eni-1", "vpc_id": "vpc-d", "attachment": {"instance_id": "i-1", "device_index": 0}}},
	}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.evidence == {"instance_ids": ["i-1"], "network_interface_ids": []}
}

test_passes_requester_managed_only if {
	inp := {"vpcs": vpcs, "network_interfaces": {
		"eni-1": {"id": "eni-1", "vpc_id": "vpc-d", "requester_managed": true, "interface_type": "nat_gateway"},
	}}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_terminated_and_non_default if {
	inp := {"vpcs": vpcs, "instances": {
		"i-1": {"id": "i-1", "state": "terminated", "vpc_id": "vpc-d"},
		"i-2": {"id": "i-2", "state": "running", "vpc_id": "vpc-1"},
	}}
	fs := findings with input as inp
	count(fs) == 0
}
