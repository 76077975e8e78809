# METADATA
# title: IAM user has a policy attached directly
# description: |
#   An IAM user holds an inline policy or an attached managed policy of its own,
#   rather than receiving permissions only through the groups it belongs to.
#   Permissions granted user by user drift apart, are hard to review and
#   outlive the job they were granted for; with groups (or, better, roles
#   assumed through IAM Identity Center) one change reaches everyone with the
#   same job. Policies a user receives through a group are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html
# custom:
#   id: IAM014
#   name: iam-user-policy-attached
#   category: hygiene
#   severity: low
#   remediation: Move the policy to a group with the users who need it (aws_iam_group_policy_attachment and aws_iam_user_group_membership), then detach or delete it from the user; prefer roles through IAM Identity Center for people.
#   frameworks:
#     cis-aws-v3.0: ["1.15"]
#     cis-aws-v5.0: ["1.14"]
#     aws-fsbp: ["IAM.2"]
#   tags: [iam, user, policy]
package vpclint.rules.iam.user_policy_attached

user_name(u) := object.get(u, "name", u.id)

findings contains f if {
	some u in input.users
	some p in object.get(u, "inline_policies", [])
	f := object.union(
		{
			"resource": {"type": "user", "id": u.id},
			"message": sprintf("user %s has inline policy %s of its own; grant it through a group", [user_name(u), p.name]),
			"key": sprintf("inline/%s", [p.name]),
			"evidence": {"inline_policy": p.name},
		},
		placed(p),
	)
}

findings contains f if {
	some u in input.users
	some arn in object.get(u, "attached_policy_arns", [])
	f := {
		"resource": {"type": "user", "id": u.id},
		"message": sprintf("user %s has managed policy %s attached directly; attach it to a group instead", [user_name(u), arn]),
		"key": sprintf("managed/%s", [arn]),
		"evidence": {"policy_arn": arn},
		"related": [{"type": "policy", "id": arn, "description": "attached directly to the user"}],
	}
}

# placed points the finding at the inline policy when it is written apart
# from the user (an aws_iam_user_policy, an AWS::IAM::Policy).
placed(p) := {"source": p.source} if p.source.file

placed(p) := {} if not p.source.file
