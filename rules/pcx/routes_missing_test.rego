package vpclint.rules.pcx.routes_missing

# input.facts.peering_problems is computed in Go by reach (PeeringProblems);
# each test supplies what reach produces.
inp(problems) := {
	"peering_connections": {"pcx-1": {
		"id": "pcx-1", "status": "active",
		"requester": {"vpc_id": "vpc-a", "cidr_blocks": ["10.0.0.0/16"]},
		"accepter": {"vpc_id": "vpc-b", "cidr_blocks": ["10.1.0.0/16"]},
	}},
	"facts": {"peering_problems": problems},
}

one_side := {"peering": "pcx-1", "kind": "one_side", "missing": "vpc-b", "detail": "vpc-a has routes to the peering but vpc-b has none back: replies cannot return"}

# aws-semantics §4: "you must add a route ... for both instances".
test_fires_one_side if {
	fs := findings with input as inp([one_side])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "peering_connection", "id": "pcx-1"}
	f.message == "peering pcx-1 between vpc-a and vpc-b has routes on one side only: no route table of vpc-b sends anything through it, so replies from vpc-b cannot return"
	f.key == "routes/vpc-b"
	f.evidence == {"problem": one_side, "requester_vpc": "vpc-a", "accepter_vpc": "vpc-b"}
}

test_fires_no_routes if {
	p := {"peering": "pcx-1", "kind": "no_routes", "detail": "neither VPC routes anything through the peering"}
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.message == "peering pcx-1 between vpc-a and vpc-b is active but neither VPC routes anything through it: no traffic can use it"
	f.key == "routes/both"
}

test_passes_overlap_is_pcx002 if {
	p := {"peering": "pcx-1", "kind": "overlapping_cidrs", "detail": "10.0.0.0/16 (vpc-a) overlaps 10.0.0.0/16 (vpc-b)"}
	fs := findings with input as inp([p])
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([])
	count(fs) == 0
}
