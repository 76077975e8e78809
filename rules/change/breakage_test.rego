package vpclint.rules.change.breakage

lost := {"kind": "breakage", "source": "i-web", "destination": "i-db", "protocol": "tcp", "values": "5432", "causes": ["network-acl acl-1 inbound rule 90 deny tcp 5432-5432 10.0.0.0/8 (new)"], "message": "i-web -> i-db on tcp/5432 worked before and is blocked after: network-acl acl-1 inbound rule 90 deny tcp 5432-5432 10.0.0.0/8 (new)"}

test_fires_on_lost_traffic if {
	fs := findings with input as {"facts": {"changes": [lost]}}
	count(fs) == 1
	some f in fs
	f.resource.id == "i-web->i-db"
	contains(f.message, "(new)")
}

test_passes_on_new_exposure_only if {
	count(findings) == 0 with input as {"facts": {"changes": [object.union(lost, {"kind": "exposure"})]}}
}

# The finding points at the blocking component in the after input, else
# at the destination instance.
test_points_at_the_blocking_component if {
	acl := {"id": "acl-1", "source": {"file": "main.tf", "start_line": 12, "end_line": 20}}
	inst := {"id": "i-db", "source": {"file": "main.tf", "start_line": 30, "end_line": 40}}
	c := object.union(lost, {"components": [{"type": "network-acl", "id": "acl-1"}]})
	fs := findings with input as {"facts": {"changes": [c]}, "network_acls": [acl], "instances": [inst]}
	some f in fs
	f.source.start_line == 12
	gs := findings with input as {"facts": {"changes": [lost]}, "network_acls": [acl], "instances": [inst]}
	some g in gs
	g.source.start_line == 30
}
