package vpclint.rules.iam.trust_not_principal

role(st) := {"roles": {"r1": {"id": "r1", "name": "Odd", "trust_policy": {"statements": [st]}}}}

# aws-semantics §7.4: Allow + NotPrincipal grants everyone else, anonymous included,
# and is not allowed in trust policies.
test_fires_allow_not_principal if {
	st := {"index": 0, "effect": "Allow", "not_principal": {"AWS": ["arn:aws:iam::111122223333:role/x"]}, "action": ["sts:AssumeRole"]}
	fs := findings with input as role(st)
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	contains(f.message, "role Odd")
	f.key == "0"
	f.evidence.statement.not_principal.AWS[0] == "arn:aws:iam::111122223333:role/x"
}

test_passes_deny_not_principal if {
	st := {"index": 0, "effect": "Deny", "not_principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "action": ["sts:AssumeRole"]}
	count(findings) == 0 with input as role(st)
}

test_passes_plain_principal if {
	st := {"index": 0, "effect": "Allow", "principal": {"Service": ["ec2.amazonaws.com"]}, "action": ["sts:AssumeRole"]}
	count(findings) == 0 with input as role(st)
}
