# METADATA
# title: Identity policy grants full administrator access
# description: |
#   A customer-managed policy or an inline policy of a role, user or group has an Allow statement
#   with Action "*" (or "*:*") on Resource "*": every action on every resource.
#   Whoever holds it can change any permission in the account, including its own.
#   Service-linked roles are skipped (AWS owns them). Acceptable only for a
#   small, monitored break-glass role; prefer AWS-managed job-function policies
#   or least-privilege policies.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: IAM007
#   name: iam-policy-full-admin
#   category: exposure
#   severity: high
#   remediation: Replace "Action":"*" with the actions the principal needs (IAM Access Analyzer can generate a policy from CloudTrail activity), or attach AWS-managed job-function policies.
#   frameworks:
#     cis-aws-v3.0: ["1.16"]
#     cis-aws-v5.0: ["1.15"]
#     aws-fsbp: ["IAM.1"]
#   tags: [iam, policy, admin]
package vpclint.rules.iam.policy_full_admin

import data.vpclint.lib.iam

findings contains f if {
	some d in iam.identity_documents
	some st in iam.statements(d.document)
	iam.admin_statement(st)
	f := {
		"resource": d.resource,
		"message": sprintf("%s allows %v on Resource \"*\" (full administrator, statement %d)", [d.where, st.action, st.index]),
		"key": sprintf("%s/%d", [d.key, st.index]),
		"evidence": {"statement": st},
		"source": object.get(d, "source", null),
	}
}
