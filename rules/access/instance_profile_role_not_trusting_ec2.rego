# METADATA
# title: Instance profile role does not trust ec2.amazonaws.com
# description: |
#   A role in an instance profile (or used by an instance) has a trust policy
#   with no Allow statement that lets the service principal ec2.amazonaws.com
#   call sts:AssumeRole, or one that a Deny overrides. EC2 then cannot obtain
#   credentials for the instances: the instance metadata service returns no
#   role credentials and every AWS call from the instance fails. Role trust
#   policies must name the principal explicitly (aws-semantics §7.1, §7.3); the
#   trust policy is evaluated with vpclint's IAM evaluator for EC2's request,
#   which carries no aws:SourceAccount or aws:SourceArn. When the outcome rests
#   on a condition key vpclint cannot know, the finding is low severity.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html
# custom:
#   id: IAM013
#   name: iam-instance-profile-role-not-trusting-ec2
#   category: breakage
#   severity: high
#   remediation: Add {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"} to the role's trust policy (without aws:SourceAccount/aws:SourceArn conditions, which EC2 does not send).
#   tags: [iam, trust-policy, instance-profile, ec2, breakage]
package vpclint.rules.access.instance_profile_role_not_trusting_ec2

import data.vpclint.lib.iam

why(t) := sprintf("statement %v denies it", [t.denying]) if t.decision == "explicit_deny"

why(t) := "no statement allows it" if t.decision != "explicit_deny"

users(t) := concat(", ", array.concat(
	[sprintf("instance profile %s", [p]) | some p in t.instance_profile_ids],
	[sprintf("instance %s", [i]) | some i in t.instance_ids],
))

note(t) := sprintf(" (if EC2's request carries no %s, which vpclint cannot know)", [concat(", ", t.unknown_keys)]) if t.uncertain

note(t) := "" if not t.uncertain

severity(t) := {"severity": "low"} if t.uncertain

severity(t) := {} if not t.uncertain

findings contains f if {
	some role_id, t in object.get(input.facts.access, "instance_role_trust", {})
	t.decision != "allow"
	role := input.roles[role_id]
	f := object.union(
		{
			"resource": {"type": "role", "id": role_id},
			"source": iam.trust_source(role),
			"message": sprintf("role %s is used by %s, but its trust policy does not let ec2.amazonaws.com sts:AssumeRole (%s)%s: the instances get no role credentials", [object.get(role, "name", role_id), users(t), why(t), note(t)]),
			"key": "ec2",
			"evidence": {"trust_policy": role.trust_policy, "evaluation": t},
		},
		severity(t),
	)
}
