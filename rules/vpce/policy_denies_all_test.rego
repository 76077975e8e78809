package vpclint.rules.vpce.policy_denies_all

deny_all := {"index": 1, "effect": "Deny", "principal": {"AWS": ["*"]}, "action": ["*"], "resource": ["*"]}

allow_all := {"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]}, "action": ["*"], "resource": ["*"]}

# input.facts.access.endpoint_locks is computed in Go (facts.endpointLock,
# with iampolicy); each test supplies what it produces.
inp(state, locks) := {
	"vpc_endpoints": {"vpce-1": {
		"id": "vpce-1", "vpc_id": "vpc-1", "type": "Gateway", "state": state,
		"service_name": "com.amazonaws.us-east-1.s3",
		"policy": {"statements": [allow_all, deny_all]},
	}},
	"facts": {"access": {"endpoint_locks": locks}},
}

lock(kind, denying) := {"service": "s3", "kind": kind, "actions": ["s3:GetObject", "s3:ListBucket"], "denying": denying}

# aws-semantics §5.3: the endpoint policy is intersected with the others.
test_fires_denies_all if {
	fs := findings with input as inp("available", {"vpce-1": lock("denies_all", [1])})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "vpc_endpoint", "id": "vpce-1"}
	f.message == "the policy of s3 endpoint vpce-1 (vpc-1) denies every s3 action to everyone in statement 1, with no condition: every s3 request through it is denied, whoever makes it"
	f.key == "denies_all"
	f.evidence.statements == [deny_all]
}

test_fires_allows_nothing if {
	fs := findings with input as inp("available", {"vpce-1": lock("allows_nothing", [])})
	some f in fs
	f.message == "the policy of s3 endpoint vpce-1 (vpc-1) allows no s3 action: every s3 request through it is denied, whoever makes it"
	count(f.evidence.statements) == 2
}

test_passes_no_lock if {
	count(findings) == 0 with input as inp("available", {})
}

test_passes_deleted_endpoint if {
	count(findings) == 0 with input as inp("deleted", {"vpce-1": lock("denies_all", [1])})
}
