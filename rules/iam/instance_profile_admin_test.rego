package vpclint.rules.iam.instance_profile_admin

admin_arn := "arn:aws:iam::aws:policy/AdministratorAccess"

# AdministratorAccess counts even when the AWS-managed policy is not in input.policies.
test_fires_attached_admin_with_instance if {
	inp := {
		"roles": {"r1": {"id": "r1", "name": "web", "attached_policy_arns": [admin_arn], "instance_profile_ids": ["ip-1"]}},
		"instances": {"i-1": {"id": "i-1", "role_ids": ["r1"]}, "i-2": {"id": "i-2", "role_ids": ["r9"]}},
		"facts": {"role_instances": {"r1": ["i-1"], "r9": ["i-2"]}},
	}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	f.evidence.instances == ["i-1"]
	contains(f.message, "role web has administrator access")
}

# aws-semantics §7.7: "*" on "*" in a customer-managed attached policy is admin.
test_fires_managed_star_policy if {
	inp := {
		"roles": {"r1": {"id": "r1", "attached_policy_arns": ["arn:aws:iam::1:policy/All"], "instance_profile_ids": ["ip-1"]}},
		"policies": {"arn:aws:iam::1:policy/All": {"id": "arn:aws:iam::1:policy/All", "document": {"statements": [{"index": 0, "effect": "Allow", "action": ["*"], "resource": ["*"]}]}}},
	}
	count(findings) == 1 with input as inp
}

test_passes_admin_without_profile if {
	count(findings) == 0 with input as {"roles": {"r1": {"id": "r1", "attached_policy_arns": [admin_arn]}}}
}

test_passes_non_admin_profile if {
	inp := {"roles": {"r1": {"id": "r1", "attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "instance_profile_ids": ["ip-1"]}}}
	count(findings) == 0 with input as inp
}
