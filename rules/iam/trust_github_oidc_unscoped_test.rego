package vpclint.rules.iam.trust_github_oidc_unscoped

provider := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

aud := {"operator": "StringEquals", "base": "StringEquals", "key": "token.actions.githubusercontent.com:aud", "values": ["sts.amazonaws.com"]}

sub(op, extra, values) := object.union({"operator": op, "base": op, "key": "token.actions.githubusercontent.com:sub", "values": values}, extra)

role(conds) := {"roles": {"r1": {
	"id": "r1", "name": "Deploy",
	"trust_policy": {
		"statements": [{"index": 0, "effect": "Allow", "principal": {"Federated": [provider]}, "action": ["sts:AssumeRoleWithWebIdentity"], "conditions": conds}],
		"analysis": {"grants": [{"statement": 0, "effect": "Allow", "type": "Federated", "value": provider, "class": "federated_oidc", "account": "111122223333"}]},
	},
}}}

# aws-semantics §7.9: an aud-only policy is open to every GitHub repository.
test_fires_aud_only if {
	fs := findings with input as role([aud])
	count(fs) == 1
	some f in fs
	f.resource.id == "r1"
	contains(f.message, "has no token.actions.githubusercontent.com:sub condition")
	not f.severity
}

# aws-semantics §7.6/§7.9: ForAllValues and IfExists are true when the claim is absent.
test_fires_forallvalues_and_ifexists if {
	fa := sub("StringLike", {"qualifier": "ForAllValues", "operator": "ForAllValues:StringLike"}, ["repo:org/app:*"])
	fs := findings with input as role([aud, fa])
	count(fs) == 1
	some f in fs
	contains(f.message, "ForAllValues:StringLike on sub is true when the claim is absent")
	ie := sub("StringLike", {"if_exists": true, "operator": "StringLikeIfExists"}, ["repo:org/app:*"])
	count(findings) == 1 with input as role([aud, ie])
}

test_fires_star_and_repo_star if {
	fs := findings with input as role([aud, sub("StringLike", {}, ["repo:*"])])
	count(fs) == 1
	some f in fs
	contains(f.message, "matches every repository")
	count(findings) == 1 with input as role([aud, sub("StringLike", {}, ["*"])])
}

# aws-semantics §7.6: StringEquals is literal, so "repo:org/*" never matches.
test_fires_stringequals_wildcard_as_medium if {
	fs := findings with input as role([aud, sub("StringEquals", {}, ["repo:org/*"])])
	count(fs) == 1
	some f in fs
	contains(f.message, "StringEquals treats * literally")
	f.severity == "medium"
}

test_passes_specific_repo if {
	count(findings) == 0 with input as role([aud, sub("StringLike", {}, ["repo:org/repo:ref:refs/heads/main"])])
	count(findings) == 0 with input as role([aud, sub("StringEquals", {}, ["repo:org/repo:environment:prod"])])
}

test_passes_org_wildcard_under_like if {
	count(findings) == 0 with input as role([aud, sub("StringLike", {}, ["repo:org/*"])])
}

test_passes_other_provider if {
	r := json.patch(role([aud]), [{"op": "replace", "path": "/roles/r1/trust_policy/analysis/grants/0/value", "value": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"}])
	count(findings) == 0 with input as r
}
