# METADATA
# title: IAM policy helpers shared by the checks
# description: |
#   Predicates over normalised policy documents (statements, conditions with
#   lower-cased keys, analysis.grants) and over roles' effective identity policies.
package vpclint.lib.iam

# constraining_keys are the caller-side condition keys (lower-cased) that, pinned
# to fixed values, limit who can use an otherwise public trust grant
# (aws-semantics §7.8, §10.2).
constraining_keys := {
	"aws:principalorgid", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid",
	"aws:userid", "sts:externalid",
}

# source_keys are the confused-deputy keys a calling service sends (§7.8).
source_keys := {"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"}

# admin_policy_arn matches the AWS-managed AdministratorAccess policy in any partition.
admin_policy_arn := `^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$`

# The default endpoint policy AWS attaches when none is given (aws-semantics §5.3).
default_endpoint_policy := {"statements": [{
	"index": 0, "effect": "Allow", "principal": {"AWS": ["*"]},
	"action": ["*"], "resource": ["*"],
}]}

# statements lists a document's statements ([] when absent).
statements(doc) := object.get(doc, "statements", [])

# grants lists a document's analysed principal grants ([] when absent).
grants(doc) := object.get(object.get(doc, "analysis", {}), "grants", [])

# statement returns the statement of doc with the given index.
statement(doc, idx) := st if {
	some st in statements(doc)
	st.index == idx
}

# conditions lists a statement's conditions ([] when absent).
conditions(st) := object.get(st, "conditions", [])

# allow holds for an Allow statement.
allow(st) if st.effect == "Allow"

# positive holds for a condition that is false when its key is absent: not
# negated, not IfExists and not ForAllValues (aws-semantics §7.6).
positive(c) if {
	not object.get(c, "negated", false)
	not object.get(c, "if_exists", false)
	object.get(c, "qualifier", "") != "ForAllValues"
}

# pins holds for a positive string/ARN condition whose values are all fixed
# (non-empty and not a bare "*"). Null and Bool operators pin nothing.
pins(c) if {
	positive(c)
	not c.base in {"Null", "Bool"}
	count(object.get(c, "values", [])) > 0
	every v in c.values {
		not v in {"", "*"}
	}
}

# constrained holds when a statement pins one of constraining_keys.
constrained(st) if {
	some c in conditions(st)
	c.key in constraining_keys
	pins(c)
}

# has_condition_on holds when st has a non-negated condition on one of keys.
has_condition_on(st, keys) if {
	some c in conditions(st)
	c.key in keys
	not object.get(c, "negated", false)
}

