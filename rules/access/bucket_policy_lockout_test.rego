package vpclint.rules.access.bucket_policy_lockout

deny_stmt := {"index": 0, "sid": "DenyUnlessVpce", "effect": "Deny", "principal": {"AWS": ["*"]}, "action": ["s3:*"], "resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "conditions": [{"operator": "StringNotEquals", "base": "StringNotEquals", "negated": true, "key": "aws:sourcevpce", "values": ["vpce-1"]}]}

dec(persona, action, decision, denying, extra) := object.union({"persona": persona, "principal_type": "AWS", "principal": "arn:aws:sts::111122223333:assumed-role/x/y", "via_endpoint": "", "action": action, "resource": "arn:aws:s3:::b", "decision": decision, "allowing": [], "denying": denying, "uncertain": false, "unknown_keys": []}, extra)

inp(decisions, refs) := {
	"buckets": {"b": {"id": "b", "policy": {"statements": [deny_stmt]}}},
	"facts": {"access": {"bucket_personas": {"b": decisions}, "vpc_refs": {"b": refs}}},
}

lockout := [
	dec("console user", "s3:GetObject", "explicit_deny", [0], {}),
	dec("console user", "s3:ListBucket", "explicit_deny", [0], {}),
	dec("AWS service", "s3:PutObject", "explicit_deny", [0], {"principal_type": "Service", "principal": "cloudtrail.amazonaws.com"}),
	dec("role in vpc-1 via vpce-1", "s3:GetObject", "implicit_deny", [], {"via_endpoint": "vpce-1"}),
]

# aws-semantics §5.5: StringNotEquals on an absent aws:SourceVpce denies
# everyone who does not come through the endpoint (§7.6).
test_fires_sourcevpce_lockout if {
	fs := findings with input as inp(lockout, [{"statement": 0, "key": "aws:sourcevpce", "value": "vpce-1", "exists": true}])
	count(fs) == 1
	some f in fs
	f.key == "0"
	not f.severity
	contains(f.message, "statement 0 (DenyUnlessVpce) explicitly denies AWS service [cloudtrail.amazonaws.com] (s3:PutObject); console user (s3:GetObject, s3:ListBucket)")
	contains(f.message, "aws:sourcevpce vpce-1 exists in the snapshot")
	contains(f.message, "callers through vpce-1 are not denied")
}

# §5.5: a typo in the id locks out everyone, the endpoint's callers too.
test_fires_typo_says_missing if {
	ds := array.concat(lockout, [dec("role in vpc-1 via vpce-2", "s3:GetObject", "explicit_deny", [0], {"via_endpoint": "vpce-2"})])
	fs := findings with input as inp(ds, [{"statement": 0, "key": "aws:sourcevpce", "value": "vpce-1", "exists": false}])
	count(fs) == 1
	some f in fs
	contains(f.message, "vpce-1 is NOT in the snapshot")
	contains(f.message, "S3 endpoints vpce-2 are denied too")
}

# §7.8: aws:PrincipalOrgID is unknown for people when the organization is not known.
test_fires_uncertain_low if {
	ds := [dec("console user", "s3:GetObject", "explicit_deny", [0], {"uncertain": true, "unknown_keys": ["aws:principalorgid"]})]
	fs := findings with input as inp(ds, [])
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "carry no aws:principalorgid")
}

# §7.1: no Allow in the bucket policy is not a lockout (identity policies allow).
test_passes_implicit_deny if {
	ds := [dec("console user", "s3:GetObject", "implicit_deny", [], {})]
	count(findings) == 0 with input as inp(ds, [])
}

# Only callers through another endpoint are denied: that is the policy's intent.
test_passes_only_endpoint_callers_denied if {
	ds := [dec("role in vpc-2 via vpce-2", "s3:GetObject", "explicit_deny", [0], {"via_endpoint": "vpce-2"})]
	count(findings) == 0 with input as inp(ds, [])
}

test_passes_no_policy if {
	count(findings) == 0 with input as {"buckets": {"b": {"id": "b"}}, "facts": {"access": {"bucket_personas": {}}}}
}
