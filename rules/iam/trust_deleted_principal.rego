# METADATA
# title: Role trust policy names a deleted principal
# description: |
#   A principal in a role's trust policy is a bare unique ID (AROA… for a role,
#   AIDA… for a user). IAM stores a trusted role or user by its unique ID and
#   shows the ID once that principal is deleted; recreating a principal with the
#   same name does not restore the trust. The statement no longer matches
#   anyone, so whatever relied on it (a deployment role, a cross-account job)
#   fails with AccessDenied.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
# custom:
#   id: IAM006
#   name: iam-trust-deleted-principal
#   category: breakage
#   severity: medium
#   remediation: Replace the unique ID with the ARN of the recreated role or user (or remove the statement if the principal is gone for good) and save the trust policy again.
#   tags: [iam, trust-policy]
package vpclint.rules.iam.trust_deleted_principal

import data.vpclint.lib.iam

findings contains f if {
	some role in input.roles
	some g in iam.grants(role.trust_policy)
	g.class == "unique_id"
	f := {
		"resource": {"type": "role", "id": role.id},
		"source": iam.trust_source(role),
		"message": sprintf("role %s trust policy names %s, the unique ID of a deleted role or user, in an %s statement (statement %d)", [object.get(role, "name", role.id), g.value, g.effect, g.statement]),
		"key": sprintf("%d/%s", [g.statement, g.value]),
		"evidence": {"statement": iam.statement(role.trust_policy, g.statement), "grant": g},
	}
}
