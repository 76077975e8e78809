# METADATA
# title: Role trust policy uses NotPrincipal with Allow
# description: |
#   An Allow statement in a role's trust policy uses NotPrincipal. Allow with
#   NotPrincipal grants everyone except the listed principals, anonymous callers
#   included, and AWS does not allow NotPrincipal in role trust policies at all:
#   the intent is wrong and the document may be rejected on the next update.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
# custom:
#   id: IAM005
#   name: iam-trust-not-principal
#   category: exposure
#   severity: high
#   remediation: Replace NotPrincipal with a Principal element that names exactly who may assume the role; to exclude principals use "Principal":"*" with an ArnNotEquals aws:PrincipalArn condition plus a positive aws:PrincipalOrgID or aws:PrincipalAccount condition.
#   tags: [iam, trust-policy]
package vpclint.rules.iam.trust_not_principal

import data.vpclint.lib.iam

findings contains f if {
	some role in input.roles
	some st in iam.statements(role.trust_policy)
	iam.allow(st)
	st.not_principal
	f := {
		"resource": {"type": "role", "id": role.id},
		"source": iam.trust_source(role),
		"message": sprintf("role %s trust policy allows NotPrincipal %v, i.e. everyone except them (statement %d)", [object.get(role, "name", role.id), st.not_principal, st.index]),
		"key": sprintf("%d", [st.index]),
		"evidence": {"statement": st},
	}
}
