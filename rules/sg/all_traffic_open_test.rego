package vpclint.rules.sg.all_traffic_open

import data.vpclint.lib.fixtures

rule(id, proto, from, to, cidr4, cidr6) := {
	"rule_id": id, "protocol": proto, "from_port": from, "to_port": to,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr4, "cidr_ipv6": cidr6,
}

sg(rules) := fixtures.sg_input([{"id": "sg-1", "name": "web", "ingress": rules}])

test_fires_all_protocols if {
	fs := findings with input as sg([rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	f.message == "sg-1 (web) allows all traffic from 0.0.0.0/0 (IPv4) through rule sgr-1"
	f.key == "sgr-1/0.0.0.0/0"
	f.evidence.rule.rule_id == "sgr-1"
}

# aws-semantics §1.2: IPv4 and IPv6 rules are independent, one finding each.
test_fires_ipv4_and_ipv6_separately if {
	fs := findings with input as sg([
		rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", ""),
		rule("sgr-2", "all", 0, 65535, "", "::/0"),
	])
	count(fs) == 2
	{f.key | some f in fs} == {"sgr-1/0.0.0.0/0", "sgr-2/::/0"}
}

test_fires_all_tcp_ports if {
	fs := findings with input as sg([rule("sgr-3", "tcp", 0, 65535, "", "::/0")])
	count(fs) == 1
	some f in fs
	f.message == "sg-1 (web) allows all tcp ports from ::/0 (IPv6) through rule sgr-3"
}

# aws-semantics §1.2: a protocol number other than tcp/udp/icmp/icmpv6 allows
# all ports regardless of the range given (normalised to 0-65535).
test_fires_protocol_number_means_all_ports if {
	fs := findings with input as sg([rule("sgr-4", "47", 0, 65535, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	f.message == "sg-1 (web) allows all ports of protocol 47 from 0.0.0.0/0 (IPv4) through rule sgr-4"
}

test_passes_partial_range if {
	fs := findings with input as sg([rule("sgr-1", "tcp", 1024, 65535, "0.0.0.0/0", "")])
	count(fs) == 0
}

test_passes_icmp_all_types if {
	fs := findings with input as sg([rule("sgr-1", "icmp", -1, -1, "0.0.0.0/0", "")])
	count(fs) == 0
}

test_passes_narrow_source if {
	fs := findings with input as sg([rule("sgr-1", "all", 0, 65535, "10.0.0.0/8", "")])
	count(fs) == 0
}

# Egress rules are not inbound exposure.
test_passes_egress_all if {
	inp := {"security_groups": {"sg-1": {"id": "sg-1", "name": "web", "egress": [rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", "")]}}}
	fs := findings with input as inp
	count(fs) == 0
}
