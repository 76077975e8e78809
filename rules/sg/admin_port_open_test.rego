package vpclint.rules.sg.admin_port_open

import data.vpclint.lib.fixtures

rule(proto, from, to, cidr4, cidr6) := {
	"rule_id": "sgr-1", "protocol": proto, "from_port": from, "to_port": to,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr4, "cidr_ipv6": cidr6,
}

sg(rules) := fixtures.sg_input([{"id": "sg-1", "name": "web", "ingress": rules}])

test_fires_ssh_from_anywhere if {
	fs := findings with input as sg([rule("tcp", 22, 22, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	f.resource.id == "sg-1"
	contains(f.message, "SSH")
}

# aws-semantics §1.2: "all protocols" allows all ports, so it contains 22 and 3389.
test_fires_all_protocols_counts_both_ports if {
	fs := findings with input as sg([rule("all", 0, 65535, "", "::/0")])
	count(fs) == 2
}

test_fires_range_containing_rdp if {
	fs := findings with input as sg([rule("tcp", 3000, 4000, "0.0.0.0/0", "")])
	count(fs) == 1
}

test_passes_narrow_source if {
	fs := findings with input as sg([rule("tcp", 22, 22, "203.0.113.0/24", "")])
	count(fs) == 0
}

test_passes_other_port_and_udp if {
	fs := findings with input as sg([rule("tcp", 443, 443, "0.0.0.0/0", ""), rule("udp", 22, 22, "0.0.0.0/0", "")])
	count(fs) == 0
}
