package vpclint.rules.sg.stale_reference

ref_rule(id, group) := {
	"rule_id": id, "protocol": "tcp", "from_port": 5432, "to_port": 5432,
	"icmp_type": -1, "icmp_code": -1, "referenced_group": {"group_id": group},
}

# input.facts.stale_references is computed in Go by reach (StaleReferences);
# each test supplies what reach produces.
inp(refs) := {
	"security_groups": {"sg-1": {
		"id": "sg-1", "name": "db", "vpc_id": "vpc-1",
		"ingress": [ref_rule("sgr-in", "sg-gone")],
		"egress": [ref_rule("sgr-out", "sg-far")],
	}},
	"facts": {"stale_references": refs},
}

missing := {"group": "sg-1", "rule": "sgr-in", "kind": "missing", "referenced": "sg-gone", "detail": "rule sgr-in references sg-gone, which is not in the snapshot (deleted, or in another account); it admits nothing that can be verified"}

inter := {"group": "sg-1", "rule": "sgr-out", "kind": "inter_region", "referenced": "sg-far", "detail": "rule sgr-out references sg-far across the inter-Region peering pcx-1: group references never match across Regions; use the peer VPC's CIDR"}

# aws-semantics §1.3 (stale rules) and §4 (unknown ⇒ flag, not allow).
test_fires_missing_group if {
	fs := findings with input as inp([missing])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	f.message == "sg-1 (db) inbound rule sgr-in references sg-gone, which is not in the snapshot: it was deleted, or it is in an account that was not read; what the rule admits is unknown and is not assumed to work"
	f.key == "sgr-in"
	f.evidence == {"reference": missing, "rule": ref_rule("sgr-in", "sg-gone")}
	f.related == [{"type": "security_group", "id": "sg-gone", "description": "not in the snapshot"}]
}

# aws-semantics §1.3: no group references across an inter-Region peering.
test_fires_inter_region if {
	fs := findings with input as inp([inter])
	count(fs) == 1
	some f in fs
	f.message == "sg-1 (db) outbound rule sgr-out references sg-far, a group across an inter-Region peering: group references never match across Regions, so the rule admits nothing (use the peer VPC's CIDR)"
	f.key == "sgr-out"
	f.evidence.rule == ref_rule("sgr-out", "sg-far")
}

test_fires_both_and_unknown_group_input if {
	other := object.union(missing, {"group": "sg-9", "rule": "sgr-x"})
	fs := findings with input as inp([missing, inter, other])
	count(fs) == 3
	some f in fs
	f.resource.id == "sg-9"
	f.message == "sg-9 rule sgr-x references sg-gone, which is not in the snapshot: it was deleted, or it is in an account that was not read; what the rule admits is unknown and is not assumed to work"
	f.evidence.rule == {}
}

test_passes_no_stale_references if {
	fs := findings with input as inp([])
	count(fs) == 0
}
