package vpclint.rules.vpce.private_dns_vpc_attributes

ep(extra) := {"vpce-1": object.union({"id": "vpce-1", "type": "Interface", "vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.ssm", "private_dns_enabled": true}, extra)}

vpc(attrs) := {"vpc-1": object.union({"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]}, attrs)}

# aws-semantics §5.2: private DNS requires enableDnsSupport and enableDnsHostnames.
test_fires_hostnames_off if {
	fs := findings with input as {"vpc_endpoints": ep({}), "vpcs": vpc({"enable_dns_support": true, "enable_dns_hostnames": false})}
	count(fs) == 1
	some f in fs
	f.key == "enable_dns_hostnames"
	contains(f.message, "enableDnsHostnames false")
	not f.severity
}

test_fires_both_off if {
	fs := findings with input as {"vpc_endpoints": ep({}), "vpcs": vpc({"enable_dns_support": false, "enable_dns_hostnames": false})}
	count(fs) == 2
}

# Unknown is reported, at low severity: never a silent pass.
test_fires_unknown_attribute_low if {
	fs := findings with input as {"vpc_endpoints": ep({}), "vpcs": vpc({"enable_dns_support": true})}
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "enableDnsHostnames of VPC vpc-1 is unknown")
}

test_fires_unknown_listed_low if {
	fs := findings with input as {"vpc_endpoints": ep({}), "vpcs": vpc({"enable_dns_support": true, "enable_dns_hostnames": false, "unknown": ["enable_dns_hostnames"]})}
	count(fs) == 1
	some f in fs
	f.severity == "low"
}

test_fires_vpc_not_in_snapshot_low if {
	fs := findings with input as {"vpc_endpoints": ep({}), "vpcs": {}}
	count(fs) == 2
	every f in fs {
		f.severity == "low"
		contains(f.message, "not in the snapshot")
	}
}

test_passes_both_on if {
	count(findings) == 0 with input as {"vpc_endpoints": ep({}), "vpcs": vpc({"enable_dns_support": true, "enable_dns_hostnames": true})}
}

test_passes_private_dns_off if {
	count(findings) == 0 with input as {"vpc_endpoints": ep({"private_dns_enabled": false}), "vpcs": vpc({"enable_dns_support": false})}
}

test_passes_gateway if {
	count(findings) == 0 with input as {"vpc_endpoints": ep({"type": "Gateway"}), "vpcs": vpc({"enable_dns_support": false})}
}
