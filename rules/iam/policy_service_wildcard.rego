# METADATA
# title: Identity policy allows every action of a service
# description: |
#   A customer-managed policy or an inline policy of a role, user or group allows a whole-service
#   wildcard action such as "s3:*", "logs:*" or "iam:*". That includes the
#   service's destructive and permission-management actions (s3:PutBucketPolicy,
#   s3:DeleteBucket, logs:DeleteLogGroup …) and every action AWS adds later.
#   "iam:*", "sts:*" and "organizations:*" are reported as high: they allow
#   privilege escalation to full administrator.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: IAM008
#   name: iam-policy-service-wildcard
#   category: hygiene
#   severity: medium
#   remediation: List the specific actions the principal needs (for example s3:GetObject, s3:PutObject) instead of "<service>:*"; IAM Access Analyzer can generate them from CloudTrail activity.
#   frameworks:
#     aws-fsbp: ["IAM.21"]
#   tags: [iam, policy, least-privilege]
package vpclint.rules.iam.policy_service_wildcard

import data.vpclint.lib.iam

escalation_services := {"iam", "sts", "organizations"}

findings contains f if {
	some d in iam.identity_documents
	allowed := {lower(a) |
		some st in iam.statements(d.document)
		iam.allow(st)
		some a in object.get(st, "action", [])
		iam.service_wildcard(a)
	}
	some action in allowed
	idx := [st.index |
		some st in iam.statements(d.document)
		iam.allow(st)
		some a in object.get(st, "action", [])
		lower(a) == action
	]
	service := split(action, ":")[0]
	f := object.union(
		{
			"resource": d.resource,
			"message": sprintf("%s allows %s, every %s action (statements %v)", [d.where, action, service, idx]),
			"key": sprintf("%s/%s", [d.key, action]),
			"evidence": {"action": action, "statements": [st | some st in iam.statements(d.document); st.index in idx]},
			"source": object.get(d, "source", null),
		},
		{"severity": "high" | service in escalation_services},
	)
}
