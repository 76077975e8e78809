package vpclint.rules.nacl.entry_shadowed

entry(n, egress, action, proto, from, to, cidr) := {
	"rule_number": n, "egress": egress, "action": action, "protocol": proto,
	"from_port": from, "to_port": to, "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr,
}

# input.facts.nacl_shadowed and acl_subnets are computed in Go by reach
# (reach.Shadows); each test supplies what reach produces for its entries.
inp(entries, shadows, subnets) := {
	"network_acls": {"acl-1": {"id": "acl-1", "vpc_id": "vpc-1", "entries": entries}},
	"facts": {"nacl_shadowed": {"acl-1": shadows}, "acl_subnets": {"acl-1": subnets}},
}

# aws-semantics §2.1: "allow 100 all 0.0.0.0/0" decides everything that
# "deny 200 tcp/22 0.0.0.0/0" names; rule 200 can never match.
test_fires_fully_shadowed if {
	entries := [entry(100, false, "allow", "all", 0, 65535, "0.0.0.0/0"), entry(200, false, "deny", "tcp", 22, 22, "0.0.0.0/0")]
	s := {"rule_number": 200, "egress": false, "action": "deny", "full": true, "by": [100], "opposite": [100]}
	fs := findings with input as inp(entries, [s], ["subnet-b", "subnet-a"])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "network_acl", "id": "acl-1"}
	f.message == "acl-1 (subnets subnet-a, subnet-b): inbound deny rule 200 can never match: rules 100 decide all of its traffic first"
	f.key == "inbound/200"
	not "severity" in object.keys(f)
	f.evidence.shadow == s
	f.evidence.entry == entries[1]
	f.evidence.subnets == ["subnet-a", "subnet-b"]
}

# Two earlier entries together cover the later one (same action: redundant).
test_fires_fully_shadowed_by_several_outbound if {
	entries := [
		entry(100, true, "allow", "tcp", 0, 1023, "0.0.0.0/0"),
		entry(110, true, "allow", "tcp", 1024, 65535, "0.0.0.0/0"),
		entry(120, true, "allow", "tcp", 443, 443, "0.0.0.0/0"),
	]
	s := {"rule_number": 120, "egress": true, "action": "allow", "full": true, "by": [100]}
	s2 := {"rule_number": 130, "egress": true, "action": "allow", "full": true, "by": [100, 110]}
	fs := findings with input as inp(entries, [s, s2], ["subnet-a"])
	count(fs) == 2
	{f.key | some f in fs} == {"outbound/120", "outbound/130"}
	some f in fs
	f.key == "outbound/130"
	f.message == "acl-1 (subnets subnet-a): outbound allow rule 130 can never match: rules 100, 110 decide all of its traffic first"
	f.evidence.entry == {}
}

# A deny of part of the traffic in front of an allow: the allow is partly
# overridden; low severity, since that is often intended.
test_fires_partly_overridden_low if {
	entries := [entry(50, false, "deny", "tcp", 22, 22, "198.51.100.0/24"), entry(100, false, "allow", "tcp", 0, 65535, "0.0.0.0/0")]
	s := {"rule_number": 100, "egress": false, "action": "allow", "full": false, "by": [50], "opposite": [50]}
	fs := findings with input as inp(entries, [s], ["subnet-a"])
	count(fs) == 1
	some f in fs
	f.severity == "low"
	f.message == "acl-1 (subnets subnet-a): inbound allow rule 100 is partly overridden by earlier rule(s) 50 of the opposite action: that part of its traffic is denied, not allowed"
	f.key == "inbound/100"
}

test_fires_partly_overridden_deny if {
	s := {"rule_number": 90, "egress": true, "action": "deny", "full": false, "by": [1, 5], "opposite": [5]}
	fs := findings with input as inp([], [s], ["subnet-a"])
	count(fs) == 1
	some f in fs
	f.message == "acl-1 (subnets subnet-a): outbound deny rule 90 is partly overridden by earlier rule(s) 5 of the opposite action: that part of its traffic is allowed, not denied"
}

# An ACL no subnet uses filters nothing.
test_passes_unused_acl if {
	s := {"rule_number": 200, "egress": false, "action": "deny", "full": true, "by": [100]}
	fs := findings with input as inp([], [s], [])
	count(fs) == 0
	fs2 := findings with input as {"facts": {"nacl_shadowed": {"acl-1": [s]}, "acl_subnets": {}}}
	count(fs2) == 0
}

test_passes_no_shadows if {
	entries := [entry(100, false, "allow", "tcp", 443, 443, "0.0.0.0/0")]
	fs := findings with input as inp(entries, [], ["subnet-a"])
	count(fs) == 0
}
