# METADATA
# title: Resource policy grants access to another account
# description: |
#   An Allow statement in the resource policy of an SQS queue, SNS topic, KMS
#   key, Lambda function, ECR repository, Secrets Manager secret or OpenSearch
#   domain names a specific AWS account (or a principal in one) other than the
#   resource's own. That account's administrators decide who in it uses the
#   grant. Often intended (a central logging account, a deployment account), so
#   this is medium: confirm each account is meant to be there. When the
#   resource's own account is unknown (Terraform before apply) every named
#   account is reported at low severity, since vpclint cannot tell it apart.
#   Service principals and public grants (reported by RES001) are not reported
#   here.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: RES002
#   name: resource-policy-cross-account
#   category: exposure
#   severity: medium
#   remediation: Remove accounts that no longer need access; for those that do, narrow the actions and pin aws:PrincipalArn to the roles that need them, or use aws:PrincipalOrgID to keep access inside your organization.
#   tags: [resource-policy, cross-account]
package vpclint.rules.resource.policy_cross_account

import data.vpclint.lib.iam

outside(r) := [g |
	some g in iam.grants(r.policy)
	g.effect == "Allow"
	not object.get(g, "not_principal", false)
	g.class == "cross_account"
]

findings contains f if {
	some r in input.resource_policies
	some g in outside(r)
	f := object.union(
		{
			"resource": {"type": "resource_policy", "id": r.id},
			"message": sprintf("%s %s policy grants %s (account %s%s) access (statement %d)", [r.resource_type, object.get(r, "name", r.id), g.value, g.account, owner_note(r), g.statement]),
			"key": sprintf("%d/%s", [g.statement, g.value]),
			"evidence": {"service": r.service, "principal": g.value, "account": g.account, "statement": iam.statement(r.policy, g.statement)},
		},
		unknown_owner(r),
	)
}

owner_note(r) := sprintf(", outside %s", [r.account]) if r.account

owner_note(r) := ", the resource's own account unknown" if not r.account

unknown_owner(r) := {} if r.account

unknown_owner(r) := {"severity": "low"} if not r.account
