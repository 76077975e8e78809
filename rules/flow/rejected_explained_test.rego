package vpclint.rules.flow.rejected_explained

ping := {
	"id": "eni-b/ingress/icmp/172.31.5.10/172.31.9.20/0",
	"interface": "eni-b",
	"direction": "ingress",
	"verdict": "blocked",
	"resource": {"type": "security_group", "id": "sg-lab"},
	"code": "ENI_SG_RULES_MISMATCH",
	"message": "60 REJECT records (eni-b ingress icmp from 172.31.5.10): dropped by security group sg-lab inbound: no rule admits icmp",
}

test_blocked_reject_is_explained_at_its_component if {
	fs := findings with input as {"facts": {"flows": {"rejects": [ping]}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-lab"}
	f.severity == "low"
}

test_reject_the_configuration_allows_is_medium if {
	fs := findings with input as {"facts": {"flows": {"rejects": [object.union(ping, {"verdict": "not-explained", "resource": {"type": "network_interface", "id": "eni-b"}})]}}}
	some f in fs
	f.severity == "medium"
}

test_undecided_reject_is_unknown_not_explained if {
	fs := findings with input as {"facts": {"flows": {"rejects": [object.union(ping, {"verdict": "unknown"})]}}}
	some f in fs
	f.severity == "info"
}

test_no_flows_no_findings if {
	count(findings) == 0 with input as {"facts": {}}
}
