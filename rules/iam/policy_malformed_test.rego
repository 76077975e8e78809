package vpclint.rules.iam.policy_malformed

bad := {"text": "{", "statements": [], "problems": [
	{"path": "Statement[0].Effect", "line": 3, "column": 5, "message": "Effect must be Allow or Deny"},
	{"path": "", "message": "unknown top-level key Foo"},
]}

good := {"text": "{}", "statements": []}

# IAM grammar: a malformed trust policy is rejected by IAM on write.
test_fires_trust_policy_with_line if {
	fs := findings with input as {"roles": {"r1": {"id": "r1", "name": "x", "trust_policy": bad}}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r1"}
	f.message == "role r1 trust policy is malformed at Statement[0].Effect line 3: Effect must be Allow or Deny (+1 more)"
	f.key == "trust policy"
	count(f.evidence.problems) == 2
}

test_fires_each_owner if {
	inp := {
		"roles": {"r1": {"id": "r1", "trust_policy": good, "inline_policies": [{"name": "p", "document": bad}]}},
		"policies": {"arn:p": {"id": "arn:p", "document": bad}},
		"buckets": {"b": {"id": "b", "policy": bad}},
		"vpc_endpoints": {"vpce-1": {"id": "vpce-1", "policy": bad}},
		"users": {"u": {"id": "u", "inline_policies": [{"name": "p", "document": bad}]}},
		"groups": {"g": {"id": "g", "inline_policies": [{"name": "p", "document": good}, {"name": "q", "document": bad}]}},
		"resource_policies": {"q": {"id": "q", "service": "sqs", "policy": bad}},
	}
	fs := findings with input as inp
	count(fs) == 7
	{f.resource.type | some f in fs} == {"role", "policy", "bucket", "vpc_endpoint", "user", "group", "resource_policy"}
	some f in fs
	f.key == "inline policy p"
}

test_fires_without_line if {
	d := {"statements": [], "problems": [{"path": "", "message": "empty policy: expected a json object"}]}
	fs := findings with input as {"buckets": {"b": {"id": "b", "policy": d}}}
	some f in fs
	f.message == "bucket b bucket policy is malformed at document: empty policy: expected a json object"
}

test_passes_clean_documents if {
	inp := {"roles": {"r1": {"id": "r1", "trust_policy": good}}, "buckets": {"b": {"id": "b"}}}
	count(findings) == 0 with input as inp
}
