# METADATA
# title: Service role trust without aws:SourceAccount / aws:SourceArn
# description: |
#   A role trusts an AWS service principal that sends aws:SourceAccount and
#   aws:SourceArn when it acts for a resource, but the statement has no condition
#   on aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths.
#   The service could then be used as a confused deputy to act with this role for
#   another customer's resource. Only services listed in
#   data.vpclint.lib.services with sends_source_keys true are checked, each with
#   the AWS page that documents the keys; services that do not send them (EC2,
#   Lambda) or that are not listed are never reported, because adding the
#   condition there breaks the role or its effect is unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
# custom:
#   id: IAM003
#   name: iam-trust-service-no-source-condition
#   category: exposure
#   severity: low
#   remediation: Add "Condition":{"StringEquals":{"aws:SourceAccount":"<your account>"},"ArnLike":{"aws:SourceArn":"<ARN of the resource that uses the role>"}} to the statement, as the service's confused-deputy page shows.
#   tags: [iam, trust-policy, confused-deputy, service]
package vpclint.rules.iam.trust_service_no_source_condition

import data.vpclint.lib.iam
import data.vpclint.lib.services

findings contains f if {
	some role in input.roles
	some g in iam.grants(role.trust_policy)
	g.class == "service"
	g.effect == "Allow"
	not g.not_principal
	services.sends_source_keys(g.value)
	st := iam.statement(role.trust_policy, g.statement)
	not iam.has_condition_on(st, iam.source_keys)
	f := {
		"resource": {"type": "role", "id": role.id},
		"source": iam.trust_source(role),
		"message": sprintf("role %s trusts %s with no aws:SourceAccount/aws:SourceArn condition (statement %d)", [object.get(role, "name", role.id), g.value, g.statement]),
		"key": sprintf("%d/%s", [g.statement, g.value]),
		"evidence": {"statement": st, "grant": g, "service_doc": services.principals[lower(g.value)].source},
	}
}
