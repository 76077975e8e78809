package vpclint.rules.iam.trust_deleted_principal

role(effect, value, class) := {"roles": {"r1": {
	"id": "r1", "name": "Deploy",
	"trust_policy": {
		"statements": [{"index": 0, "effect": effect, "principal": {"AWS": [value]}, "action": ["sts:AssumeRole"]}],
		"analysis": {"grants": [{"statement": 0, "effect": effect, "type": "AWS", "value": value, "class": class}]},
	},
}}}

# aws-semantics §7.3: a deleted trusted role shows up as its AROA… unique ID.
test_fires_aroa if {
	fs := findings with input as role("Allow", "AROAEXAMPLEID1234567", "unique_id")
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	contains(f.message, "AROAEXAMPLEID1234567")
	f.key == "0/AROAEXAMPLEID1234567"
	f.evidence.statement.index == 0
}

test_fires_in_deny_too if {
	fs := findings with input as role("Deny", "AIDAEXAMPLEID1234567", "unique_id")
	count(fs) == 1
	some f in fs
	contains(f.message, "Deny statement")
}

test_passes_role_arn if {
	count(findings) == 0 with input as role("Allow", "arn:aws:iam::111122223333:role/ci", "same_account")
}
