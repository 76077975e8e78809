package vpclint.rules.sg.default_has_rules

all_rule(id, cidr4) := {
	"rule_id": id, "protocol": "all", "from_port": 0, "to_port": 65535,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr4,
}

self_rule(id, sg) := {
	"rule_id": id, "protocol": "all", "from_port": 0, "to_port": 65535,
	"icmp_type": -1, "icmp_code": -1, "referenced_group": {"group_id": sg},
}

test_fires_managed_default_with_rules if {
	inp := {"security_groups": {"sg-d": {
		"id": "sg-d", "name": "default", "vpc_id": "vpc-1", "is_default": true,
		"ingress": [self_rule("sgr-2", "sg-d")],
		"egress": [all_rule("sgr-1", "0.0.0.0/0")],
	}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-d"}
	f.message == "default security group sg-d of vpc-1 has 1 inbound and 1 outbound rules"
	f.evidence == {"ingress_rule_ids": ["sgr-2"], "egress_rule_ids": ["sgr-1"], "implicit": false}
}

# aws-semantics §1.4: the implicit default SG vpclint adds carries AWS's
# default rules (self-reference in, 0.0.0.0/0 out), which violate CIS 5.4 too.
test_fires_implicit_default_names_aws_defaults if {
	inp := {"security_groups": {"vpc-1/default-sg": {
		"id": "vpc-1/default-sg", "name": "default", "vpc_id": "vpc-1", "is_default": true, "implicit": true,
		"ingress": [object.union(self_rule("vpc-1/default-sg/ingress/0", "vpc-1/default-sg"), {"implicit": true})],
		"egress": [object.union(all_rule("vpc-1/default-sg/egress/0", "0.0.0.0/0"), {"implicit": true})],
	}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	contains(f.message, "AWS's default rules")
	contains(f.message, "aws_default_security_group")
	f.evidence.implicit == true
	f.evidence.egress_rule_ids == ["vpc-1/default-sg/egress/0"]
}

test_fires_egress_only_sorted_ids if {
	inp := {"security_groups": {"sg-d": {
		"id": "sg-d", "name": "default", "vpc_id": "vpc-1", "is_default": true,
		"egress": [all_rule("sgr-b", "0.0.0.0/0"), all_rule("sgr-a", "10.0.0.0/8")],
	}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.evidence.ingress_rule_ids == []
	f.evidence.egress_rule_ids == ["sgr-a", "sgr-b"]
}

test_passes_default_without_rules if {
	inp := {"security_groups": {"sg-d": {"id": "sg-d", "name": "default", "vpc_id": "vpc-1", "is_default": true}}}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_non_default_with_rules if {
	inp := {"security_groups": {"sg-1": {
		"id": "sg-1", "name": "web", "vpc_id": "vpc-1",
		"egress": [all_rule("sgr-1", "0.0.0.0/0")],
	}}}
	fs := findings with input as inp
	count(fs) == 0
}
