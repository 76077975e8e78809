# METADATA
# title: Flow log delivery role does not trust vpc-flow-logs.amazonaws.com
# description: |
#   A flow log publishing to CloudWatch Logs delivers with the role named in
#   deliver_logs_role_arn, which the service principal
#   vpc-flow-logs.amazonaws.com must be able to assume. The role's trust policy
#   has no Allow that applies to that service (or a Deny overrides it), so the
#   flow log records nothing and its status turns to an access error. The trust
#   policy is evaluated with vpclint's IAM evaluator for the service's request,
#   which carries aws:SourceAccount and aws:SourceArn (the flow log's ARN), so a
#   confused-deputy condition naming the wrong account or flow log is caught
#   too (aws-semantics §7.3, §7.8). When the role is not in the snapshot although
#   the account's roles were read, the finding says "unknown" at low severity.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-troubleshooting.html
# custom:
#   id: FL001
#   name: flow-log-role-not-trusting-service
#   category: breakage
#   severity: high
#   remediation: Give the role the trust policy {"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"ACCOUNT"},"ArnLike":{"aws:SourceArn":"arn:aws:ec2:REGION:ACCOUNT:vpc-flow-log/*"}}}, or point the flow log at a role that has it.
#   tags: [flow-logs, iam, trust-policy, breakage]
package vpclint.rules.access.flow_log_role_not_trusting_service

why(t) := sprintf("statement %v denies it", [t.denying]) if t.decision == "explicit_deny"

why(t) := "no statement allows it" if t.decision != "explicit_deny"

note(t) := sprintf(" (if the request carries no %s, which vpclint cannot know)", [concat(", ", t.unknown_keys)]) if t.uncertain

note(t) := "" if not t.uncertain

severity(t) := {"severity": "low"} if t.uncertain

severity(t) := {} if not t.uncertain

findings contains f if {
	some fl_id, r in object.get(input.facts.access, "flow_log_roles", {})
	r.found
	t := r.trust
	t.decision != "allow"
	f := object.union(
		{
			"resource": {"type": "flow_log", "id": fl_id},
			"message": sprintf("flow log %s delivers to CloudWatch Logs with role %s, whose trust policy does not let vpc-flow-logs.amazonaws.com sts:AssumeRole (%s)%s: no records are delivered", [fl_id, r.role_arn, why(t), note(t)]),
			"key": "trust",
			"evidence": {"role_arn": r.role_arn, "evaluation": t},
			"related": [{"type": "role", "id": r.role_id, "description": "delivery role"}],
		},
		severity(t),
	)
}

findings contains f if {
	some fl_id, r in object.get(input.facts.access, "flow_log_roles", {})
	not r.found
	r.roles_read
	f := {
		"resource": {"type": "flow_log", "id": fl_id},
		"message": sprintf("flow log %s delivers to CloudWatch Logs with role %s, which is not in the snapshot although the account's roles were read: whether vpc-flow-logs.amazonaws.com can assume it is unknown (deleted or renamed roles break delivery)", [fl_id, r.role_arn]),
		"key": "trust",
		"severity": "low",
		"evidence": {"role_arn": r.role_arn},
	}
}
