# METADATA
# title: Endpoint policy blocks actions the VPC's roles are granted
# description: |
#   A VPC endpoint has a custom policy, and the roles of instances that use the
#   endpoint (instances in subnets whose route tables the gateway endpoint is
#   associated with, or anywhere in an interface endpoint's VPC) are granted
#   actions on the endpoint's service that the endpoint policy does not allow:
#   an explicit Deny, or no Allow. The endpoint policy is intersected with the
#   identity policies (aws-semantics §5.3), so those calls fail with
#   AccessDenied although IAM allows them. Each granted action is evaluated
#   with vpclint's IAM evaluator with the role's session as the principal and
#   the request context of a call through the endpoint (aws:SourceVpce,
#   aws:SourceVpc, aws:VpcSourceIp, no aws:SourceIp, §5.4); wildcard grants are
#   represented by the service's common actions. In an endpoint policy
#   "AWS": "<account>" names only the account's root user, not its roles
#   (§5.3). When the outcome rests on condition keys vpclint cannot know, the
#   finding is low severity.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
# custom:
#   id: VPCE006
#   name: vpce-policy-blocks-role-actions
#   category: breakage
#   severity: medium
#   remediation: Allow the actions (and resources) the workloads need in the endpoint policy, with Principal "*" restricted by aws:PrincipalArn or aws:PrincipalAccount rather than an account principal, or narrow the role's grants if the block is intended.
#   tags: [vpc-endpoint, endpoint-policy, iam, breakage]
package vpclint.rules.vpce.policy_blocks_role_actions

import data.vpclint.lib.iam

blocked(ep_id, role_id) := [b |
	some b in input.facts.access.endpoint_blocked_actions[ep_id]
	b.role_id == role_id
]

why(b) := sprintf("%s (granted by %s, denied by endpoint policy statement %v)", [b.action, b.granted_by, b.denying]) if b.decision == "explicit_deny"

why(b) := sprintf("%s (granted by %s, no Allow in the endpoint policy)", [b.action, b.granted_by]) if b.decision != "explicit_deny"

certain(bs) if {
	some b in bs
	not b.uncertain
}

unknown_keys(bs) := sort({k | some b in bs; some k in b.unknown_keys})

findings contains f if {
	some ep_id, list in input.facts.access.endpoint_blocked_actions
	ep := input.vpc_endpoints[ep_id]
	role_ids := {b.role_id | some b in list}
	some role_id in role_ids
	bs := blocked(ep_id, role_id)
	role := object.get(input.roles, role_id, {})
	f := object.union(
		{
			"resource": {"type": "vpc_endpoint", "id": ep_id},
			"source": iam.policy_source(ep),
			"message": sprintf("%s endpoint %s (%s) policy blocks, for role %s (instances %s): %s; calls through the endpoint get AccessDenied%s", [
				object.get(ep, "type", "?"), ep_id, object.get(ep, "service_name", "?"),
				object.get(role, "name", role_id), concat(", ", bs[0].instance_ids),
				concat("; ", [why(b) | some b in bs]), note(bs),
			]),
			"key": role_id,
			"evidence": {"blocked": bs, "policy": object.get(ep, "policy", null)},
			"related": [{"type": "role", "id": role_id, "description": "role granted the blocked actions"}],
		},
		severity(bs),
	)
}

note(bs) := "" if certain(bs)

note(bs) := sprintf(" (assuming the requests carry no %s, which vpclint cannot know)", [concat(", ", unknown_keys(bs))]) if not certain(bs)

severity(bs) := {} if certain(bs)

severity(bs) := {"severity": "low"} if not certain(bs)
