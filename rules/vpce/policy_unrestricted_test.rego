package vpclint.rules.vpce.policy_unrestricted

allow(action, conds) := {"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]}, "action": [action], "resource": ["*"], "conditions": conds}

ep(typ, service, extra) := {"vpc_endpoints": {"vpce-1": object.union({"id": "vpce-1", "type": typ, "service_name": service}, extra)}}

# aws-semantics §5.3: an endpoint policy intersects with the others; Allow * with
# no condition restricts nothing.
test_fires_s3_interface_endpoint_says_exfiltration if {
	fs := findings with input as ep("Interface", "com.amazonaws.us-east-1.s3", {"policy": {"statements": [allow("s3:*", [])]}})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc_endpoint", "id": "vpce-1"}
	contains(f.message, "buckets outside the account are reachable")
	f.key == "0"
}

test_fires_gateway_with_extra_statement if {
	d := {"index": 1, "effect": "Deny", "principal": {"AWS": ["*"]}, "action": ["s3:DeleteBucket"], "resource": ["*"]}
	fs := findings with input as ep("Gateway", "com.amazonaws.us-east-1.s3", {"policy": {"statements": [allow("*", []), d]}})
	count(fs) == 1
}

# Default policy on an interface endpoint (absent policy, flagged default).
test_fires_interface_default if {
	fs := findings with input as ep("Interface", "com.amazonaws.us-east-1.sts", {"policy_is_default": true})
	count(fs) == 1
	some f in fs
	not contains(f.message, "buckets")
}

# VPCE001 reports gateway endpoints with the default policy; no double report.
test_passes_gateway_default if {
	count(findings) == 0 with input as ep("Gateway", "com.amazonaws.us-east-1.s3", {"policy_is_default": true})
	count(findings) == 0 with input as ep("Gateway", "com.amazonaws.us-east-1.s3", {"policy": {"statements": [allow("*", [])]}})
}

test_passes_conditioned if {
	c := {"operator": "StringEquals", "base": "StringEquals", "key": "aws:resourceorgid", "values": ["o-abc"]}
	count(findings) == 0 with input as ep("Interface", "com.amazonaws.us-east-1.s3", {"policy": {"statements": [allow("s3:*", [c])]}})
}

test_passes_specific_action if {
	count(findings) == 0 with input as ep("Interface", "com.amazonaws.us-east-1.s3", {"policy": {"statements": [allow("s3:GetObject", [])]}})
}
