# METADATA
# title: Role trust policy lets any AWS principal assume the role
# description: |
#   An Allow statement in a role's trust policy names "*", {"AWS": "*"} or an ARN
#   with a wildcard account, and no condition pins the caller to fixed values of
#   aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount,
#   aws:SourceArn, aws:SourceOrgID, aws:userid or sts:ExternalId. Any principal in
#   any AWS account can then assume the role and get its permissions. A bare
#   "Principal": "*" counts (some tools only inspect Principal.AWS). Negated,
#   IfExists and ForAllValues conditions do not count as constraints: they are
#   true when the key is absent. Never acceptable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
# custom:
#   id: IAM001
#   name: iam-trust-any-principal
#   category: exposure
#   severity: critical
#   remediation: Replace the wildcard with the specific account, role or service principal that needs the role, or add a StringEquals condition on aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn with fixed values.
#   tags: [iam, trust-policy, public]
package vpclint.rules.iam.trust_any_principal

import data.vpclint.lib.iam

findings contains f if {
	some role in input.roles
	some g in iam.grants(role.trust_policy)
	g.class == "public"
	g.effect == "Allow"
	not g.not_principal
	st := iam.statement(role.trust_policy, g.statement)
	not iam.constrained(st)
	f := {
		"resource": {"type": "role", "id": role.id},
		"source": iam.trust_source(role),
		"message": sprintf("role %s trust policy lets any AWS principal assume it: %s principal %q with no constraining condition (statement %d)", [object.get(role, "name", role.id), g.type, g.value, g.statement]),
		"key": sprintf("%d/%s/%s", [g.statement, g.type, g.value]),
		"evidence": {"statement": st, "grant": g},
	}
}
