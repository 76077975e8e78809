package vpclint.rules.nacl.admin_port_open

entry(n, action, proto, from, to, cidr) := {
	"rule_number": n, "egress": false, "action": action, "protocol": proto,
	"from_port": from, "to_port": to, "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr,
}

adm(n, from, to, cidr, partial) := {
	"family": "ipv4", "protocol": "tcp", "from_port": from, "to_port": to,
	"rule_number": n, "cidr": cidr, "partial": partial, "uncertain": false,
}

# input.facts.nacl_internet_ingress is computed in Go by reach (first match
# wins); each test supplies the facts reach produces for its entries.
inp(entries, admissions, subnets) := {
	"network_acls": {"acl-1": {"id": "acl-1", "vpc_id": "vpc-1", "entries": entries}},
	"subnets": subnets,
	"facts": {"nacl_internet_ingress": {"acl-1": admissions}},
}

used_by_subnet := {"subnet-1": {"id": "subnet-1", "vpc_id": "vpc-1", "network_acl_id": "acl-1"}}

# aws-semantics §2.1: first match wins. "deny 50 tcp/22 0.0.0.0/0" comes
# before "allow 100 all 0.0.0.0/0", so rule 100 admits every TCP port except
# 22 from the internet: reach splits it around 22 and there is no admission
# for port 22. Tools that ignore order report this (landscape §0.2).
test_passes_allow_shadowed_by_lower_deny if {
	entries := [
		entry(50, "deny", "tcp", 22, 22, "0.0.0.0/0"),
		entry(100, "allow", "all", 0, 65535, "0.0.0.0/0"),
	]
	facts := [adm(100, 0, 21, "0.0.0.0/0", false), adm(100, 23, 65535, "0.0.0.0/0", false)]
	fs := findings with input as inp(entries, facts, used_by_subnet)

	# 3389 is still admitted; 22 is not.
	count(fs) == 1
	some f in fs
	f.evidence.ports == [3389]
	f.message == "acl-1 allows RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 100"
}

# aws-semantics §2.1: the reverse order, the allow at 50 matches first and
# the deny at 100 never applies.
test_fires_allow_before_deny if {
	entries := [
		entry(50, "allow", "all", 0, 65535, "0.0.0.0/0"),
		entry(100, "deny", "tcp", 22, 22, "0.0.0.0/0"),
	]
	facts := [adm(50, 0, 65535, "0.0.0.0/0", false)]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.evidence.ports == [22, 3389]
	f.resource == {"type": "network_acl", "id": "acl-1"}
	f.message == "acl-1 allows SSH (tcp/22) and RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 50"
	f.key == "22,3389"
	f.evidence.entry.rule_number == 50
	f.evidence.admissions == [{"rule_number": 50, "cidr": "0.0.0.0/0", "ports": [22, 3389], "admissions": [adm(50, 0, 65535, "0.0.0.0/0", false)]}]
}

# The default NACL (aws-semantics §2.2): allow-all at 100 for IPv4 and at
# 101 for IPv6 is one finding naming both ports and both entries.
test_fires_default_nacl_once if {
	entries := [
		entry(100, "allow", "all", 0, 65535, "0.0.0.0/0"),
		object.union(entry(101, "allow", "all", 0, 65535, ""), {"cidr_ipv6": "::/0"}),
	]
	facts := [
		adm(100, 0, 65535, "0.0.0.0/0", false),
		object.union(adm(101, 0, 65535, "::/0", false), {"family": "ipv6"}),
	]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.message == "acl-1 allows SSH (tcp/22) and RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 100; SSH (tcp/22) and RDP (tcp/3389) from ::/0 through inbound rule 101"
	f.key == "22,3389"
	f.evidence.entry.rule_number == 100
}

# Different entries for the two ports, one of them partly shadowed: one
# finding, each entry with its own qualifier.
test_fires_two_entries_with_qualifier if {
	entries := [
		entry(10, "deny", "tcp", 3389, 3389, "198.51.100.0/24"),
		entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0"),
		entry(110, "allow", "tcp", 3389, 3389, "0.0.0.0/0"),
	]
	facts := [adm(100, 22, 22, "0.0.0.0/0", false), adm(110, 3389, 3389, "0.0.0.0/0", true)]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.message == "acl-1 allows SSH (tcp/22) from 0.0.0.0/0 through inbound rule 100; RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 110 (partly shadowed by earlier entries)"
}

# A deny of part of the internet in front of the allow leaves it partly shadowed.
test_fires_partly_shadowed if {
	entries := [
		entry(10, "deny", "tcp", 3389, 3389, "198.51.100.0/24"),
		entry(100, "allow", "tcp", 3389, 3389, "0.0.0.0/0"),
	]
	facts := [adm(100, 3389, 3389, "0.0.0.0/0", true)]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.message == "acl-1 allows RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 100 (partly shadowed by earlier entries)"
}

# aws-semantics §2.1: IPv4 and IPv6 are independent.
test_fires_ipv6 if {
	e := {
		"rule_number": 101, "egress": false, "action": "allow", "protocol": "tcp",
		"from_port": 22, "to_port": 22, "icmp_type": -1, "icmp_code": -1, "cidr_ipv6": "::/0",
	}
	facts := [object.union(adm(101, 22, 22, "::/0", false), {"family": "ipv6"})]
	fs := findings with input as inp([e], facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.key == "22"
	f.message == "acl-1 allows SSH (tcp/22) from ::/0 through inbound rule 101"
}

# An ACL no subnet uses filters nothing.
test_passes_unused_acl if {
	entries := [entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")]
	facts := [adm(100, 22, 22, "0.0.0.0/0", false)]
	other := {"subnet-1": {"id": "subnet-1", "vpc_id": "vpc-1", "network_acl_id": "acl-2"}}
	fs := findings with input as inp(entries, facts, other)
	count(fs) == 0
}

test_passes_narrow_source_and_udp if {
	entries := [
		entry(100, "allow", "tcp", 22, 22, "203.0.113.0/24"),
		entry(110, "allow", "udp", 3389, 3389, "0.0.0.0/0"),
	]
	facts := [
		adm(100, 22, 22, "203.0.113.0/24", false),
		object.union(adm(110, 3389, 3389, "0.0.0.0/0", false), {"protocol": "udp"}),
	]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 0
}

test_passes_web_ports_only if {
	entries := [entry(100, "allow", "tcp", 443, 443, "0.0.0.0/0")]
	facts := [adm(100, 443, 443, "0.0.0.0/0", false)]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 0
}

# An earlier entry whose CIDR is unknown until apply may shadow the allow;
# reach marks the admission uncertain and the finding says so.
test_fires_uncertain_says_so if {
	entries := [entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")]
	facts := [object.union(adm(100, 22, 22, "0.0.0.0/0", false), {"uncertain": true})]
	fs := findings with input as inp(entries, facts, used_by_subnet)
	count(fs) == 1
	some f in fs
	f.message == "acl-1 allows SSH (tcp/22) from 0.0.0.0/0 through inbound rule 100 (an earlier entry with an unknown CIDR may shadow it)"
}
