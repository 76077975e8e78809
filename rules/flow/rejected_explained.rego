# METADATA
# title: Rejected traffic in the flow logs, explained
# description: |
#   A group of REJECT records in the VPC flow logs given with --flows (one
#   interface, one direction, one protocol, one peer and service port), with
#   the component of the checked configuration that drops it: the security
#   group with no rule for it, or the network ACL entry that matched first,
#   on the leg AWS recorded (aws-semantics §8.3). Security groups are
#   stateful, so a REJECT on a response is a NACL; NACLs are stateless, so a
#   request can be accepted and its reply rejected on the client's ephemeral
#   port; traffic inside one subnet never crosses a NACL.
#   A REJECT that the configuration would allow is reported at medium
#   severity: the account is not what was checked (drift, or a change since
#   the records were written), or the records come from another account.
#   A REJECT that cannot be decided (the interface is not in the
#   configuration, an unknown CIDR, a path vpclint does not follow) is
#   reported as unknown, never as explained.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
# custom:
#   id: FLOW001
#   name: flow-rejected-explained
#   category: breakage
#   severity: low
#   remediation: If the traffic is wanted, change the component named in the evidence (add the security group rule, or renumber or narrow the NACL entry); if it is not, nothing to do. For a REJECT the configuration allows, compare the account with what was checked (scan it again).
#   tags: [network, flow-logs, reachability]
package vpclint.rules.flow.rejected_explained

findings contains f if {
	some r in input.facts.flows.rejects
	f := {
		"resource": r.resource,
		"message": r.message,
		"key": r.id,
		"severity": severity(r.verdict),
		"evidence": r,
	}
}

severity("blocked") := "low"

severity("not-explained") := "medium"

severity("unknown") := "info"
