package vpclint.rules.vpce.policy_blocks_role_actions

blocked_put := {"role_id": "r-app", "instance_ids": ["i-1"], "action": "s3:PutObject", "resources": ["arn:aws:s3:::data/*"], "granted_by": "inline policy data statement 0", "decision": "explicit_deny", "denying": [1], "uncertain": false, "unknown_keys": []}

blocked_list := {"role_id": "r-app", "instance_ids": ["i-1"], "action": "s3:ListBucket", "resources": ["arn:aws:s3:::data"], "granted_by": "inline policy data statement 1", "decision": "implicit_deny", "denying": [], "uncertain": true, "unknown_keys": ["aws:resourceorgid"]}

inp(list) := {
	"vpc_endpoints": {"vpce-1": {"id": "vpce-1", "type": "Gateway", "service_name": "com.amazonaws.us-east-1.s3", "vpc_id": "vpc-1", "policy": {"statements": []}}},
	"roles": {"r-app": {"id": "r-app", "name": "app"}},
	"facts": {"access": {"endpoint_blocked_actions": {"vpce-1": list}}},
}

# aws-semantics §5.3: the endpoint policy intersects with identity policies.
test_fires_explicit_deny if {
	fs := findings with input as inp([blocked_put])
	count(fs) == 1
	some f in fs
	f.key == "r-app"
	contains(f.message, "s3:PutObject (granted by inline policy data statement 0, denied by endpoint policy statement [1])")
	contains(f.message, "for role app (instances i-1)")
	not f.severity
}

test_fires_two_actions_one_finding if {
	fs := findings with input as inp([blocked_put, blocked_list])
	count(fs) == 1
	some f in fs
	contains(f.message, "s3:ListBucket (granted by inline policy data statement 1, no Allow in the endpoint policy)")
	not f.severity
}

test_fires_uncertain_low if {
	fs := findings with input as inp([blocked_list])
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "aws:resourceorgid")
}

test_passes_nothing_blocked if {
	count(findings) == 0 with input as inp([])
	count(findings) == 0 with input as {"vpc_endpoints": {}, "facts": {"access": {"endpoint_blocked_actions": {}}}}
}
