# METADATA
# title: Security group rule much wider than the traffic it admitted
# description: |
#   Over the window of the flow logs given with --flows, every accepted
#   request this inbound rule admitted came from a far smaller range than
#   the rule allows: 0.0.0.0/0 where every observed source sits in one /24,
#   or a /8 used by three addresses. The evidence names the smallest CIDR
#   that covers every observed source and how many there were. Only inbound
#   rules with a CIDR of their own are judged (not group references or
#   prefix lists; outbound rules are not, since allow-all egress is AWS's
#   default and a window's few destinations say little about what a
#   workload needs), and only when the observed range is at least 2^8
#   times smaller than the rule's.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: FLOW003
#   name: flow-sg-rule-too-wide
#   category: exposure
#   severity: medium
#   remediation: Narrow the rule's CIDR to the range in the evidence (or to the peers' security group), after checking that the window covers every legitimate peer.
#   tags: [network, flow-logs, security-group, least-privilege]
package vpclint.rules.flow.rule_too_wide

findings contains f if {
	some w in input.facts.flows.wide_rules
	f := {
		"resource": {"type": "security_group", "id": w.group},
		"message": w.message,
		"key": sprintf("%s/%s", [w.direction, w.rule_id]),
		"related": [{"type": "security_group_rule", "id": w.rule_id}],
		"evidence": w,
		"source": object.get(w, "source", null),
	}
}
