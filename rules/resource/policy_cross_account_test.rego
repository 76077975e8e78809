package vpclint.rules.resource.policy_cross_account

doc(grants) := {"statements": [{"index": 0, "effect": "Allow", "action": ["kms:Decrypt"]}], "analysis": {"grants": grants}}

grant(class, account) := {"statement": 0, "effect": "Allow", "type": "AWS", "value": sprintf("arn:aws:iam::%s:root", [account]), "class": class, "account": account}

test_fires_other_account if {
	r := {"id": "k", "account": "111122223333", "service": "kms", "resource_type": "key", "name": "k1", "policy": doc([grant("cross_account", "444455556666")])}
	fs := findings with input as {"resource_policies": {"k": r}}
	count(fs) == 1
	some f in fs
	f.message == "key k1 policy grants arn:aws:iam::444455556666:root (account 444455556666, outside 111122223333) access (statement 0)"
	not f.severity
	f.evidence.statement.index == 0
}

# Terraform before apply: the owner is unknown, reported low.
test_fires_low_unknown_owner if {
	r := {"id": "k", "service": "kms", "resource_type": "key", "policy": doc([grant("cross_account", "444455556666")])}
	fs := findings with input as {"resource_policies": {"k": r}}
	some f in fs
	f.severity == "low"
}

test_passes_same_account_public_and_deny if {
	deny := object.union(grant("cross_account", "444455556666"), {"effect": "Deny"})
	np := object.union(grant("cross_account", "444455556666"), {"not_principal": true})
	r := {"id": "k", "account": "111122223333", "service": "kms", "resource_type": "key", "policy": doc([grant("same_account", "111122223333"), grant("public", ""), deny, np])}
	count(findings) == 0 with input as {"resource_policies": {"k": r}}
}
