# METADATA
# title: Trust condition requires a key the service never sends
# description: |
#   A role trusts a service principal that does not send aws:SourceAccount,
#   aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths when it assumes the
#   role (EC2 for instance profiles, Lambda for execution roles), but the only
#   statements trusting it require one of those keys. A non-negated condition
#   on a missing key is false (aws-semantics §7.6), so the statement never
#   applies: instances get no credentials, functions fail to start. This is
#   the breakage that adding confused-deputy conditions to every service role
#   causes. IfExists, negated and ForAllValues conditions are true on a
#   missing key and are not reported; services not listed in
#   data.vpclint.lib.services are never reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
# custom:
#   id: IAM012
#   name: iam-trust-source-condition-unsatisfiable
#   category: breakage
#   severity: high
#   remediation: Remove the aws:SourceAccount/aws:SourceArn condition from the statement trusting this service (or make it ...IfExists); protect the role with permissions boundaries and who may pass it (iam:PassRole) instead.
#   tags: [iam, trust-policy, breakage, service]
package vpclint.rules.iam.trust_source_condition_unsatisfiable

import data.vpclint.lib.iam
import data.vpclint.lib.services

# requires_source_key holds when a statement can only apply if a source key
# is present.
requires_source_key(st) if {
	some c in iam.conditions(st)
	c.key in iam.source_keys
	iam.positive(c)
	c.base != "Null"
}

findings contains f if {
	some role in input.roles
	some g in iam.grants(role.trust_policy)
	g.class == "service"
	g.effect == "Allow"
	not g.not_principal
	services.never_sends_source_keys(g.value)
	st := iam.statement(role.trust_policy, g.statement)
	requires_source_key(st)

	# Another statement trusting the same service without the key keeps the
	# role usable.
	usable := [h |
		some h in iam.grants(role.trust_policy)
		h.class == "service"
		h.effect == "Allow"
		lower(h.value) == lower(g.value)
		not requires_source_key(iam.statement(role.trust_policy, h.statement))
	]
	count(usable) == 0
	f := {
		"resource": {"type": "role", "id": role.id},
		"source": iam.trust_source(role),
		"message": sprintf("role %s can never be assumed by %s: statement %d requires aws:SourceAccount/aws:SourceArn, which that service does not send", [object.get(role, "name", role.id), g.value, g.statement]),
		"key": sprintf("%d/%s", [g.statement, g.value]),
		"evidence": {"statement": st, "grant": g, "service_doc": services.principals[lower(g.value)].source},
	}
}
