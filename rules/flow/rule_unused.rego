# METADATA
# title: Security group rule admitted no observed traffic
# description: |
#   Least privilege from evidence: over the window of the flow logs given
#   with --flows, no accepted flow on any interface that uses this security
#   group needed this rule (a flow counts for every rule that admits it, so
#   a rule is unused only when no observed flow matches it at all). Responses are not counted against inbound rules: a
#   security group admits them by connection tracking, whatever its rules.
#   The window is in the message; a rule for traffic that happens monthly
#   looks unused over a day.
#   A rule is judged only when every interface using the group appears in
#   the logs. When none does, the group is reported once, as unknown ("no
#   flow log covers its interfaces"), never as unused.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
# custom:
#   id: FLOW002
#   name: flow-sg-rule-unused
#   category: hygiene
#   severity: low
#   remediation: Remove the rule, or narrow it, after checking that the window covers the traffic it exists for (a longer window, or the owner of the workload).
#   tags: [network, flow-logs, security-group, least-privilege]
package vpclint.rules.flow.rule_unused

findings contains f if {
	some u in input.facts.flows.rule_use
	u.state == "unused"
	f := {
		"resource": {"type": "security_group", "id": u.group},
		"message": u.message,
		"key": sprintf("%s/%s", [u.direction, u.rule_id]),
		"related": [{"type": "security_group_rule", "id": u.rule_id}],
		"evidence": u,
		"source": object.get(u, "source", null),
	}
}

findings contains f if {
	some u in input.facts.flows.rule_use
	u.state == "unknown"
	f := {
		"resource": {"type": "security_group", "id": u.group},
		"message": u.message,
		"key": "coverage",
		"severity": "info",
		"evidence": u,
	}
}
