package vpclint.rules.s3.bucket_cross_account_write

bucket(principal, class, actions, conds) := {"buckets": {"b": {"id": "b", "account": "111122223333", "policy": {
	"statements": [{"index": 0, "effect": "Allow", "principal": {"AWS": [principal]}, "action": actions, "resource": ["arn:aws:s3:::b/*"], "conditions": conds}],
	"analysis": {"grants": [{"statement": 0, "effect": "Allow", "type": "AWS", "value": principal, "class": class}]},
}}}}

foreign := "arn:aws:iam::999988887777:root"

test_fires_foreign_put_object if {
	fs := findings with input as bucket(foreign, "cross_account", ["s3:PutObject"], [])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "bucket", "id": "b"}
	f.key == sprintf("0/%s", [foreign])
	f.evidence.write_actions == ["s3:PutObject"]
}

# aws-semantics §7.7: actions are case-insensitive and wildcards cover writes.
test_fires_wildcards_and_case if {
	count(findings) == 1 with input as bucket(foreign, "cross_account", ["s3:*"], [])
	count(findings) == 1 with input as bucket(foreign, "cross_account", ["*"], [])
	count(findings) == 1 with input as bucket(foreign, "cross_account", ["S3:putbucketpolicy"], [])
	count(findings) == 1 with input as bucket(foreign, "cross_account", ["s3:Put*"], [])
}

test_fires_public_write if {
	fs := findings with input as bucket("*", "public", ["s3:DeleteObject"], [])
	count(fs) == 1
	some f in fs
	f.evidence.principal == "*"
}

test_passes_read_only if {
	count(findings) == 0 with input as bucket(foreign, "cross_account", ["s3:GetObject", "s3:List*"], [])
}

test_passes_same_account if {
	count(findings) == 0 with input as bucket("arn:aws:iam::111122223333:role/app", "same_account", ["s3:*"], [])
}

test_passes_star_pinned_to_own_account if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:principalaccount", "values": ["111122223333"]}
	count(findings) == 0 with input as bucket("*", "public", ["s3:PutObject"], [c])
}
