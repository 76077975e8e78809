package vpclint.rules.sg.database_port_open

import data.vpclint.lib.fixtures

rule(id, proto, from, to, cidr4, cidr6) := {
	"rule_id": id, "protocol": proto, "from_port": from, "to_port": to,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr4, "cidr_ipv6": cidr6,
}

sg(rules) := fixtures.sg_input([{"id": "sg-1", "name": "db", "ingress": rules}])

test_fires_postgres_from_anywhere if {
	fs := findings with input as sg([rule("sgr-1", "tcp", 5432, 5432, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	f.message == "sg-1 (db) allows PostgreSQL (port 5432) from 0.0.0.0/0 through tcp/5432 rule sgr-1"
	f.key == "sgr-1/5432/0.0.0.0/0"
	f.evidence.port == 5432
	f.evidence.rule.rule_id == "sgr-1"
}

# A range that contains the port counts (the range 5000-6500 holds 5432 and 6379).
test_fires_range_one_finding_per_port if {
	fs := findings with input as sg([rule("sgr-9", "tcp", 5000, 6500, "", "::/0")])
	count(fs) == 2
	{f.evidence.port | some f in fs} == {5432, 6379}
	some f in fs
	f.evidence.port == 6379
	f.message == "sg-1 (db) allows Redis (port 6379) from ::/0 through tcp/5000-6500 rule sgr-9"
}

# aws-semantics §1.2: "all protocols" allows every port; that rule is SG003's
# single critical finding, not ten database findings here.
test_passes_all_traffic_left_to_sg003 if {
	fs := findings with input as sg([rule("sgr-2", "all", 0, 65535, "0.0.0.0/0", ""), rule("sgr-7", "tcp", 0, 65535, "", "::/0")])
	count(fs) == 0
}

# A wide range that is not all ports still reports every database port in it.
test_fires_wide_range_every_db_port_once if {
	fs := findings with input as sg([rule("sgr-2", "tcp", 1, 65535, "0.0.0.0/0", "")])
	count(fs) == count(db_ports)
	count({f.key | some f in fs}) == count(db_ports)
	some f in fs
	f.evidence.port == 11211
	contains(f.message, "Memcached")
}

# Memcached listens on UDP too.
test_fires_memcached_udp if {
	fs := findings with input as sg([rule("sgr-3", "udp", 11211, 11211, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	f.message == "sg-1 (db) allows Memcached (port 11211) from 0.0.0.0/0 through udp/11211 rule sgr-3"
}

# aws-semantics §1.2: IPv4 and IPv6 rules are independent, one finding each.
test_fires_ipv4_and_ipv6_separately if {
	fs := findings with input as sg([
		rule("sgr-4", "tcp", 3306, 3306, "0.0.0.0/0", ""),
		rule("sgr-5", "tcp", 3306, 3306, "", "::/0"),
	])
	count(fs) == 2
	{f.key | some f in fs} == {"sgr-4/3306/0.0.0.0/0", "sgr-5/3306/::/0"}
}

test_passes_narrow_source if {
	fs := findings with input as sg([rule("sgr-1", "tcp", 5432, 5432, "10.0.0.0/16", "")])
	count(fs) == 0
}

# MySQL is tcp only; a udp/3306 rule does not admit it.
test_passes_wrong_protocol if {
	fs := findings with input as sg([rule("sgr-1", "udp", 3306, 3306, "0.0.0.0/0", "")])
	count(fs) == 0
}

# SG001's admin ports and web ports are not database ports.
test_passes_admin_and_web_ports if {
	fs := findings with input as sg([
		rule("sgr-1", "tcp", 22, 22, "0.0.0.0/0", ""),
		rule("sgr-2", "tcp", 443, 443, "::/0", ""),
	])
	count(fs) == 0
}

test_passes_group_reference if {
	r := {"rule_id": "sgr-1", "protocol": "tcp", "from_port": 5432, "to_port": 5432, "icmp_type": -1, "icmp_code": -1, "referenced_group": {"group_id": "sg-app"}}
	fs := findings with input as sg([r])
	count(fs) == 0
}

# ---- Grading by the effective path (facts.sg_exposure, aws-semantics §6.1) ----

exposure(family, protocol, ports) := {
	"eni": "eni-1", "instance": "i-1", "family": family, "protocol": protocol, "ports": ports,
	"igw": "igw-1", "route_table": "rtb-1", "network_acl": "acl-1", "public_address": "203.0.113.10",
}

with_exposure(inp, attached, exposed) := object.union(inp, {"facts": {"sg_exposure": {"sg-1": {"attached": attached, "exposed": exposed}}}})

test_fires_no_exposure_facts_keeps_severity if {
	fs := findings with input as sg([rule("sgr-1", "tcp", 5432, 5432, "0.0.0.0/0", "")])
	count(fs) == 1
	some f in fs
	not "severity" in object.keys(f)
}

test_fires_effective_exposure_critical if {
	x := exposure("ipv4", "tcp", [[1024, 65535]])
	fs := findings with input as with_exposure(sg([rule("sgr-1", "tcp", 5432, 5432, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 1
	some f in fs
	f.severity == "critical"
	f.message == "sg-1 (db) allows PostgreSQL (port 5432) from 0.0.0.0/0 through tcp/5432 rule sgr-1 — reachable end to end on i-1 (203.0.113.10) via igw-1, route table rtb-1, NACL acl-1"
	f.evidence.exposure == x
	f.evidence.grade == "effective"
}

# Memcached over UDP is graded on the UDP exposure: a TCP exposure of 11211
# does not make the udp rule effective, a UDP one does.
test_fires_udp_rule_graded_on_udp if {
	tcp := exposure("ipv4", "tcp", [[11211, 11211]])
	udp := exposure("ipv4", "udp", [[11211, 11211]])
	r := rule("sgr-3", "udp", 11211, 11211, "0.0.0.0/0", "")
	fs1 := findings with input as with_exposure(sg([r]), ["eni-1"], [tcp])
	count(fs1) == 1
	{f.severity | some f in fs1} == {"medium"}
	fs2 := findings with input as with_exposure(sg([r]), ["eni-1"], [tcp, udp])
	count(fs2) == 1
	some f in fs2
	f.severity == "critical"
	f.evidence.exposure == udp
}

test_fires_configured_exposure_medium if {
	fs := findings with input as with_exposure(sg([rule("sgr-9", "tcp", 5000, 6500, "", "::/0")]), ["eni-1", "eni-2"], [])
	count(fs) == 2
	{f.severity | some f in fs} == {"medium"}
	some f in fs
	f.evidence.port == 6379
	f.message == "sg-1 (db) allows Redis (port 6379) from ::/0 through tcp/5000-6500 rule sgr-9 — configured only: no end-to-end path from the internet (no public address, no IGW route, or a NACL blocks it)"
}

# Only the exposed port is effective; the other stays configured.
test_fires_mixed_grades_per_port if {
	x := exposure("ipv6", "tcp", [[6379, 6379]])
	fs := findings with input as with_exposure(sg([rule("sgr-9", "tcp", 5000, 6500, "", "::/0")]), ["eni-1"], [x])
	count(fs) == 2
	{[f.evidence.port, f.severity] | some f in fs} == {[5432, "medium"], [6379, "critical"]}
}

test_fires_unattached_low if {
	fs := findings with input as with_exposure(sg([rule("sgr-1", "tcp", 3306, 3306, "0.0.0.0/0", "")]), [], [])
	count(fs) == 1
	some f in fs
	f.severity == "low"
	f.message == "sg-1 (db) allows MySQL (port 3306) from 0.0.0.0/0 through tcp/3306 rule sgr-1 — the group is attached to nothing"
	f.evidence.grade == "unattached"
}

test_passes_exposed_but_not_a_database_rule if {
	x := exposure("ipv4", "tcp", [[443, 443]])
	fs := findings with input as with_exposure(sg([rule("sgr-1", "tcp", 443, 443, "0.0.0.0/0", "")]), ["eni-1"], [x])
	count(fs) == 0
}
