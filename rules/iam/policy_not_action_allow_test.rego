package vpclint.rules.iam.policy_not_action_allow

pol(st) := {"policies": {"arn:p": {"id": "arn:p", "name": "App", "document": {"statements": [st]}}}}

# aws-semantics §7.5: Allow + NotAction = everything else in every service.
test_fires_allow_not_action if {
	fs := findings with input as pol({"index": 0, "effect": "Allow", "not_action": ["iam:*"], "resource": ["*"]})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "policy", "id": "arn:p"}
	contains(f.message, "every action except [\"iam:*\"]")
	f.key == "document/0"
}

test_fires_role_inline if {
	inp := {"roles": {"r": {"id": "r", "name": "R", "inline_policies": [{"name": "x", "document": {"statements": [{"index": 2, "effect": "Allow", "not_action": ["s3:DeleteBucket"], "resource": ["arn:aws:s3:::*"]}]}}]}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.key == "x/2"
}

# aws-semantics §7.5: Deny + NotAction denies everything else; it grants nothing.
test_passes_deny_not_action if {
	count(findings) == 0 with input as pol({"index": 0, "effect": "Deny", "not_action": ["iam:*"], "resource": ["*"]})
}

test_passes_plain_action if {
	count(findings) == 0 with input as pol({"index": 0, "effect": "Allow", "action": ["s3:GetObject"], "resource": ["*"]})
}
