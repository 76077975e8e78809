package vpclint.rules.pcx.overlapping_cidrs

# input.facts.peering_problems and overlapping_peers are computed in Go by
# reach (PeeringProblems, OverlappingPeers); each test supplies what reach
# produces.
inp(problems, peers) := {"facts": {"peering_problems": problems, "overlapping_peers": peers}}

overlap := {"peering": "pcx-1", "kind": "overlapping_cidrs", "detail": "10.0.0.0/16 (vpc-a) overlaps 10.0.128.0/17 (vpc-b)"}

# aws-semantics §4: no peering between overlapping CIDRs.
test_fires_overlapping_peering if {
	fs := findings with input as inp([overlap], {})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "peering_connection", "id": "pcx-1"}
	f.message == "peering pcx-1 connects VPCs whose CIDRs overlap: 10.0.0.0/16 (vpc-a) overlaps 10.0.128.0/17 (vpc-b); AWS does not create or route such a peering"
	f.key == "overlap"
	f.evidence.problem == overlap
}

# aws-semantics §4: a hub peered with two spokes that overlap each other.
test_fires_overlapping_peers if {
	ov := "10.1.0.0/16 (vpc-b) overlaps 10.1.0.0/16 (vpc-c)"
	fs := findings with input as inp([], {"vpc-a": [ov]})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc", "id": "vpc-a"}
	f.message == "vpc-a is peered with two VPCs whose CIDRs overlap: 10.1.0.0/16 (vpc-b) overlaps 10.1.0.0/16 (vpc-c); a route sends each overlapping address to only one of them, so the other is unreachable there"
	f.key == ov
}

test_fires_both_kinds if {
	fs := findings with input as inp([overlap], {"vpc-a": ["x overlaps y", "y overlaps z"]})
	count(fs) == 3
	{f.resource.type | some f in fs} == {"peering_connection", "vpc"}
}

test_passes_routes_problems_only if {
	p := {"peering": "pcx-1", "kind": "no_routes", "detail": "neither VPC routes anything through the peering"}
	fs := findings with input as inp([p], {})
	count(fs) == 0
}
