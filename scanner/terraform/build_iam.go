package terraform

import (
	"cmp"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) iamRole(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	r := &snapshot.Role{ID: id, Path: "/"}
	var st state
	if r.Name, st = str(o, "name", &unk, "name"); st != known {
		unk.add("name")
		r.Name = in.addr // as CloudFormation names it by logical id, so messages name something
	}
	if p, st := str(o, "path", &unk, "path"); st == known {
		r.Path = p
	}
	if a, ok := computed(in)["arn"]; ok {
		r.ARN = a.AsString()
	}
	r.TrustPolicy, _ = policyDoc(o, "assume_role_policy", &unk, "trust_policy")
	r.TrustPolicySource = b.docSource(o, "assume_role_policy")
	for _, c := range nested(o, "inline_policy") {
		name, _ := str(c, "name", &unk, "inline_policies")
		if doc, st := policyDoc(c, "policy", &unk, "inline_policies"); st == known {
			r.InlinePolicies = append(r.InlinePolicies, snapshot.InlinePolicy{Name: name, Document: doc, Source: cmp.Or(b.docSource(c, "policy"), nestedSrc(in, c))})
		}
	}
	r.AttachedPolicyARNs = append(r.AttachedPolicyARNs, b.refs(o, "managed_policy_arns", &unk, "attached_policy_arns", "aws_iam_policy")...)
	r.PermissionsBoundaryARN, _ = b.ref(o, "permissions_boundary", &unk, "permissions_boundary_arn")
	r.Meta = b.meta(in, unk)
	r.Account = in.account
	b.roles[id] = r
}

func (b *builder) iamPolicy(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	p := &snapshot.ManagedPolicy{ID: id}
	if p.Name, _ = str(o, "name", &unk, "name"); p.Name == "" {
		unk.add("name")
	}
	if a, ok := computed(in)["arn"]; ok {
		p.ARN = a.AsString()
	}
	p.Document, _ = policyDoc(o, "policy", &unk, "document")
	p.Meta = b.meta(in, unk)
	b.policies[id] = p
}

func (b *builder) instanceProfile(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	p := &snapshot.InstanceProfile{ID: id}
	p.Name, _ = str(o, "name", &unk, "name")
	if a, ok := computed(in)["arn"]; ok {
		p.ARN = a.AsString()
	}
	if r, st := b.ref(o, "role", &unk, "role_ids", "aws_iam_role"); st == known {
		p.RoleIDs = []string{r}
	}
	p.Meta = b.meta(in, unk)
	b.profiles[id] = p
}

func (b *builder) oidcProvider(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	p := &snapshot.IdentityProvider{ID: id, Type: "oidc"}
	p.URL, _ = str(o, "url", &unk, "url")
	cl, _, _ := asStrings(o.attrs["client_id_list"])
	p.ClientIDs = cl
	p.Thumbprints, _, _ = asStrings(o.attrs["thumbprint_list"])
	if a, ok := computed(in)["arn"]; ok {
		p.ID = a.AsString()
	}
	p.Meta = b.meta(in, unk)
	b.idps[id] = p
}

func (b *builder) rolePolicy(in *instance) {
	o := in.o
	rid, ok := b.need(in, "role", "aws_iam_role")
	if !ok {
		return
	}
	r := b.role(rid, in)
	name, _ := str(o, "name", nil, "")
	if doc, st := policyDoc(o, "policy", nil, ""); st == known {
		r.InlinePolicies = append(r.InlinePolicies, snapshot.InlinePolicy{Name: cmp.Or(name, in.addr), Document: doc, Source: cmp.Or(b.docSource(o, "policy"), ownSource(in))})
	} else if st == unknown {
		r.Unknown = append(r.Unknown, "inline_policies")
	}
}

func (b *builder) rolePolicyAttachment(in *instance) {
	o := in.o
	rid, ok := b.need(in, "role", "aws_iam_role")
	if !ok {
		return
	}
	r := b.role(rid, in)
	var unk fields
	if p, st := b.ref(o, "policy_arn", &unk, "attached_policy_arns", "aws_iam_policy"); st == known {
		r.AttachedPolicyARNs = append(r.AttachedPolicyARNs, p)
	} else if st == unknown {
		r.Unknown = append(r.Unknown, "attached_policy_arns")
	}
}

func (b *builder) role(id string, in *instance) *snapshot.Role {
	if r, ok := b.roles[id]; ok {
		return r
	}
	src := *in.src
	r := &snapshot.Role{ID: id, Name: id, Meta: snapshot.Meta{Account: in.account, Source: &src, Unknown: []string{"trust_policy"}}}
	if strings.HasPrefix(id, "arn:") {
		r.ARN = id
		r.Name = id[strings.LastIndex(id, "/")+1:]
	}
	b.roles[id] = r
	return r
}
