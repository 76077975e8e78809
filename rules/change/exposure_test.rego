package vpclint.rules.change.exposure

gained := {"kind": "exposure", "source": "internet", "destination": "i-db", "protocol": "tcp", "values": "5432", "causes": [], "message": "internet -> i-db on tcp/5432 is newly reachable"}

test_fires_on_new_internet_access if {
	fs := findings with input as {"facts": {"changes": [gained]}}
	some f in fs
	f.severity == "high"
}

test_fires_internal_as_medium if {
	fs := findings with input as {"facts": {"changes": [object.union(gained, {"source": "i-web"})]}}
	some f in fs
	f.severity == "medium"
}

test_passes_on_breakage_only if {
	count(findings) == 0 with input as {"facts": {"changes": [object.union(gained, {"kind": "breakage"})]}}
}
