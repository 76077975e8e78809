# METADATA
# title: GitHub Actions OIDC trust not scoped to a repository
# description: |
#   A role trusts the GitHub Actions OIDC provider
#   (oidc-provider/token.actions.githubusercontent.com), whose issuer is shared
#   by every GitHub repository, without an effective condition on
#   token.actions.githubusercontent.com:sub. Reported cases: no sub condition at
#   all; a sub condition under ForAllValues or IfExists (true when the claim is
#   absent); a negated sub condition; a sub value of "*" or "repo:*"; and a
#   StringEquals sub value containing * or ?, which StringEquals treats
#   literally (the condition never matches, so the role is unusable rather than
#   open; reported at medium severity). A specific repository, ref or
#   environment, or at least "repo:ORG/*" under StringLike, is accepted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
# custom:
#   id: IAM004
#   name: iam-trust-github-oidc-unscoped
#   category: exposure
#   severity: critical
#   remediation: Add "StringLike":{"token.actions.githubusercontent.com:sub":"repo:ORG/REPO:ref:refs/heads/main"} (or an environment) and "StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}; never use ForAllValues or IfExists on sub, and use StringLike, not StringEquals, for wildcards.
#   tags: [iam, trust-policy, oidc, github]
package vpclint.rules.iam.trust_github_oidc_unscoped

import data.vpclint.lib.iam

sub_key := "token.actions.githubusercontent.com:sub"

equals_ops := {"StringEquals", "StringEqualsIgnoreCase"}

sub_conditions(st) := [c | some c in iam.conditions(st); c.key == sub_key]

# scoping holds for a sub condition that really limits the repositories.
scoping(c) if {
	iam.positive(c)
	not c.base in equals_ops
	count(c.values) > 0
	every v in c.values {
		not v in {"*", "repo:*"}
	}
}

scoping(c) if {
	iam.positive(c)
	c.base in equals_ops
	count(c.values) > 0
	every v in c.values {
		not regex.match(`[*?]`, v)
	}
}

literal_wildcard(c) if {
	c.base in equals_ops
	not object.get(c, "negated", false)
	some v in c.values
	regex.match(`[*?]`, v)
}

reasons(st) := {"has no token.actions.githubusercontent.com:sub condition, so any GitHub repository can assume it"} if {
	count(sub_conditions(st)) == 0
}

reasons(st) := rs if {
	subs := sub_conditions(st)
	count(subs) > 0
	rs := {r | some c in subs; r := reason(c, subs)}
}

reason(c, subs) := sprintf("%s on sub is true when the claim is absent", [c.operator]) if {
	not any_scoping(subs)
	object.get(c, "qualifier", "") == "ForAllValues"
} else := sprintf("%s on sub is true when the claim is absent", [c.operator]) if {
	not any_scoping(subs)
	object.get(c, "if_exists", false)
} else := sprintf("%s on sub allows every other repository", [c.operator]) if {
	not any_scoping(subs)
	object.get(c, "negated", false)
} else := sprintf("sub %v matches every repository", [c.values]) if {
	not any_scoping(subs)
	some v in c.values
	v in {"*", "repo:*"}
} else := sprintf("%s treats * literally, so sub %v never matches (use StringLike)", [c.operator, c.values]) if {
	literal_wildcard(c)
}

any_scoping(subs) if {
	some c in subs
	scoping(c)
}

# Only the literal-wildcard reason: the role cannot be assumed, not open.
severity(rs) := "medium" if {
	every r in rs {
		contains(r, "treats * literally")
	}
}

findings contains f if {
	some role in input.roles
	some g in iam.grants(role.trust_policy)
	g.type == "Federated"
	g.effect == "Allow"
	endswith(g.value, "oidc-provider/token.actions.githubusercontent.com")
	st := iam.statement(role.trust_policy, g.statement)
	rs := reasons(st)
	count(rs) > 0
	f := object.union(
		{
			"resource": {"type": "role", "id": role.id},
			"source": iam.trust_source(role),
			"message": sprintf("role %s trusts GitHub Actions OIDC but %s (statement %d)", [object.get(role, "name", role.id), concat("; ", sort(rs)), g.statement]),
			"key": sprintf("%d/%s", [g.statement, g.value]),
			"evidence": {"statement": st, "grant": g, "reasons": sort(rs)},
		},
		{"severity": s | s := severity(rs)},
	)
}
