# METADATA
# title: Administrator role is usable from EC2 instances
# description: |
#   A role with administrator access (AdministratorAccess attached, or an
#   identity policy allowing "*" on "*") is in an instance profile or is the
#   role of a running instance. Anyone with a shell on the instance, and any
#   SSRF that reaches the instance metadata service, gets temporary
#   administrator credentials for the account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
# custom:
#   id: IAM010
#   name: iam-instance-profile-admin
#   category: exposure
#   severity: high
#   remediation: Give the instance a role with only the permissions its workload needs, require IMDSv2 (http_tokens = required) and keep administrator access for humans through SSO.
#   frameworks:
#     cis-aws-v3.0: ["1.16"]
#     cis-aws-v5.0: ["1.15"]
#   tags: [iam, ec2, instance-profile, admin]
package vpclint.rules.iam.instance_profile_admin

import data.vpclint.lib.iam

findings contains f if {
	some role in input.roles
	iam.is_admin(role)
	profiles := object.get(role, "instance_profile_ids", [])
	instances := object.get(input, ["facts", "role_instances", role.id], []) # Go-computed join (package facts)
	count(profiles) + count(instances) > 0
	f := {
		"resource": {"type": "role", "id": role.id},
		"message": sprintf("role %s has administrator access and is usable from EC2 (instance profiles %v, instances %v)", [object.get(role, "name", role.id), profiles, instances]),
		"key": "admin",
		"evidence": {"instance_profile_ids": profiles, "instances": instances, "attached_policy_arns": object.get(role, "attached_policy_arns", [])},
		"related": [{"type": "instance", "id": i, "description": "runs with this role"} | some i in instances],
	}
}
