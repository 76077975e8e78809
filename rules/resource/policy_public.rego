# METADATA
# title: Resource policy makes the resource public
# description: |
#   The resource policy of an SQS queue, SNS topic, KMS key, Lambda function,
#   ECR repository, Secrets Manager secret or OpenSearch domain is public by the
#   same fixed-value test S3 applies to bucket policies: an Allow names "*", a
#   wildcard account or NotPrincipal, and no condition pins the caller or the
#   request's origin (aws:SourceIp within /8, aws:SourceVpce, aws:SourceArn,
#   aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount,
#   kms:CallerAccount for a key …) to fixed values. Anyone with an AWS account,
#   and for some services anonymous callers, gets the granted actions: read a
#   queue's messages, publish to a topic, decrypt with a key, invoke a function,
#   pull images, read a secret, query a search domain.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html
# custom:
#   id: RES001
#   name: resource-policy-public
#   category: exposure
#   severity: critical
#   remediation: Replace the "*" principal with the accounts or roles that need access, or pin aws:PrincipalOrgID / aws:SourceAccount / aws:SourceArn (kms:CallerAccount for a key) with StringEquals or ArnEquals; for a Lambda permission set source_arn and source_account.
#   frameworks:
#     aws-fsbp: ["KMS.5", "Lambda.1", "SQS.3"]
#   tags: [resource-policy, public]
package vpclint.rules.resource.policy_public

findings contains f if {
	some r in input.resource_policies
	r.policy.analysis.public == true
	idx := object.get(r.policy.analysis, "public_statements", [])
	public := [st | some st in r.policy.statements; st.index in idx]
	f := {
		"resource": {"type": "resource_policy", "id": r.id},
		"message": sprintf("%s %s policy grants public access (statements %v)", [r.resource_type, object.get(r, "name", r.id), idx]),
		"key": "policy",
		"evidence": {"service": r.service, "public_statements": public},
	}
}
