package vpclint.rules.flow.rule_too_wide

wide := {"group": "sg-web", "rule_id": "sgr-2", "direction": "ingress", "cidr": "0.0.0.0/0", "covering": "198.51.100.0/24", "peers": 12, "message": "sg-web inbound sgr-2 allows 0.0.0.0/0; every observed source is in 198.51.100.0/24"}

test_fires_on_wide_rule if {
	fs := findings with input as {"facts": {"flows": {"wide_rules": [wide]}}}
	count(fs) == 1
	some f in fs
	f.resource.id == "sg-web"
	f.key == "ingress/sgr-2"
}

test_passes_when_nothing_wide if {
	count(findings) == 0 with input as {"facts": {"flows": {"wide_rules": []}}}
}
