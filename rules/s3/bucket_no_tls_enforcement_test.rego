package vpclint.rules.s3.bucket_no_tls_enforcement

deny(action, op, value) := {
	"index": 0, "effect": "Deny", "principal": {"AWS": ["*"]}, "action": [action],
	"resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
	"conditions": [{"operator": op, "base": "Bool", "if_exists": op == "BoolIfExists", "key": "aws:securetransport", "values": [value]}],
}

bucket(sts) := {"buckets": {"b": {"id": "b", "policy": {"statements": sts}}}}

test_fires_no_policy if {
	fs := findings with input as {"buckets": {"b": {"id": "b"}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "bucket", "id": "b"}
	contains(f.message, "has no bucket policy")
}

test_fires_policy_without_tls_deny if {
	allow := {"index": 0, "effect": "Allow", "principal": {"AWS": ["arn:aws:iam::1:root"]}, "action": ["s3:GetObject"], "resource": ["arn:aws:s3:::b/*"]}
	fs := findings with input as bucket([allow])
	count(fs) == 1
	some f in fs
	contains(f.message, "no Deny for aws:SecureTransport")
}

# An Allow with SecureTransport true is not enforcement: the Deny is what blocks HTTP.
test_fires_deny_on_wrong_value_or_action if {
	count(findings) == 1 with input as bucket([deny("s3:*", "Bool", "true")])
	count(findings) == 1 with input as bucket([deny("s3:PutObject", "Bool", "false")])
}

test_passes_canonical_deny if {
	count(findings) == 0 with input as bucket([deny("s3:*", "Bool", "false")])
}

test_passes_boolifexists_and_star if {
	count(findings) == 0 with input as bucket([deny("*", "BoolIfExists", "False")])
}

test_passes_implicit if {
	count(findings) == 0 with input as {"buckets": {"b": {"id": "b", "implicit": true}}}
}
