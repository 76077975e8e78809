package vpclint.rules.sg.rule_no_description

rule(id, desc) := {
	"rule_id": id, "protocol": "tcp", "from_port": 443, "to_port": 443,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": "10.0.0.0/8", "description": desc,
}

sg(ingress, egress) := {"security_groups": {"sg-1": {"id": "sg-1", "name": "web", "ingress": ingress, "egress": egress}}}

test_fires_ingress_without_description if {
	fs := findings with input as sg([object.remove(rule("sgr-1", ""), ["description"])], [])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	f.message == "sg-1 (web) ingress rule sgr-1 (tcp/443) has no description"
	f.key == "sgr-1"
	f.evidence.direction == "ingress"
}

test_fires_one_per_rule_both_directions if {
	fs := findings with input as sg([rule("sgr-1", "")], [rule("sgr-2", ""), rule("sgr-3", "HTTPS to proxy")])
	count(fs) == 2
	{f.key | some f in fs} == {"sgr-1", "sgr-2"}
}

test_passes_described_rules if {
	fs := findings with input as sg([rule("sgr-1", "HTTPS from ALB")], [rule("sgr-2", "HTTPS to proxy")])
	count(fs) == 0
}

# Rules vpclint added (implicit: true, the AWS default rules of an unlisted
# default SG, aws-semantics §1.4) have nobody to describe them.
test_passes_implicit_rules if {
	r := object.union(rule("vpc-1/default-sg/egress/0", ""), {"implicit": true})
	fs := findings with input as sg([], [r])
	count(fs) == 0
}

all_traffic(id, target) := object.union(
	{
		"rule_id": id, "protocol": "all", "protocol_number": -1, "from_port": 0, "to_port": 65535,
		"icmp_type": -1, "icmp_code": -1,
	},
	target,
)

default_sg(name, is_default, ingress, egress) := {"security_groups": {"sg-d": {
	"id": "sg-d", "name": name, "is_default": is_default,
	"ingress": ingress, "egress": egress,
}}}

# aws-semantics §1.4: AWS creates these two (three with IPv6) rules in every
# default group; nobody can describe them.
test_passes_aws_default_rules if {
	ingress := [all_traffic("sgr-i", {"referenced_group": {"group_id": "sg-d"}})]
	egress := [all_traffic("sgr-e4", {"cidr_ipv4": "0.0.0.0/0"}), all_traffic("sgr-e6", {"cidr_ipv6": "::/0"})]
	count(findings) == 0 with input as default_sg("default", true, ingress, egress)
	count(findings) == 0 with input as default_sg("default", false, ingress, egress)
}

# Rules someone added to a default group, and the same shapes in a group
# that is not the default, are still reported.
test_fires_added_rules_in_default_group if {
	ingress := [
		all_traffic("sgr-i", {"referenced_group": {"group_id": "sg-d"}}),
		all_traffic("sgr-other", {"referenced_group": {"group_id": "sg-x"}}),
		rule("sgr-https", ""),
	]
	egress := [all_traffic("sgr-e4", {"cidr_ipv4": "0.0.0.0/0"}), all_traffic("sgr-e10", {"cidr_ipv4": "10.0.0.0/8"})]
	fs := findings with input as default_sg("default", true, ingress, egress)
	{f.key | some f in fs} == {"sgr-other", "sgr-https", "sgr-e10"}
}

test_fires_default_shapes_in_other_group if {
	ingress := [all_traffic("sgr-i", {"referenced_group": {"group_id": "sg-d"}})]
	egress := [all_traffic("sgr-e4", {"cidr_ipv4": "0.0.0.0/0"})]
	fs := findings with input as default_sg("app", false, ingress, egress)
	{f.key | some f in fs} == {"sgr-i", "sgr-e4"}
}
