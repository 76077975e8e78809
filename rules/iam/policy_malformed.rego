# METADATA
# title: Policy document is malformed
# description: |
#   A trust policy, identity policy (of a role, user, group or managed policy),
#   bucket policy, endpoint policy or another service's resource policy has syntax
#   or shape problems (invalid JSON, an unknown element, a wrong value type, a
#   statement without Effect …). AWS rejects such a document when it is written,
#   so an IaC change fails at apply time; a document that was read back with
#   problems means vpclint could only partly understand it and the other policy
#   checks may miss things in it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html
# custom:
#   id: IAM011
#   name: iam-policy-malformed
#   category: breakage
#   severity: medium
#   remediation: Fix the element named in the message (see the IAM JSON policy grammar), then validate the document with IAM Access Analyzer policy validation before applying it.
#   tags: [iam, policy, syntax]
package vpclint.rules.iam.policy_malformed

# documents: every policy document in the input with its owner and a label.
documents contains {"resource": {"type": "role", "id": r.id}, "where": "trust policy", "document": r.trust_policy} if {
	some r in input.roles
}

documents contains {"resource": {"type": "role", "id": r.id}, "where": sprintf("inline policy %s", [p.name]), "document": p.document} if {
	some r in input.roles
	some p in object.get(r, "inline_policies", [])
}

documents contains {"resource": {"type": "user", "id": u.id}, "where": sprintf("inline policy %s", [p.name]), "document": p.document} if {
	some u in input.users
	some p in object.get(u, "inline_policies", [])
}

documents contains {"resource": {"type": "group", "id": g.id}, "where": sprintf("inline policy %s", [p.name]), "document": p.document} if {
	some g in input.groups
	some p in object.get(g, "inline_policies", [])
}

documents contains {"resource": {"type": "resource_policy", "id": r.id}, "where": sprintf("%s resource policy", [r.service]), "document": r.policy} if {
	some r in input.resource_policies
}

documents contains {"resource": {"type": "policy", "id": p.id}, "where": "policy document", "document": p.document} if {
	some p in input.policies
}

documents contains {"resource": {"type": "bucket", "id": b.id}, "where": "bucket policy", "document": b.policy} if {
	some b in input.buckets
	b.policy
}

documents contains {"resource": {"type": "vpc_endpoint", "id": e.id}, "where": "endpoint policy", "document": e.policy} if {
	some e in input.vpc_endpoints
	e.policy
}

at(p) := sprintf("%s line %d", [path(p), p.line]) if p.line

at(p) := path(p) if not p.line

path(p) := object.get(p, "path", "") if object.get(p, "path", "") != ""

path(p) := "document" if object.get(p, "path", "") == ""

findings contains f if {
	some d in documents
	problems := object.get(d.document, "problems", [])
	count(problems) > 0
	first := problems[0]
	more := count(problems) - 1
	f := {
		"resource": d.resource,
		"message": sprintf("%s %s %s is malformed at %s: %s%s", [d.resource.type, d.resource.id, d.where, at(first), first.message, suffix(more)]),
		"key": d.where,
		"evidence": {"where": d.where, "problems": problems},
	}
}

suffix(0) := ""

suffix(n) := sprintf(" (+%d more)", [n]) if n > 0
