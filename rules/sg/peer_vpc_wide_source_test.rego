package vpclint.rules.sg.peer_vpc_wide_source

rule(proto, from, to, cidr) := {
	"rule_id": "sgr-1", "protocol": proto, "from_port": from, "to_port": to,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr,
}

used := [{"id": "subnet-b1", "cidr": "10.1.1.0/24", "interfaces": 2}]

# input.facts.peer_wide_ingress is computed in Go (facts.peerWideIngress:
# the rule's source covers a whole peer VPC block); each test supplies it.
inp(r, narrower) := {
	"security_groups": {"sg-1": {"id": "sg-1", "name": "db", "vpc_id": "vpc-a", "ingress": [r]}},
	"facts": {"peer_wide_ingress": [{"group_id": "sg-1", "rule": r, "peering": "pcx-1", "peer_vpc": "vpc-b", "peer_cidr": "10.1.0.0/16", "used": narrower}]},
}

test_fires_ssh_and_postgres_from_peer_vpc if {
	r := rule("tcp", 0, 65535, "10.1.0.0/16")
	fs := findings with input as inp(r, used)
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	contains(f.message, "sg-1 (db) admits ")
	contains(f.message, "SSH (tcp/22)")
	contains(f.message, "PostgreSQL (tcp/5432)")
	endswith(f.message, "from 10.1.0.0/16, which covers all of vpc-b (10.1.0.0/16) across peering pcx-1; only subnet-b1 (10.1.1.0/24) of it has interfaces: admit those CIDRs instead")
	f.key == "sgr-1/10.1.0.0/16"
	f.evidence.narrower == used
}

test_fires_rdp_no_interfaces if {
	fs := findings with input as inp(rule("tcp", 3389, 3389, "10.0.0.0/8"), [])
	some f in fs
	f.message == "sg-1 (db) admits RDP (tcp/3389) from 10.0.0.0/8, which covers all of vpc-b (10.1.0.0/16) across peering pcx-1; no subnet of vpc-b in it has an interface: nothing there needs the port yet"
}

test_fires_all_traffic if {
	fs := findings with input as inp(rule("all", 0, 65535, "10.1.0.0/16"), used)
	count(fs) == 1
}

# HTTPS from the peer is not an admin or database port; UDP reaches none.
test_passes_other_ports if {
	count(findings) == 0 with input as inp(rule("tcp", 443, 443, "10.1.0.0/16"), used)
	count(findings) == 0 with input as inp(rule("udp", 0, 65535, "10.1.0.0/16"), used)
}

test_passes_no_fact if {
	r := rule("tcp", 22, 22, "10.1.1.0/24")
	count(findings) == 0 with input as object.union(inp(r, used), {"facts": {"peer_wide_ingress": []}})
}
