# METADATA
# title: Endpoint policy lets nothing through
# description: |
#   The VPC endpoint's own policy denies every action of its service to
#   everyone (an unconditional Deny of "*" or "<service>:*" on every
#   resource), or allows none of them (no Allow statement names an action
#   of the service). An endpoint policy is intersected with the identity and
#   resource policies (aws-semantics §5.3): nothing else can make up for it,
#   so every request through the endpoint fails, from every subnet that
#   routes through it or resolves the service to it, whoever the caller is
#   and whatever bucket or table it asks for. This is reported on the
#   endpoint itself, whether or not a role or bucket policy shows it (VPCE006
#   and S3004 do when they can).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
# custom:
#   id: VPCE007
#   name: vpce-policy-denies-all
#   category: breakage
#   severity: high
#   remediation: Give the endpoint a policy that allows what its callers need (the principals and resources they use), conditioned with aws:PrincipalArn, aws:PrincipalOrgID or resource ARNs instead of an unconditional Deny; or remove the policy to get the default full access.
#   tags: [vpc-endpoint, iam, breakage]
package vpclint.rules.vpce.policy_denies_all

import data.vpclint.lib.iam

findings contains f if {
	some id, lock in object.get(input, ["facts", "access", "endpoint_locks"], {})
	ep := input.vpc_endpoints[id]
	not object.get(ep, "state", "available") in {"deleting", "deleted", "rejected", "failed", "expired"}
	f := {
		"resource": {"type": "vpc_endpoint", "id": id},
		"source": iam.policy_source(ep),
		"message": sprintf("the policy of %s endpoint %s (%s) %s: every %s request through it is denied, whoever makes it", [lock.service, id, object.get(ep, "vpc_id", "?"), why(lock), lock.service]),
		"key": lock.kind,
		"evidence": {"lock": lock, "statements": statements(ep, lock)},
	}
}

why(lock) := sprintf("denies every %s action to everyone in %s %s, with no condition", [lock.service, plural(lock.denying), concat(", ", [sprintf("%d", [i]) | some i in lock.denying])]) if lock.kind == "denies_all"

why(lock) := sprintf("allows no %s action", [lock.service]) if lock.kind == "allows_nothing"

plural(xs) := "statement" if count(xs) == 1

else := "statements"

# statements are the denying statements as written (all of them when
# nothing is allowed).
statements(ep, lock) := [st |
	some st in object.get(ep, ["policy", "statements"], [])
	st.index in lock.denying
] if lock.kind == "denies_all"

statements(ep, lock) := object.get(ep, ["policy", "statements"], []) if lock.kind == "allows_nothing"
