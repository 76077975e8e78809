package vpclint.rules.iam.trust_any_principal

stmt(principal, conds) := {
	"index": 0, "effect": "Allow", "principal": principal,
	"action": ["sts:AssumeRole"], "conditions": conds,
}

grant(value) := {"statement": 0, "effect": "Allow", "type": "AWS", "value": value, "class": "public"}

role(st, grants) := {"roles": {"r1": {
	"id": "r1", "name": "Open",
	"trust_policy": {"statements": [st], "analysis": {"grants": grants}},
}}}

cond(op, key, values) := {"operator": op, "base": op, "key": key, "values": values}

# aws-semantics §7.4: "Principal": "*" is normalised to {"AWS": ["*"]} and means
# any principal; Checkov only inspects Principal.AWS and misses the bare form.
test_fires_bare_star if {
	fs := findings with input as role(stmt({"AWS": ["*"]}, []), [grant("*")])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	contains(f.message, "role Open")
	contains(f.message, "statement 0")
	f.key == "0/AWS/*"
	f.evidence.grant.value == "*"
}

# A wildcard account in an ARN is classified public too.
test_fires_wildcard_account if {
	fs := findings with input as role(stmt({"AWS": ["arn:aws:iam::*:root"]}, []), [grant("arn:aws:iam::*:root")])
	count(fs) == 1
	some f in fs
	contains(f.message, "arn:aws:iam::*:root")
}

# aws-semantics §7.6: a negated operator is true for every other org, IfExists
# and ForAllValues are true when the key is absent, so none constrains.
test_fires_negated_or_ifexists_condition if {
	neg := cond("StringNotEquals", "aws:principalorgid", ["o-abc"])
	neg2 := object.union(neg, {"negated": true})
	ife := object.union(cond("StringEquals", "aws:principalorgid", ["o-abc"]), {"if_exists": true})
	fa := object.union(cond("StringEquals", "aws:principalarn", ["arn:aws:iam::1:role/x"]), {"qualifier": "ForAllValues"})
	count(findings) == 1 with input as role(stmt({"AWS": ["*"]}, [neg2]), [grant("*")])
	count(findings) == 1 with input as role(stmt({"AWS": ["*"]}, [ife]), [grant("*")])
	count(findings) == 1 with input as role(stmt({"AWS": ["*"]}, [fa]), [grant("*")])
}

test_fires_star_value_is_not_fixed if {
	fs := findings with input as role(stmt({"AWS": ["*"]}, [cond("StringLike", "aws:principalarn", ["*"])]), [grant("*")])
	count(fs) == 1
}

# aws-semantics §7.8: aws:PrincipalOrgID pinned to the org restricts the callers.
test_passes_org_condition if {
	fs := findings with input as role(stmt({"AWS": ["*"]}, [cond("StringEquals", "aws:principalorgid", ["o-abc123"])]), [grant("*")])
	count(fs) == 0
}

test_passes_external_id if {
	fs := findings with input as role(stmt({"AWS": ["*"]}, [cond("StringEquals", "sts:externalid", ["c0ffee"])]), [grant("*")])
	count(fs) == 0
}

test_passes_specific_account if {
	g := {"statement": 0, "effect": "Allow", "type": "AWS", "value": "111122223333", "class": "cross_account"}
	fs := findings with input as role(stmt({"AWS": ["111122223333"]}, []), [g])
	count(fs) == 0
}
