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
