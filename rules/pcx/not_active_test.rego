package vpclint.rules.pcx.not_active

pcx(status) := {
	"id": "pcx-1", "status": status,
	"requester": {"vpc_id": "vpc-a", "account_id": "111111111111"},
	"accepter": {"vpc_id": "vpc-b", "account_id": "222222222222"},
}

# input.facts.route_problems is computed in Go by reach (RouteProblems:
# inactive_peering for a route to a peering that is not active).
inp(pc, route_problems) := {"peering_connections": {pc.id: pc}, "facts": {"route_problems": route_problems}}

# aws-semantics §4: traffic flows only when active; a cross-account
# request nobody accepted carries nothing.
test_fires_pending_acceptance if {
	fs := findings with input as inp(pcx("pending-acceptance"), [])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "peering_connection", "id": "pcx-1"}
	f.message == "peering pcx-1 between vpc-a and vpc-b is pending-acceptance: the accepter has not accepted it, and traffic flows only over an active peering, so nothing will reach vpc-b from vpc-a or back"
	f.severity == "medium"
	f.key == "status"
	f.evidence.status_unknown == false
}

test_fires_dead_states if {
	every st in ["failed", "rejected", "expired"] {
		some f in findings with input as inp(pcx(st), [])
		f.severity == "high"
	}
	some f in findings with input as inp(pcx("deleted"), [])
	f.severity == "low"
}

# Terraform: auto_accept known only after apply; the scanner guesses
# pending-acceptance and marks status unknown.
test_fires_unknown_status_low if {
	pc := object.union(pcx("pending-acceptance"), {"unknown": ["status"]})
	some f in findings with input as inp(pc, [])
	f.severity == "low"
	contains(f.message, "(as far as can be known before apply)")
	f.evidence.status_unknown == true
}

test_passes_active_and_provisioning if {
	count(findings) == 0 with input as inp(pcx("active"), [])
	count(findings) == 0 with input as inp(pcx("provisioning"), [])
}

# A route to the peering makes it RT002's finding, at the route.
test_passes_routed_peering_is_rt002 if {
	p := {"table": "rtb-1", "route": "10.1.0.0/16 -> vpc_peering_connection pcx-1 (blackhole)", "kind": "inactive_peering", "target": "pcx-1", "detail": "x"}
	count(findings) == 0 with input as inp(pcx("pending-acceptance"), [p])
}

# A live route to a pending peering is already a blackhole: RT001's.
test_passes_blackhole_route_is_rt001 if {
	p := {"table": "rtb-1", "route": "10.1.0.0/16 -> vpc_peering_connection pcx-1 (blackhole)", "kind": "blackhole", "target": "pcx-1", "detail": "x"}
	count(findings) == 0 with input as inp(pcx("pending-acceptance"), [p])
}
