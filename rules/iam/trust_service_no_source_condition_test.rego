package vpclint.rules.iam.trust_service_no_source_condition

role(service, conds) := {"roles": {"r1": {
	"id": "r1", "name": "Flow-Logs-Role",
	"trust_policy": {
		"statements": [{"index": 0, "effect": "Allow", "principal": {"Service": [service]}, "action": ["sts:AssumeRole"], "conditions": conds}],
		"analysis": {"grants": [{"statement": 0, "effect": "Allow", "type": "Service", "value": service, "class": "service"}]},
	},
}}}

# aws-semantics §7.8: VPC Flow Logs documents aws:SourceAccount/aws:SourceArn
# for its delivery role's trust policy.
test_fires_flow_logs_without_source if {
	fs := findings with input as role("vpc-flow-logs.amazonaws.com", [])
	count(fs) == 1
	some f in fs
	f.message == "role Flow-Logs-Role trusts vpc-flow-logs.amazonaws.com with no aws:SourceAccount/aws:SourceArn condition (statement 0)"
	f.key == "0/vpc-flow-logs.amazonaws.com"
	startswith(f.evidence.service_doc, "https://docs.aws.amazon.com/vpc/")
}

# aws-semantics §7.6: a negated condition on the key does not pin the source.
test_fires_negated_source_condition if {
	c := {"operator": "StringNotEquals", "base": "StringNotEquals", "negated": true, "key": "aws:sourceaccount", "values": ["1"]}
	count(findings) == 1 with input as role("config.amazonaws.com", [c])
}

test_passes_with_source_account if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:sourceaccount", "values": ["111122223333"]}
	count(findings) == 0 with input as role("vpc-flow-logs.amazonaws.com", [c])
}

test_passes_with_source_arn if {
	c := {"operator": "ArnLike", "base": "ArnLike", "key": "aws:sourcearn", "values": ["arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/*"]}
	count(findings) == 0 with input as role("vpc-flow-logs.amazonaws.com", [c])
}

# aws-semantics §7.8: EC2 and Lambda do not pass the keys (Prowler #2810 false positive).
test_passes_ec2_and_lambda if {
	count(findings) == 0 with input as role("ec2.amazonaws.com", [])
	count(findings) == 0 with input as role("lambda.amazonaws.com", [])
}

# Unknown services make no claim.
test_passes_unknown_service if {
	count(findings) == 0 with input as role("example-new-service.amazonaws.com", [])
}

# CloudTrail is deliberately not in the table (prowler#4714): no claim.
test_passes_unlisted_service if {
	count(findings) == 0 with input as role("cloudtrail.amazonaws.com", [])
}