# wildcard_regex turns an IAM action pattern into an anchored, lower-case
# regex: * -> .*, ? -> ., every other regex metacharacter escaped.
wildcard_regex(pattern) := concat("", [
	"^", strings.replace_n(
		{
			"*": ".*", "?": ".", ".": `\.`, "+": `\+`, "(": `\(`, ")": `\)`,
			"[": `\[`, "]": `\]`, "{": `\{`, "}": `\}`, "^": `\^`, "$": `\$`,
			"|": `\|`, `\`: `\\`,
		},
		lower(pattern),
	),
	"$",
])

# action_covers holds when IAM action pattern covers action, case-insensitively
# (aws-semantics §7.7). action may itself contain wildcards, matched literally.
action_covers(pattern, action) if regex.match(wildcard_regex(pattern), lower(action))

# allows_action holds when an Allow statement's Action (or NotAction) grants action.
allows_action(st, action) if {
	some a in object.get(st, "action", [])
	action_covers(a, action)
}

allows_action(st, action) if {
	na := object.get(st, "not_action", [])
	count(na) > 0
	every a in na {
		not action_covers(a, action)
	}
}

# service_wildcard holds for a whole-service action such as "s3:*".
service_wildcard(a) if regex.match(`^[a-z0-9-]+:\*$`, lower(a))

# admin_statement holds for Allow "*" (or "*:*") on Resource "*".
admin_statement(st) if {
	allow(st)
	some a in object.get(st, "action", [])
	a in {"*", "*:*"}
	"*" in object.get(st, "resource", [])
}

# role_documents lists a role's identity policies: inline policies plus the
# attached managed policies present in input.policies.
role_documents(role) := array.concat(
	[{"kind": "inline", "name": p.name, "document": p.document} |
		some p in object.get(role, "inline_policies", [])
	],
	[{"kind": "managed", "name": object.get(input.policies[arn], "name", arn), "arn": arn, "document": input.policies[arn].document} |
		some arn in object.get(role, "attached_policy_arns", [])
		input.policies[arn]
	],
)

# is_admin holds for a role with AdministratorAccess attached or an identity
# policy granting "*" on "*".
is_admin(role) if {
	some arn in object.get(role, "attached_policy_arns", [])
	regex.match(admin_policy_arn, arn)
}

is_admin(role) if {
	some d in role_documents(role)
	some st in statements(d.document)
	admin_statement(st)
}

# identity_documents lists the identity policies the hygiene checks inspect:
# customer-managed policies, inline policies of non-service-linked roles, and
# inline policies of users and groups, each with the resource that owns it and
# a label.
identity_documents contains {"resource": {"type": "policy", "id": p.id}, "where": sprintf("policy %s", [object.get(p, "name", p.id)]), "key": "document", "document": p.document} if {
	some p in input.policies
	not object.get(p, "aws_managed", false)
}

identity_documents contains {"resource": {"type": "role", "id": r.id}, "where": sprintf("role %s inline policy %s", [object.get(r, "name", r.id), ip.name]), "key": ip.name, "document": ip.document, "source": object.get(ip, "source", null)} if {
	some r in input.roles
	not object.get(r, "service_linked", false)
	some ip in object.get(r, "inline_policies", [])
}

identity_documents contains {"resource": {"type": "user", "id": u.id}, "where": sprintf("user %s inline policy %s", [object.get(u, "name", u.id), ip.name]), "key": ip.name, "document": ip.document, "source": object.get(ip, "source", null)} if {
	some u in input.users
	some ip in object.get(u, "inline_policies", [])
}

identity_documents contains {"resource": {"type": "group", "id": g.id}, "where": sprintf("group %s inline policy %s", [object.get(g, "name", g.id), ip.name]), "key": ip.name, "document": ip.document, "source": object.get(ip, "source", null)} if {
	some g in input.groups
	some ip in object.get(g, "inline_policies", [])
}

# trust_source is where a finding about a role's trust policy points: the
# aws_iam_policy_document the policy is written in, else the line of the
# role's assume_role_policy (AssumeRolePolicyDocument), else null (the role
# itself; issue #12 item 4).
trust_source(r) := written_at(r, "trust_policy_source", "trust_policy")

# policy_source is the same for a bucket's or an endpoint's policy: the
# aws_s3_bucket_policy / aws_vpc_endpoint_policy / AWS::S3::BucketPolicy or
# the aws_iam_policy_document it reads, else the policy attribute's line.
policy_source(e) := written_at(e, "policy_source", "policy")

written_at(e, at, _) := e[at]

written_at(e, at, field) := object.union(e.source, {"start_line": line, "end_line": line}) if {
	not e[at]
	line := e.source.lines[field]
}

written_at(e, at, field) := null if {
	not e[at]
	not e.source.lines[field]
}

# endpoint_policy is an endpoint's effective policy: its own, else the default
# full-access policy when AWS attached it (aws-semantics §5.3).
endpoint_policy(ep) := ep.policy

endpoint_policy(ep) := default_endpoint_policy if {
	not ep.policy
	object.get(ep, "policy_is_default", false)
}

# open_endpoint_statement holds for an Allow to everyone, on every action of
# the service (or "*"), on every resource, with no condition at all.
open_endpoint_statement(st) if {
	allow(st)
	"*" in object.get(object.get(st, "principal", {}), "AWS", [])
	some a in object.get(st, "action", [])
	open_action(a)
	"*" in object.get(st, "resource", [])
	count(conditions(st)) == 0
}

open_action(a) if a in {"*", "*:*"}

open_action(a) if service_wildcard(a)

# gateway holds for a Gateway endpoint.
gateway(ep) if lower(object.get(ep, "type", "")) == "gateway"

# default_full_access holds for a gateway endpoint whose policy is the AWS
# default (flagged, or literally the one full-access statement).
default_full_access(ep) if {
	gateway(ep)
	object.get(ep, "policy_is_default", false)
}

default_full_access(ep) if {
	gateway(ep)
	sts := statements(object.get(ep, "policy", {}))
	count(sts) == 1
	st := sts[0]
	allow(st)
	object.get(st, "principal", {}) == {"AWS": ["*"]}
	object.get(st, "action", []) == ["*"]
	object.get(st, "resource", []) == ["*"]
	count(conditions(st)) == 0
	not st.not_principal
	not st.not_action
	not st.not_resource
}

# endpoint_service is the service label of an AWS endpoint service name
# ("com.amazonaws.us-east-1.s3" -> "s3", "...ecr.dkr" -> "ecr").
endpoint_service(ep) := parts[3] if {
	parts := split(object.get(ep, "service_name", ""), ".")
	count(parts) >= 4
	parts[0] == "com"
	parts[1] == "amazonaws"
	parts[2] != "vpce"
}

# interface holds for an Interface endpoint.
interface(ep) if lower(object.get(ep, "type", "")) == "interface"

# action_in_service holds when an action pattern can name an action of
# service svc ("*", "s3:*", "s3:Get*", "s*:GetObject" for "s3").
action_in_service(a, _) if a in {"*", "*:*"}

action_in_service(a, svc) if {
	parts := split(a, ":")
	count(parts) == 2
	action_covers(parts[0], svc)
}

# grants_service holds when an Allow statement grants some action of svc:
# by Action, or by a NotAction that does not exclude the whole service.
grants_service(st, svc) if {
	allow(st)
	some a in object.get(st, "action", [])
	action_in_service(a, svc)
}

grants_service(st, svc) if {
	allow(st)
	na := object.get(st, "not_action", [])
	count(na) > 0
	every a in na {
		not action_covers(a, concat("", [svc, ":*"]))
	}
}

# role_grants_service holds when one of the role's identity policies (inline,
# or attached and present in input.policies) allows some action of svc.
role_grants_service(role, svc) if {
	some d in role_documents(role)
	some st in statements(d.document)
	grants_service(st, svc)
}
