package vpclint.rules.iam.policy_service_wildcard

pol(sts) := {"policies": {"arn:p": {"id": "arn:p", "name": "App", "document": {"statements": sts}}}}

allow(i, actions) := {"index": i, "effect": "Allow", "action": actions, "resource": ["*"]}

# aws-semantics §7.7: actions are case-insensitive, "S3:*" is "s3:*".
test_fires_one_per_action if {
	fs := findings with input as pol([allow(0, ["s3:*", "logs:*"]), allow(1, ["S3:*"])])
	count(fs) == 2
	some f in fs
	f.key == "document/s3:*"
	f.evidence.action == "s3:*"
	count(f.evidence.statements) == 2
	not f.severity
}

test_fires_iam_as_high if {
	fs := findings with input as pol([allow(0, ["iam:*"])])
	count(fs) == 1
	some f in fs
	f.severity == "high"
	contains(f.message, "policy App allows iam:*")
}

test_fires_role_inline if {
	inp := {"roles": {"r": {"id": "r", "name": "R", "inline_policies": [{"name": "x", "document": {"statements": [allow(0, ["sts:*"])]}}]}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r"}
	f.severity == "high"
}

test_passes_specific_and_partial_wildcards if {
	count(findings) == 0 with input as pol([allow(0, ["s3:GetObject", "s3:Get*", "*"])])
}

test_passes_deny if {
	count(findings) == 0 with input as pol([{"index": 0, "effect": "Deny", "action": ["s3:*"], "resource": ["*"]}])
}
