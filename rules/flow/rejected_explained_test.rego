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

test_fires_at_the_blocking_component if {
	fs := findings with input as {"facts": {"flows": {"rejects": [ping]}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-lab"}
	f.severity == "low"
}

test_fires_medium_when_the_configuration_allows_it if {
	fs := findings with input as {"facts": {"flows": {"rejects": [object.union(ping, {"verdict": "not-explained", "resource": {"type": "network_interface", "id": "eni-b"}})]}}}
	some f in fs
	f.severity == "medium"
}

test_fires_info_when_undecided if {
	fs := findings with input as {"facts": {"flows": {"rejects": [object.union(ping, {"verdict": "unknown"})]}}}
	some f in fs
	f.severity == "info"
}

test_passes_without_flows if {
	count(findings) == 0 with input as {"facts": {}}
}
