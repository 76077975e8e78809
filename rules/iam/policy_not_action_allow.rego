# METADATA
# title: Identity policy uses Allow with NotAction
# description: |
#   An Allow statement uses NotAction. It grants every action of every service
#   except the listed ones, on the statement's resources, including actions
#   AWS adds in the future; "NotAction":"iam:*" with "Resource":"*" is
#   administrator access except IAM. NotAction belongs with Deny (deny
#   everything except); with Allow it is almost always broader than intended.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
# custom:
#   id: IAM009
#   name: iam-policy-not-action-allow
#   category: exposure
#   severity: medium
#   remediation: Rewrite the statement as an Allow with an explicit Action list; if the goal is to forbid some actions, keep a broad-enough Allow and add a Deny with those actions.
#   tags: [iam, policy, least-privilege]
package vpclint.rules.iam.policy_not_action_allow

import data.vpclint.lib.iam

findings contains f if {
	some d in iam.identity_documents
	some st in iam.statements(d.document)
	iam.allow(st)
	st.not_action
	f := {
		"resource": d.resource,
		"message": sprintf("%s allows every action except %v on %v (NotAction, statement %d)", [d.where, st.not_action, object.get(st, "resource", object.get(st, "not_resource", [])), st.index]),
		"key": sprintf("%s/%d", [d.key, st.index]),
		"evidence": {"statement": st},
		"source": object.get(d, "source", null),
	}
}
