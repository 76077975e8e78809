package vpclint.rules.pcx.transit_route

# input.facts.route_problems is computed in Go by reach (RouteProblems: the
# destination is not within the peer's CIDRs); each test supplies what reach
# produces.
default_route := {"destination_cidr": "0.0.0.0/0", "target_type": "vpc_peering_connection", "target_id": "pcx-1", "state": "active", "source": {"file": "main.tf", "start_line": 12}}

problem(kind) := {
	"table": "rtb-1", "route": "0.0.0.0/0 -> vpc_peering_connection pcx-1 (active)", "kind": kind, "target": "pcx-1",
	"detail": "0.0.0.0/0 is not within vpc-b's CIDRs: a peer never forwards traffic onward (no transit, no edge-to-edge)",
}

inp(problems) := {
	"route_tables": {"rtb-1": {"id": "rtb-1", "vpc_id": "vpc-a", "routes": [default_route]}},
	"subnets": {"subnet-a": {"id": "subnet-a", "vpc_id": "vpc-a", "route_table_id": "rtb-1"}},
	"facts": {"route_problems": problems},
}

# aws-semantics §4: no edge-to-edge routing; the peer's IGW/NAT is not ours.
test_fires_default_route_to_peer if {
	fs := findings with input as inp([problem("peering_transit")])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "route_table", "id": "rtb-1"}
	f.message == "rtb-1 (subnets subnet-a) routes 0.0.0.0/0 through peering pcx-1, but 0.0.0.0/0 is not within vpc-b's CIDRs: a peer never forwards traffic onward (no transit, no edge-to-edge)"
	f.key == "0.0.0.0/0"
	f.evidence.route == default_route
	f.source == {"file": "main.tf", "start_line": 12}
}

# aws-semantics §4: non-transitive; a third VPC's CIDR through the hub.
test_fires_third_vpc_cidr if {
	p := {
		"table": "rtb-1", "route": "10.2.0.0/16 -> vpc_peering_connection pcx-1 (active)", "kind": "peering_transit", "target": "pcx-1",
		"detail": "10.2.0.0/16 is not within vpc-b's CIDRs: a peer never forwards traffic onward (no transit, no edge-to-edge)",
	}
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.key == "10.2.0.0/16"
	f.evidence.route == {}
	f.source == null
}

test_passes_other_route_problems if {
	fs := findings with input as inp([problem("inactive_peering"), problem("blackhole")])
	count(fs) == 0
}
