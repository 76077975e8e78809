package vpclint.rules.nacl.pmtu_blocked

# input.facts.nacl_pmtu_blocked and acl_subnets are computed in Go by reach
# (reach.PMTUBlocked: ICMP 3/4 from an internet address denied while TCP is
# admitted); each test supplies what reach produces.
inp(directions, subnets) := {
	"network_acls": {"acl-1": {"id": "acl-1", "vpc_id": "vpc-1", "entries": []}},
	"facts": {"nacl_pmtu_blocked": {"acl-1": directions}, "acl_subnets": {"acl-1": subnets}},
}

# aws-semantics §2.5: allow ICMP 3/4 in both directions or large packets
# black-hole.
test_fires_inbound if {
	fs := findings with input as inp(["inbound"], ["subnet-1"])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "network_acl", "id": "acl-1"}
	f.key == "inbound"
	f.message == "acl-1 (subnets subnet-1) drops inbound ICMP type 3 code 4 (fragmentation needed) from the internet while admitting TCP: Path MTU discovery fails and large packets black-hole"
	f.evidence == {"direction": "inbound", "subnets": ["subnet-1"], "icmp_type": 3, "icmp_code": 4}
}

test_fires_both_directions if {
	fs := findings with input as inp(["inbound", "outbound"], ["subnet-2", "subnet-1"])
	count(fs) == 2
	some f in fs
	f.key == "outbound"
	f.message == "acl-1 (subnets subnet-1, subnet-2) drops outbound ICMP type 3 code 4 (fragmentation needed) to the internet while admitting TCP: Path MTU discovery fails and large packets black-hole"
}

test_passes_unused_acl if {
	fs := findings with input as inp(["inbound", "outbound"], [])
	count(fs) == 0
}

test_passes_icmp_allowed if {
	fs := findings with input as inp([], ["subnet-1"])
	count(fs) == 0
}
