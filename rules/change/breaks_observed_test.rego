package vpclint.rules.change.breaks_observed

broken := {"id": "eni-db/ingress/tcp/10.0.1.5/10.0.2.9/5432", "change": "dropped", "resource": {"type": "network_acl", "id": "acl-new"}, "message": "tcp/5432 from 10.0.1.5 to eni-db (1,204 records, accepted until 2026-11-30T10:14Z) would be dropped by network ACL acl-new inbound rule 50 deny"}

test_fires_on_replayed_flow_dropped_after if {
	fs := findings with input as {"facts": {"flows": {"breaks": [broken]}}}
	count(fs) == 1
	some f in fs
	f.severity == "high"
	f.resource.id == "acl-new"
}

test_fires_low_when_undecided_after_change if {
	fs := findings with input as {"facts": {"flows": {"breaks": [object.union(broken, {"change": "unknown"})]}}}
	some f in fs
	f.severity == "low"
}

test_passes_without_breaks if {
	count(findings) == 0 with input as {"facts": {"flows": {"breaks": []}}}
}
