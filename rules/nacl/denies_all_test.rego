package vpclint.rules.nacl.denies_all

star(n, egress) := {
	"rule_number": n, "egress": egress, "action": "deny", "protocol": "all",
	"from_port": 0, "to_port": 65535, "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": "0.0.0.0/0", "implicit": true,
}

entry(n, egress, action, proto, from, to) := {
	"rule_number": n, "egress": egress, "action": action, "protocol": proto,
	"from_port": from, "to_port": to, "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": "0.0.0.0/0",
}

# input.facts.nacl_denies_all and acl_subnets are computed in Go by reach
# (reach.DeniesAll); each test supplies what reach produces for its entries.
inp(acl, directions, subnets) := {
	"network_acls": {"acl-1": object.union({"id": "acl-1", "vpc_id": "vpc-1"}, acl)},
	"facts": {"nacl_denies_all": {"acl-1": directions}, "acl_subnets": {"acl-1": subnets}},
}

# aws-semantics §2.3: a new custom NACL denies everything both ways.
test_fires_new_custom_nacl_both_directions if {
	acl := {"entries": [star(32767, false), star(32767, true)]}
	fs := findings with input as inp(acl, ["inbound", "outbound"], ["subnet-2", "subnet-1"])
	count(fs) == 2
	{f.key | some f in fs} == {"inbound", "outbound"}
	some f in fs
	f.key == "inbound"
	f.resource == {"type": "network_acl", "id": "acl-1"}
	f.message == "custom NACL acl-1 on subnets subnet-1, subnet-2 denies all inbound traffic (a new custom NACL has only the * deny)"
	f.evidence == {"direction": "inbound", "subnets": ["subnet-1", "subnet-2"], "allow_entries": []}
}

# aws-semantics §2.1: the allow at 200 comes after "deny 100 all": it never
# matches, so outbound denies all.
test_fires_allows_all_shadowed if {
	allow := entry(200, true, "allow", "tcp", 443, 443)
	acl := {"entries": [entry(100, true, "deny", "all", 0, 65535), allow, entry(100, false, "allow", "all", 0, 65535)]}
	fs := findings with input as inp(acl, ["outbound"], ["subnet-1"])
	count(fs) == 1
	some f in fs
	f.message == "custom NACL acl-1 on subnets subnet-1 denies all outbound traffic (every allow entry is shadowed by an earlier deny)"
	f.evidence.allow_entries == [allow]
}

# "not associated with a subnet until you explicitly associate it" (§2.3).
test_passes_unassociated_custom_nacl if {
	acl := {"entries": [star(32767, false), star(32767, true)]}
	fs := findings with input as inp(acl, ["inbound", "outbound"], [])
	count(fs) == 0
}

test_passes_default_nacl if {
	acl := {"is_default": true, "entries": [star(32767, false), star(32767, true)]}
	fs := findings with input as inp(acl, ["inbound", "outbound"], ["subnet-1"])
	count(fs) == 0
}

test_passes_nacl_with_allows if {
	acl := {"entries": [entry(100, false, "allow", "all", 0, 65535), entry(100, true, "allow", "all", 0, 65535)]}
	fs := findings with input as inp(acl, [], ["subnet-1"])
	count(fs) == 0
}
