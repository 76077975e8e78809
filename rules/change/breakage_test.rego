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
