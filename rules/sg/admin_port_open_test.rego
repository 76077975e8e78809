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

# ---- Grading by the effective path (facts.sg_exposure, aws-semantics §6.1) ----

exposure(family, protocol, ports) := {
	"eni": "eni-1", "instance": "i-1", "family": family, "protocol": protocol, "ports": ports,
	"igw": "igw-1", "route_table": "rtb-1", "network_acl": "acl-1", "public_address": "203.0.113.10",
}

with_exposure(inp, attached, exposed) := object.union(inp, {"facts": {"sg_exposure": {"sg-1": {"attached": attached, "exposed": exposed}}}})

# Without the facts for the group the finding keeps the rule's severity.
test_fires_no_exposure_facts_keeps_severity if {
	fs := findings with input as sg([rule("tcp", 22, 22, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	not "severity" in object.keys(f)
	f.message == "sg-1 (web) allows SSH from 0.0.0.0/0 through tcp/22 rule sgr-1"
}

# aws-semantics §6.1: IGW, public address, IGW route, NACL both ways and the
# SG all admit tcp/22 from the internet: effective exposure.
test_fires_effective_exposure_critical if {
	x := exposure("ipv4", "tcp", [[22, 22], [443, 443]])
	fs := findings with input as with_exposure(sg([rule("tcp", 22, 22, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "critical"
	f.message == "sg-1 (web) allows SSH from 0.0.0.0/0 through tcp/22 rule sgr-1 — reachable end to end on i-1 (203.0.113.10) via igw-1, route table rtb-1, NACL acl-1"
	f.evidence.exposure == x
	f.evidence.grade == "effective"
	f.evidence.port == 22
	f.key == "sgr-1/22/0.0.0.0/0"
}

# An interface without an instance is named by its id.
test_fires_effective_exposure_names_eni if {
	x := object.remove(exposure("ipv6", "tcp", [[0, 65535]]), ["instance"])
	fs := findings with input as with_exposure(sg([rule("tcp", 3389, 3389, "", "::/0")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "critical"
	endswith(f.message, " — reachable end to end on eni-1 (203.0.113.10) via igw-1, route table rtb-1, NACL acl-1")
}

# Attached, but the only exposed port is 443 (a NACL or missing public
# address stops 22): configured exposure.
test_fires_configured_exposure_medium if {
	x := exposure("ipv4", "tcp", [[443, 443]])
	fs := findings with input as with_exposure(sg([rule("tcp", 22, 22, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	f.message == "sg-1 (web) allows SSH from 0.0.0.0/0 through tcp/22 rule sgr-1 — configured only: no end-to-end path from the internet (no public address, no IGW route, or a NACL blocks it)"
	f.evidence.grade == "configured"
	not "exposure" in object.keys(f.evidence)
}

# aws-semantics §1.2: IPv4 and IPv6 are independent; an IPv6 exposure of
# port 22 does not make the IPv4 rule effective.
test_fires_configured_when_only_other_family_exposed if {
	x := exposure("ipv6", "tcp", [[22, 22]])
	fs := findings with input as with_exposure(sg([rule("tcp", 22, 22, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
}

test_fires_unattached_low if {
	fs := findings with input as with_exposure(sg([rule("all", 0, 65535, "0.0.0.0/0", "")]), [], [])
	count(fs) == 2
	{f.severity | some f in fs} == {"low"}
	some f in fs
	f.evidence.port == 3389
	f.message == "sg-1 (web) allows RDP from 0.0.0.0/0 through all traffic rule sgr-1 — the group is attached to nothing"
}

test_passes_narrow_source_even_when_exposed if {
	x := exposure("ipv4", "tcp", [[22, 22]])
	fs := findings with input as with_exposure(sg([rule("tcp", 22, 22, "203.0.113.0/24", "")]), ["eni-1"], [x])
	count(fs) == 0
}
