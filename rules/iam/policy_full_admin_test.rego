package vpclint.rules.iam.policy_full_admin

doc(action, resource) := {"statements": [{"index": 0, "effect": "Allow", "action": action, "resource": resource}]}

# aws-semantics §7.7: "*" matches every action of every service.
test_fires_customer_managed if {
	fs := findings with input as {"policies": {"arn:aws:iam::1:policy/Admin": {"id": "arn:aws:iam::1:policy/Admin", "name": "Admin", "document": doc(["*"], ["*"])}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "policy", "id": "arn:aws:iam::1:policy/Admin"}
	contains(f.message, "policy Admin allows")
	f.key == "document/0"
}

test_fires_role_inline_star_colon_star if {
	inp := {"roles": {"r1": {"id": "r1", "name": "Ops", "inline_policies": [{"name": "all", "document": doc(["*:*"], ["*"])}]}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	f.key == "all/0"
	contains(f.message, "role Ops inline policy all")
}

test_passes_scoped_resource_or_action if {
	count(findings) == 0 with input as {"policies": {"p": {"id": "p", "document": doc(["*"], ["arn:aws:s3:::b/*"])}}}
	count(findings) == 0 with input as {"policies": {"p": {"id": "p", "document": doc(["s3:*"], ["*"])}}}
}

test_passes_aws_managed_and_service_linked if {
	count(findings) == 0 with input as {"policies": {"p": {"id": "p", "aws_managed": true, "document": doc(["*"], ["*"])}}}
	count(findings) == 0 with input as {"roles": {"r": {"id": "r", "service_linked": true, "inline_policies": [{"name": "x", "document": doc(["*"], ["*"])}]}}}
}

test_passes_deny if {
	d := {"statements": [{"index": 0, "effect": "Deny", "action": ["*"], "resource": ["*"]}]}
	count(findings) == 0 with input as {"policies": {"p": {"id": "p", "document": d}}}
}

# Users' and groups' inline policies are identity policies like a role's.
test_fires_user_and_group_inline if {
	inp := {
		"users": {"u1": {"id": "u1", "name": "alice", "inline_policies": [{"name": "all", "document": doc(["*"], ["*"])}]}},
		"groups": {"g1": {"id": "g1", "name": "ops", "inline_policies": [{"name": "all", "document": doc(["*"], ["*"])}, {"name": "s3", "document": doc(["s3:GetObject"], ["*"])}]}},
	}
	fs := findings with input as inp
	{f.resource | some f in fs} == {{"type": "user", "id": "u1"}, {"type": "group", "id": "g1"}}
	some f in fs
	contains(f.message, "user alice inline policy all")
}

# A user's inline policy written in its own resource (aws_iam_user_policy)
# is reported there, not at the user (issue #12 item 4).
test_user_inline_policy_at_its_source if {
	src := {"file": "main.tf", "line": 40}
	inp := {"users": {"u1": {"id": "u1", "name": "alice", "inline_policies": [{"name": "all", "document": doc(["*"], ["*"]), "source": src}]}}}
	some f in findings with input as inp
	f.source == src
}
