package vpclint.rules.iam.user_policy_attached

doc := {"statements": [{"index": 0, "effect": "Allow", "action": ["s3:GetObject"], "resource": ["*"]}]}

# FSBP IAM.2: a policy of the user's own, inline or attached, is reported.
test_fires_inline_and_attached if {
	inp := {"users": {"u1": {
		"id": "u1", "name": "alice",
		"inline_policies": [{"name": "read", "document": doc, "source": {"file": "iam.tf", "start_line": 12}}],
		"attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
	}}}
	fs := findings with input as inp
	count(fs) == 2
	{f.key | some f in fs} == {"inline/read", "managed/arn:aws:iam::aws:policy/ReadOnlyAccess"}
	some f in fs
	f.key == "inline/read"
	f.source.start_line == 12
	f.message == "user alice has inline policy read of its own; grant it through a group"
}

# Permissions received through a group are the recommended way.
test_passes_group_only if {
	inp := {
		"users": {"u1": {"id": "u1", "name": "alice", "group_ids": ["g1"]}},
		"groups": {"g1": {"id": "g1", "inline_policies": [{"name": "read", "document": doc}], "attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}},
	}
	count(findings) == 0 with input as inp
}

# Roles are not users.
test_passes_role if {
	count(findings) == 0 with input as {"roles": {"r": {"id": "r", "inline_policies": [{"name": "read", "document": doc}]}}}
}
