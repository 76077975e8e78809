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

# A trust-policy finding points at where the policy is written: the
# aws_iam_policy_document it reads, else the assume_role_policy line, else
# the role (null: the engine uses the role's own source).
test_source_where_the_trust_policy_is_written if {
	st := {"index": 0, "effect": "Allow", "not_principal": {"AWS": ["arn:aws:iam::111122223333:role/x"]}, "action": ["sts:AssumeRole"]}
	doc := {"file": "iam.tf", "start_line": 20, "end_line": 30, "address": "data.aws_iam_policy_document.trust"}
	role_src := {"file": "iam.tf", "start_line": 35, "end_line": 38, "lines": {"trust_policy": 37}}
	r := role(st).roles.r1
	inp := {"roles": {"r1": object.union(r, {"source": role_src, "trust_policy_source": doc})}}
	some f1 in findings with input as inp
	f1.source == doc
	inline := {"roles": {"r1": object.union(r, {"source": role_src})}}
	some f2 in findings with input as inline
	f2.source.start_line == 37
	f2.source.end_line == 37
	some f3 in findings with input as role(st)
	f3.source == null
}
