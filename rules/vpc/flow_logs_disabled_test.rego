package vpclint.rules.vpc.flow_logs_disabled

vpcs := {
	"vpc-1": {"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]},
	"vpc-2": {"id": "vpc-2", "cidr_blocks": ["10.1.0.0/16"]},
}

flow_log(id, rid, rtype) := {
	"id": id, "resource_id": rid, "resource_type": rtype,
	"traffic_type": "ALL", "destination_type": "s3",
}

test_fires_no_flow_logs_at_all if {
	fs := findings with input as {"vpcs": vpcs}
	count(fs) == 2
	{f.resource.id | some f in fs} == {"vpc-1", "vpc-2"}
	some f in fs
	f.resource == {"type": "vpc", "id": "vpc-1"}
	f.message == "vpc-1 has no flow log"
	f.evidence.subnet_or_eni_flow_log_ids == []
}

# A subnet- or ENI-level flow log does not cover the VPC.
test_fires_subnet_and_eni_logs_do_not_count if {
	inp := {
		"vpcs": vpcs,
		"subnets": {"subnet-9": {"id": "subnet-9", "vpc_id": "vpc-2"}},
		"network_interfaces": {"eni-9": {"id": "eni-9", "vpc_id": "vpc-2"}},
		"flow_logs": {
			"fl-1": flow_log("fl-1", "vpc-1", "VPC"),
			"fl-2": flow_log("fl-2", "subnet-9", "Subnet"),
			"fl-3": flow_log("fl-3", "eni-9", "NetworkInterface"),
		},
	}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource.id == "vpc-2"
	f.message == "vpc-2 has no VPC-level flow log (only subnet/ENI-level flow logs fl-2, fl-3)"
	f.evidence.subnet_or_eni_flow_log_ids == ["fl-2", "fl-3"]
}

test_passes_every_vpc_logged if {
	inp := {"vpcs": vpcs, "flow_logs": {
		"fl-1": flow_log("fl-1", "vpc-1", "VPC"),
		"fl-2": object.union(flow_log("fl-2", "vpc-2", "VPC"), {"traffic_type": "REJECT"}),
	}}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_no_vpcs if {
	fs := findings with input as {"flow_logs": {"fl-1": flow_log("fl-1", "vpc-1", "VPC")}}
	count(fs) == 0
}
