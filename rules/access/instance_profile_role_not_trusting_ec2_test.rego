package vpclint.rules.access.instance_profile_role_not_trusting_ec2

trust(decision, extra) := object.union({"service": "ec2.amazonaws.com", "decision": decision, "allowing": [], "denying": [], "uncertain": false, "unknown_keys": [], "instance_profile_ids": ["ip-app"], "instance_ids": ["i-1"]}, extra)

inp(t) := {
	"roles": {"r-app": {"id": "r-app", "name": "app", "trust_policy": {"statements": []}}},
	"facts": {"access": {"instance_role_trust": {"r-app": t}}},
}

# aws-semantics §7.3: the trust policy must allow the service principal explicitly.
test_fires_no_allow if {
	fs := findings with input as inp(trust("implicit_deny", {}))
	count(fs) == 1
	some f in fs
	f.resource == {"type": "role", "id": "r-app"}
	contains(f.message, "role app is used by instance profile ip-app, instance i-1")
	contains(f.message, "no statement allows it")
	not f.severity
}

test_fires_explicit_deny if {
	fs := findings with input as inp(trust("explicit_deny", {"denying": [1]}))
	some f in fs
	contains(f.message, "statement [1] denies it")
}

test_fires_uncertain_low if {
	fs := findings with input as inp(trust("implicit_deny", {"uncertain": true, "unknown_keys": ["aws:requestedregion"]}))
	some f in fs
	f.severity == "low"
}

test_passes_allowed if {
	count(findings) == 0 with input as inp(trust("allow", {"allowing": [0]}))
}
