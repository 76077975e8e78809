package cloudformation

import (
	"slices"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// inlinePolicies reads a Policies list of a user or group.
func (b *builder) inlinePolicies(r *resource, f fields, m *snapshot.Meta) []snapshot.InlinePolicy {
	var out []snapshot.InlinePolicy
	for _, p := range f.objs("Policies", "inline_policies") {
		pf := fields{t: b.t, o: p, what: r.id + " Policies", unknown: &m.Unknown}
		ip := snapshot.InlinePolicy{Name: pf.str("PolicyName", "inline_policies"), Source: b.itemSource(r, p)}
		if d := b.policy(r, p, p.m["PolicyDocument"], "inline_policies", &m.Unknown); d != nil {
			ip.Document = *d
		}
		out = append(out, ip)
	}
	return out
}

// iamUser is AWS::IAM::User: its own policies and its groups.
func (b *builder) iamUser(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	u := snapshot.User{ID: r.id, Name: cmpOr(f.str("UserName", "name"), r.id), Path: cmpOr(f.str("Path", "path"), "/")}
	u.InlinePolicies = b.inlinePolicies(r, f, m)
	u.AttachedPolicyARNs = f.strs("ManagedPolicyArns", "attached_policy_arns")
	u.PermissionsBoundaryARN = f.str("PermissionsBoundary", "permissions_boundary_arn")
	u.Meta = *m
	b.idx["users/"+u.ID] = len(b.s.Users)
	b.s.Users = append(b.s.Users, u)
	for _, g := range f.strs("Groups", "group_ids") {
		b.addToGroup(len(b.s.Users)-1, g)
	}
}

// iamGroup is AWS::IAM::Group.
func (b *builder) iamGroup(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	g := snapshot.Group{ID: r.id, Name: cmpOr(f.str("GroupName", "name"), r.id), Path: cmpOr(f.str("Path", "path"), "/")}
	g.InlinePolicies = b.inlinePolicies(r, f, m)
	g.AttachedPolicyARNs = f.strs("ManagedPolicyArns", "attached_policy_arns")
	g.Meta = *m
	b.idx["groups/"+g.ID] = len(b.s.Groups)
	b.s.Groups = append(b.s.Groups, g)
}

// indexByRef finds an entity of the template by logical id or name.
func (b *builder) indexByRef(coll, ref string, name func(int) string, n int) (int, bool) {
	if i, ok := b.idx[coll+"/"+ref]; ok {
		return i, true
	}
	for i := range n {
		if name(i) == ref {
			return i, true
		}
	}
	return 0, false
}

func (b *builder) userIndex(ref string) (int, bool) {
	return b.indexByRef("users", ref, func(i int) string { return b.s.Users[i].Name }, len(b.s.Users))
}

func (b *builder) groupIndex(ref string) (int, bool) {
	return b.indexByRef("groups", ref, func(i int) string { return b.s.Groups[i].Name }, len(b.s.Groups))
}

// addToGroup records user i as a member of the group ref names (a group
// outside the template keeps the name as its id).
func (b *builder) addToGroup(i int, ref string) {
	id := ref
	if g, ok := b.groupIndex(ref); ok {
		id = b.s.Groups[g].ID
	}
	if !slices.Contains(b.s.Users[i].GroupIDs, id) {
		b.s.Users[i].GroupIDs = append(b.s.Users[i].GroupIDs, id)
	}
}

// userToGroup is AWS::IAM::UserToGroupAddition.
func (b *builder) userToGroup(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	group := f.str("GroupName", "group")
	for _, ref := range f.strs("Users", "users") {
		if i, ok := b.userIndex(ref); ok {
			b.addToGroup(i, group)
		}
	}
}

// attachToPrincipals applies the Users and Groups of an AWS::IAM::Policy
// (inline, with doc) or AWS::IAM::ManagedPolicy (attached, arn).
func (b *builder) attachToPrincipals(f fields, inline *snapshot.InlinePolicy, arn string) {
	add := func(ps *[]snapshot.InlinePolicy, arns *[]string) {
		if inline != nil {
			*ps = append(*ps, *inline)
		} else {
			*arns = append(*arns, arn)
		}
	}
	for _, ref := range f.strs("Users", "users") {
		if i, ok := b.userIndex(ref); ok {
			add(&b.s.Users[i].InlinePolicies, &b.s.Users[i].AttachedPolicyARNs)
		}
	}
	for _, ref := range f.strs("Groups", "groups") {
		if i, ok := b.groupIndex(ref); ok {
			add(&b.s.Groups[i].InlinePolicies, &b.s.Groups[i].AttachedPolicyARNs)
		}
	}
}

// rpTypes are the CloudFormation resources that carry a resource policy:
// the property holding it, the property listing the resources a policy
// resource applies to ("" for the resource's own), service and type.
var rpTypes = map[string]struct{ policy, targets, service, rtype string }{
	"AWS::SQS::QueuePolicy":               {"PolicyDocument", "Queues", "sqs", "queue"},
	"AWS::SNS::TopicPolicy":               {"PolicyDocument", "Topics", "sns", "topic"},
	"AWS::KMS::Key":                       {"KeyPolicy", "", "kms", "key"},
	"AWS::ECR::Repository":                {"RepositoryPolicyText", "", "ecr", "repository"},
	"AWS::SecretsManager::ResourcePolicy": {"ResourcePolicy", "SecretId", "secretsmanager", "secret"},
	"AWS::OpenSearchService::Domain":      {"AccessPolicies", "", "es", "domain"},
	"AWS::Elasticsearch::Domain":          {"AccessPolicies", "", "es", "domain"},
}

// resourcePolicy maps the resource policies of rpTypes, one per resource
// the policy applies to.
func (b *builder) resourcePolicy(r *resource, o *obj, m *snapshot.Meta) {
	k := rpTypes[r.typ]
	v, ok := o.m[k.policy]
	if !ok {
		return
	}
	f := b.f(r, o, m)
	targets := []string{r.id}
	switch k.targets {
	case "":
	case "SecretId":
		targets = []string{f.str("SecretId", "name")}
	default:
		targets = f.strs(k.targets, "name")
	}
	for _, t := range targets {
		p := snapshot.ResourcePolicy{ID: k.service + "/" + t, Service: k.service, ResourceType: k.rtype, Name: t, Meta: *m}
		p.Account = b.account
		// A value known only at deployment (the account id in a
		// principal) would read as a wildcard: such a policy is left
		// unknown rather than judged public.
		if d := b.policy(r, o, v, "policy", &p.Unknown); d != nil && !slices.Contains(p.Unknown, "policy") {
			p.Policy = *d
		}
		b.s.ResourcePolicies = append(b.s.ResourcePolicies, p)
	}
}

// lambdaPermission is AWS::Lambda::Permission: the statement Lambda adds
// to the function's policy, its own resource policy.
func (b *builder) lambdaPermission(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	principal, action := f.str("Principal", "policy"), f.str("Action", "policy")
	p := snapshot.ResourcePolicy{ID: "lambda/" + r.id, Service: "lambda", ResourceType: "function", Name: f.str("FunctionName", "name"), Meta: *m}
	p.Account = b.account
	if principal != "" && action != "" {
		cond := map[string]string{}
		for _, param := range iampolicy.LambdaConditionParams {
			if f.has(param) {
				cond[param] = cmpOr(f.str(param, ""), "(known after deployment)")
			}
		}
		p.Policy = iampolicy.LambdaPermission{Principal: principal, Action: action, Resource: "*", Conditions: cond}.Document()
	}
	b.s.ResourcePolicies = append(b.s.ResourcePolicies, p)
}
