package vpclint.rules.vpce.sg_blocks_https

tcp(from, to, target) := object.union({"protocol": "tcp", "from_port": from, "to_port": to}, target)

base(ep_extra, sgs) := {
	"vpc_endpoints": {"vpce-1": object.union({"id": "vpce-1", "type": "Interface", "vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.ssm"}, ep_extra)},
	"vpcs": {"vpc-1": {"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]}},
	"security_groups": {sg.id: sg | some sg in sgs},
	"instances": {"i-1": {"id": "i-1", "state": "running", "security_group_ids": ["sg-def"]}},
	"prefix_lists": {"pl-1": {"id": "pl-1", "entries": [{"cidr": "192.168.0.0/24"}]}},
}

default_sg := {"id": "sg-def", "vpc_id": "vpc-1", "is_default": true, "ingress": [{"protocol": "all", "from_port": 0, "to_port": 65535, "referenced_group": {"group_id": "sg-def"}}]}

# aws-semantics §1.4: no SG given -> the default SG, whose inbound self-reference
# admits only its own members.
test_fires_default_sg_self_reference if {
	fs := findings with input as base({}, [default_sg])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	contains(f.message, "default security group sg-def")
	contains(f.message, "only the group's own members (i-1)")
}

test_fires_sg_without_443 if {
	sg := {"id": "sg-ep", "vpc_id": "vpc-1", "ingress": [tcp(80, 80, {"cidr_ipv4": "10.0.0.0/16"}), tcp(443, 443, {"cidr_ipv4": "172.16.0.0/12"})]}
	fs := findings with input as base({"security_group_ids": ["sg-ep"]}, [sg, default_sg])
	count(fs) == 1
	some f in fs
	not f.severity
	contains(f.message, "security groups sg-ep")
}

test_fires_prefix_list_outside_vpc if {
	sg := {"id": "sg-ep", "vpc_id": "vpc-1", "ingress": [tcp(443, 443, {"prefix_list_id": "pl-1"})]}
	count(findings) == 1 with input as base({"security_group_ids": ["sg-ep"]}, [sg])
}

test_passes_vpc_cidr if {
	sg := {"id": "sg-ep", "vpc_id": "vpc-1", "ingress": [tcp(443, 443, {"cidr_ipv4": "10.0.1.0/24"})]}
	count(findings) == 0 with input as base({"security_group_ids": ["sg-ep"]}, [sg])
}

test_passes_other_group_reference if {
	sg := {"id": "sg-ep", "vpc_id": "vpc-1", "ingress": [tcp(0, 65535, {"referenced_group": {"group_id": "sg-app"}})]}
	count(findings) == 0 with input as base({"security_group_ids": ["sg-ep"]}, [sg])
}

test_passes_unknown_group if {
	count(findings) == 0 with input as base({"security_group_ids": ["sg-missing"]}, [])
}

test_passes_gateway if {
	count(findings) == 0 with input as base({"type": "Gateway"}, [default_sg])
}
