package vpclint.rules.vpce.default_full_access_policy

full := {"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]}, "action": ["*"], "resource": ["*"]}

ep(typ, extra) := {"vpc_endpoints": {"vpce-1": object.union({"id": "vpce-1", "type": typ, "service_name": "com.amazonaws.us-east-1.s3"}, extra)}}

# aws-semantics §5.3: the default policy is Allow * / * / * to Principal *.
test_fires_flagged_default if {
	fs := findings with input as ep("Gateway", {"policy_is_default": true})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc_endpoint", "id": "vpce-1"}
	contains(f.message, "default full-access policy")
	f.evidence.statements[0].action == ["*"]
}

test_fires_literal_default_policy_case_insensitive_type if {
	fs := findings with input as ep("gateway", {"policy": {"statements": [full]}})
	count(fs) == 1
}

test_passes_restricted_policy if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:resourceorgid", "values": ["o-abc"]}
	count(findings) == 0 with input as ep("Gateway", {"policy": {"statements": [object.union(full, {"conditions": [c]})]}})
}

test_passes_interface_endpoint if {
	count(findings) == 0 with input as ep("Interface", {"policy_is_default": true})
}

test_passes_two_statements if {
	count(findings) == 0 with input as ep("Gateway", {"policy": {"statements": [full, object.union(full, {"index": 1, "effect": "Deny", "action": ["s3:DeleteBucket"]})]}})
}
