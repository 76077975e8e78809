package vpclint.rules.access.flow_log_role_not_trusting_service

trust(decision, extra) := object.union({"service": "vpc-flow-logs.amazonaws.com", "decision": decision, "allowing": [], "denying": [], "uncertain": false, "unknown_keys": [], "instance_profile_ids": [], "instance_ids": []}, extra)

inp(r) := {"flow_logs": {"fl-1": {"id": "fl-1"}}, "facts": {"access": {"flow_log_roles": {"fl-1": r}}}}

role_arn := "arn:aws:iam::111122223333:role/flow"

# aws-semantics §7.3/§7.8: a trust conditioned on another account's
# aws:SourceAccount does not apply to the service's request.
test_fires_not_trusted if {
	fs := findings with input as inp({"role_arn": role_arn, "role_id": role_arn, "found": true, "roles_read": true, "trust": trust("implicit_deny", {})})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "flow_log", "id": "fl-1"}
	contains(f.message, "no statement allows it")
	not f.severity
}

test_fires_missing_role_unknown_low if {
	fs := findings with input as inp({"role_arn": role_arn, "role_id": "", "found": false, "roles_read": true, "trust": null})
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "unknown")
}

test_passes_trusted if {
	count(findings) == 0 with input as inp({"role_arn": role_arn, "role_id": role_arn, "found": true, "roles_read": true, "trust": trust("allow", {"allowing": [0]})})
}

# Roles of the account were not read: nothing can be said.
test_passes_roles_not_read if {
	count(findings) == 0 with input as inp({"role_arn": role_arn, "role_id": "", "found": false, "roles_read": false, "trust": null})
}
