package vpclint.rules.iam.trust_source_condition_unsatisfiable

role(stmts, grants) := {"roles": {"r1": {
	"id": "r1", "name": "EC2-SSM-Role",
	"trust_policy": {"statements": stmts, "analysis": {"grants": grants}},
}}}

stmt(i, service, conds) := {"index": i, "effect": "Allow", "principal": {"Service": [service]}, "action": ["sts:AssumeRole"], "conditions": conds}

grant(i, service) := {"statement": i, "effect": "Allow", "type": "Service", "value": service, "class": "service"}

source_account := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:sourceaccount", "values": ["111122223333"]}

# aws-semantics §7.6: a non-negated operator on a missing key is false, and
# §7.8: EC2 does not send aws:SourceAccount, so the statement never applies.
test_fires_ec2_with_source_account if {
	fs := findings with input as role([stmt(0, "ec2.amazonaws.com", [source_account])], [grant(0, "ec2.amazonaws.com")])
	count(fs) == 1
	some f in fs
	f.message == "role EC2-SSM-Role can never be assumed by ec2.amazonaws.com: statement 0 requires aws:SourceAccount/aws:SourceArn, which that service does not send"
}

test_fires_lambda_with_source_arn if {
	c := {"operator": "ArnLike", "base": "ArnLike", "key": "aws:sourcearn", "values": ["arn:aws:lambda:us-east-1:111122223333:function:x"]}
	count(findings) == 1 with input as role([stmt(0, "lambda.amazonaws.com", [c])], [grant(0, "lambda.amazonaws.com")])
}

# §7.6: ...IfExists is true when the key is absent.
test_passes_if_exists if {
	c := object.union(source_account, {"operator": "StringEqualsIfExists", "if_exists": true})
	count(findings) == 0 with input as role([stmt(0, "ec2.amazonaws.com", [c])], [grant(0, "ec2.amazonaws.com")])
}

test_passes_without_condition if {
	count(findings) == 0 with input as role([stmt(0, "ec2.amazonaws.com", [])], [grant(0, "ec2.amazonaws.com")])
}

# A second statement without the condition keeps the role usable.
test_passes_other_statement_usable if {
	stmts := [stmt(0, "ec2.amazonaws.com", [source_account]), stmt(1, "ec2.amazonaws.com", [])]
	count(findings) == 0 with input as role(stmts, [grant(0, "ec2.amazonaws.com"), grant(1, "ec2.amazonaws.com")])
}

# Services that do send the keys are IAM003's business, not breakage.
test_passes_service_that_sends_keys if {
	count(findings) == 0 with input as role([stmt(0, "vpc-flow-logs.amazonaws.com", [source_account])], [grant(0, "vpc-flow-logs.amazonaws.com")])
}
