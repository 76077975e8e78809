package vpclint.rules.resource.policy_public

policy(public) := {"statements": [{"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]}, "action": ["sqs:SendMessage"]}], "analysis": {"public": public, "public_statements": [0 | public]}}

# The analysis (iampolicy.IsPublicFor) decides; the rule names the resource.
test_fires_public if {
	fs := findings with input as {"resource_policies": {"q": {"id": "q", "service": "sqs", "resource_type": "queue", "name": "jobs", "policy": policy(true)}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "resource_policy", "id": "q"}
	f.message == "queue jobs policy grants public access (statements [0])"
	f.evidence.public_statements[0].index == 0
}

test_passes_not_public if {
	count(findings) == 0 with input as {"resource_policies": {"q": {"id": "q", "service": "sqs", "resource_type": "queue", "policy": policy(false)}}}
}
