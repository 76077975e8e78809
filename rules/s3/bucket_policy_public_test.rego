package vpclint.rules.s3.bucket_policy_public

st := {"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]}, "action": ["s3:GetObject"], "resource": ["arn:aws:s3:::b/*"]}

bucket(public, extra) := object.union({"id": "b", "account": "111122223333", "policy": {"statements": [st], "analysis": {"public": public, "public_statements": [0 | public]}}}, extra)

# aws-semantics §10.2: S3's public-policy definition (computed by iampolicy).
test_fires_public_policy if {
	fs := findings with input as {"buckets": {"b": bucket(true, {})}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "bucket", "id": "b"}
	f.message == "bucket b policy grants public access (statements [0])"
	f.evidence.public_statements == [st]
	not f.severity
}

test_fires_low_when_bucket_bpa_restricts if {
	fs := findings with input as {"buckets": {"b": bucket(true, {"public_access_block": {"restrict_public_buckets": true}})}}
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "blocked today by Block Public Access")
}

test_fires_low_when_account_bpa_restricts if {
	inp := {"buckets": {"b": bucket(true, {})}, "accounts": {"111122223333": {"id": "111122223333", "public_access_block": {"restrict_public_buckets": true}}}}
	fs := findings with input as inp
	count(fs) == 1
	some f in fs
	f.severity == "low"
}

# BlockPublicPolicy alone does not neutralise an existing public policy.
test_fires_full_with_only_block_public_policy if {
	fs := findings with input as {"buckets": {"b": bucket(true, {"public_access_block": {"block_public_policy": true, "restrict_public_buckets": false}})}}
	some f in fs
	not f.severity
}

test_passes_non_public if {
	count(findings) == 0 with input as {"buckets": {"b": bucket(false, {})}}
	count(findings) == 0 with input as {"buckets": {"b": {"id": "b"}}}
}

# The finding points at where the policy is written (an aws_s3_bucket_policy
# or the aws_iam_policy_document it reads), else the bucket's policy line,
# else the bucket (issue #12 item 4).
test_points_at_the_policy if {
	doc := {"file": "main.tf", "start_line": 70, "end_line": 80, "address": "data.aws_iam_policy_document.p"}
	some f1 in findings with input as {"buckets": {"b": bucket(true, {"policy_source": doc})}}
	f1.source == doc
	inline := {"source": {"file": "main.tf", "start_line": 1, "end_line": 9, "lines": {"policy": 4}}}
	some f2 in findings with input as {"buckets": {"b": bucket(true, inline)}}
	f2.source.start_line == 4
	some f3 in findings with input as {"buckets": {"b": bucket(true, {})}}
	f3.source == null
}
