package vpclint.rules.nacl.return_path_blocked

entry(n, egress, action, proto, from, to, cidr) := {
	"rule_number": n, "egress": egress, "action": action, "protocol": proto,
	"from_port": from, "to_port": to, "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr,
}

# input.facts.nacl_return_gaps and acl_subnets are computed in Go by reach
# (reach.ReturnGaps); each test supplies what reach produces for its entries.
inp(entries, gaps, subnets) := {
	"network_acls": {"acl-1": {"id": "acl-1", "vpc_id": "vpc-1", "entries": entries}},
	"facts": {"nacl_return_gaps": {"acl-1": gaps}, "acl_subnets": {"acl-1": subnets}},
}

gap(side, n, ports, denied, full, by) := {
	"side": side, "rule_number": n, "protocol": "tcp", "ports": ports, "cidr": "0.0.0.0/0",
	"denied": denied, "full": full, "denied_by": by,
}

# aws-semantics §2.1, §2.4: stateless; inbound 443 is allowed, but outbound
# has only "allow 100 tcp/443" and the "*" deny, so the SYN-ACK to the
# client's ephemeral port is dropped.
test_fires_server_side_full if {
	entries := [entry(100, false, "allow", "tcp", 443, 443, "0.0.0.0/0"), entry(100, true, "allow", "tcp", 443, 443, "0.0.0.0/0")]
	g := gap("server", 100, "443", "32768-61000", true, [32767])
	fs := findings with input as inp(entries, [g], ["subnet-web"])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "network_acl", "id": "acl-1"}
	f.message == "acl-1 (subnets subnet-web): inbound rule 100 admits tcp/443 from 0.0.0.0/0 but outbound replies to ephemeral ports 32768-61000 are denied (by rules *): connections hang"
	f.key == "inbound/100"
	not "severity" in object.keys(f)
	f.evidence.gap == g
	f.evidence.entry == entries[0]
}

# The mirror: an outbound client allow whose replies are denied inbound.
test_fires_client_side_full if {
	entries := [entry(120, true, "allow", "tcp", 443, 443, "0.0.0.0/0"), entry(110, false, "deny", "tcp", 1024, 65535, "0.0.0.0/0")]
	g := gap("client", 120, "443", "32768-61000", true, [110])
	fs := findings with input as inp(entries, [g], ["subnet-app", "subnet-api"])
	count(fs) == 1
	some f in fs
	f.message == "acl-1 (subnets subnet-api, subnet-app): outbound rule 120 lets tcp/443 requests out to 0.0.0.0/0 but inbound replies to ephemeral ports 32768-61000 are denied (by rules 110): connections hang"
	f.key == "outbound/120"
	f.evidence.entry == entries[0]
}

# Only part of the Linux range is denied: medium, and it says which ports.
test_fires_partial_medium if {
	g := gap("server", 100, "80", "50001-61000", false, [90, 32767])
	fs := findings with input as inp([], [g], ["subnet-web"])
	count(fs) == 1
	some f in fs
	f.severity == "medium"
	f.message == "acl-1 (subnets subnet-web): inbound rule 100 admits tcp/80 from 0.0.0.0/0 but outbound replies to ephemeral ports 50001-61000 (of 32768-61000) are denied (by rules 90, *): connections whose client picks one of those ports hang"
	f.evidence.entry == {}
}

test_passes_unused_acl if {
	g := gap("server", 100, "443", "32768-61000", true, [32767])
	fs := findings with input as inp([], [g], [])
	count(fs) == 0
}

test_passes_no_gaps if {
	entries := [entry(100, false, "allow", "tcp", 443, 443, "0.0.0.0/0"), entry(100, true, "allow", "tcp", 1024, 65535, "0.0.0.0/0")]
	fs := findings with input as inp(entries, [], ["subnet-web"])
	count(fs) == 0
}
