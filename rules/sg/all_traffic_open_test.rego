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

# ---- Grading by the effective path (facts.sg_exposure, aws-semantics §6.1) ----

exposure(family, protocol, ports) := {
	"eni": "eni-1", "instance": "i-1", "family": family, "protocol": protocol, "ports": ports,
	"igw": "igw-1", "route_table": "rtb-1", "network_acl": "acl-1", "public_address": "203.0.113.10",
}

with_exposure(inp, attached, exposed) := object.union(inp, {"facts": {"sg_exposure": {"sg-1": {"attached": attached, "exposed": exposed}}}})

test_fires_no_exposure_facts_keeps_severity if {
	fs := findings with input as sg([rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	not "severity" in object.keys(f)
}

# Any exposed TCP or UDP port counts for an all-protocols rule: even if the
# NACL admits only 443, the rule is what lets 443 in.
test_fires_effective_exposure_critical if {
	x := exposure("ipv4", "udp", [[53, 53]])
	fs := findings with input as with_exposure(sg([rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "critical"
	f.message == "sg-1 (web) allows all traffic from 0.0.0.0/0 (IPv4) through rule sgr-1 — reachable end to end on i-1 (203.0.113.10) via igw-1, route table rtb-1, NACL acl-1"
	f.evidence.exposure == x
	f.evidence.grade == "effective"
}

# An all-TCP-ports rule is graded on TCP only.
test_fires_tcp_rule_not_effective_through_udp if {
	x := exposure("ipv4", "udp", [[53, 53]])
	fs := findings with input as with_exposure(sg([rule("sgr-1", "tcp", 0, 65535, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	f.message == "sg-1 (web) allows all tcp ports from 0.0.0.0/0 (IPv4) through rule sgr-1 — configured only: no end-to-end path from the internet (no public address, no IGW route, or a NACL blocks it)"
}

test_fires_configured_exposure_medium if {
	fs := findings with input as with_exposure(sg([rule("sgr-2", "all", 0, 65535, "", "::/0")]), ["eni-1"], [exposure("ipv4", "tcp", [[0, 65535]])])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	f.evidence.grade == "configured"
}

test_fires_unattached_low if {
	fs := findings with input as with_exposure(sg([rule("sgr-1", "all", 0, 65535, "0.0.0.0/0", "")]), [], [])
	count(fs) == 1
	some f in fs
	f.severity == "low"
	f.message == "sg-1 (web) allows all traffic from 0.0.0.0/0 (IPv4) through rule sgr-1 — the group is attached to nothing"
}

# aws-semantics §1.2: a protocol number other than tcp/udp/icmp allows every
# port; reach has no exposure for it, so it keeps the rule's severity.
test_fires_portless_protocol_ungraded if {
	fs := findings with input as with_exposure(sg([rule("sgr-1", "47", 0, 0, "0.0.0.0/0", "")]), ["eni-1"], [])
	count(fs) == 1
	some f in fs
	not "severity" in object.keys(f)
}

test_passes_narrow_rule_when_exposed if {
	x := exposure("ipv4", "tcp", [[443, 443]])
	fs := findings with input as with_exposure(sg([rule("sgr-1", "tcp", 443, 443, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 0
}
