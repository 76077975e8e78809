package vpclint.rules.iam.trust_cross_account_no_external_id

grant := {"statement": 0, "effect": "Allow", "type": "AWS", "value": "arn:aws:iam::999988887777:root", "class": "cross_account", "account": "999988887777"}

role(actions, conds) := {"roles": {"r1": {
	"id": "r1", "name": "VendorRole",
	"trust_policy": {
		"statements": [{"index": 0, "effect": "Allow", "principal": {"AWS": [grant.value]}, "action": actions, "conditions": conds}],
		"analysis": {"grants": [grant]},
	},
}}}

# aws-semantics §7.8: a foreign-account AWS principal without sts:ExternalId is
# the vendor confused-deputy pattern.
test_fires_plain_cross_account if {
	fs := findings with input as role(["sts:AssumeRole"], [])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	contains(f.message, "999988887777")
	contains(f.message, "statement 0")
	f.evidence.grant.account == "999988887777"
}

# aws-semantics §7.7: actions are case-insensitive and wildcards count.
test_fires_wildcard_and_case if {
	count(findings) == 1 with input as role(["STS:assumerole"], [])
	count(findings) == 1 with input as role(["sts:*"], [])
	count(findings) == 1 with input as role(["*"], [])
}

# aws-semantics §7.6: a negated ExternalId condition does not require the id.
test_fires_negated_external_id if {
	c := {"operator": "StringNotEquals", "base": "StringNotEquals", "negated": true, "key": "sts:externalid", "values": ["x"]}
	count(findings) == 1 with input as role(["sts:AssumeRole"], [c])
}

test_passes_with_external_id if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "sts:externalid", "values": ["c0ffee"]}
	count(findings) == 0 with input as role(["sts:AssumeRole"], [c])
}

# An organisation-internal trust is not the vendor pattern.
test_passes_org_internal if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:principalorgid", "values": ["o-abc"]}
	count(findings) == 0 with input as role(["sts:AssumeRole"], [c])
}

test_passes_other_action if {
	count(findings) == 0 with input as role(["sts:TagSession"], [])
}
