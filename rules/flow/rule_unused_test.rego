package vpclint.rules.flow.rule_unused

unused := {"group": "sg-web", "rule_id": "sgr-1", "direction": "ingress", "state": "unused", "message": "sg-web inbound sgr-1 (tcp/8080 from 10.0.0.0/8) admitted no observed flow"}

test_fires_on_unused_rule if {
	fs := findings with input as {"facts": {"flows": {"rule_use": [unused]}}}
	count(fs) == 1
	some f in fs
	f.key == "ingress/sgr-1"
	f.related[0].id == "sgr-1"
}

test_passes_on_used_rule if {
	count(findings) == 0 with input as {"facts": {"flows": {"rule_use": [object.union(unused, {"state": "used"})]}}}
}

test_fires_info_when_group_uncovered if {
	fs := findings with input as {"facts": {"flows": {"rule_use": [{"group": "sg-web", "rule_id": "", "direction": "", "state": "unknown", "message": "no flow log covers"}]}}}
	some f in fs
	f.severity == "info"
	f.key == "coverage"
}
