package vpclint.rules.rt.inactive_peering

# input.facts.route_problems is computed in Go by reach (RouteProblems);
# each test supplies what reach produces for its routes.
pcx_route := {"destination_cidr": "10.1.0.0/16", "target_type": "vpc_peering_connection", "target_id": "pcx-1", "state": "active"}

problem(kind) := {
	"table": "rtb-1", "route": "10.1.0.0/16 -> vpc_peering_connection pcx-1 (active)", "kind": kind,
	"target": "pcx-1", "detail": "the peering is rejected; traffic flows only over an active peering",
}

inp(problems, status) := {
	"route_tables": {"rtb-1": {"id": "rtb-1", "vpc_id": "vpc-1", "routes": [pcx_route]}},
	"subnets": {"subnet-a": {"id": "subnet-a", "vpc_id": "vpc-1", "route_table_id": "rtb-1"}},
	"peering_connections": {"pcx-1": {"id": "pcx-1", "status": status}},
	"facts": {"route_problems": problems},
}

# aws-semantics §4: traffic flows only when the peering is active.
test_fires_rejected_peering if {
	fs := findings with input as inp([problem("inactive_peering")], "rejected")
	count(fs) == 1
	some f in fs
	f.resource == {"type": "route_table", "id": "rtb-1"}
	f.message == "rtb-1 (subnets subnet-a) routes 10.1.0.0/16 to peering pcx-1, which is rejected: traffic flows only over an active peering, so traffic to 10.1.0.0/16 is dropped"
	f.key == "10.1.0.0/16"
	f.evidence.route == pcx_route
	f.evidence.peering_status == "rejected"
	f.related == [{"type": "peering_connection", "id": "pcx-1", "description": "rejected"}]
}

test_fires_peering_missing_from_input_status if {
	inp2 := object.remove(inp([problem("inactive_peering")], "x"), ["peering_connections"])
	fs := findings with input as inp2
	count(fs) == 1
	some f in fs
	contains(f.message, "which is not active")
}

# A pending peering's route is a blackhole (§4); RT001 reports that one.
test_passes_blackhole_kind if {
	fs := findings with input as inp([problem("blackhole")], "pending-acceptance")
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([], "active")
	count(fs) == 0
}
