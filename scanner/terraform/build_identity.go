package terraform

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// principal is what users and groups share: a name, an ARN and their own
// policies.
type principal struct {
	meta     *snapshot.Meta
	inline   *[]snapshot.InlinePolicy
	attached *[]string
}

func (b *builder) iamUser(in *instance) {
	id := b.alias[in.addr]
	u := &snapshot.User{ID: id, Path: "/"}
	u.Meta, u.Name, u.ARN, u.Path = b.identityBase(in)
	u.PermissionsBoundaryARN, _ = b.ref(in.o, "permissions_boundary", (*fields)(&u.Unknown), "permissions_boundary_arn")
	b.users[id] = u
}

func (b *builder) iamGroup(in *instance) {
	id := b.alias[in.addr]
	g := &snapshot.Group{ID: id}
	g.Meta, g.Name, g.ARN, g.Path = b.identityBase(in)
	b.groups[id] = g
}

// identityBase reads what a user and a group have in common. A name
// unknown until apply is replaced by the address, so messages name
// something.
func (b *builder) identityBase(in *instance) (meta snapshot.Meta, name, arn, path string) {
	var unk fields
	path = "/"
	name, st := str(in.o, "name", &unk, "name")
	if st != known {
		unk.add("name")
		name = in.addr
	}
	if p, st := str(in.o, "path", &unk, "path"); st == known {
		path = p
	}
	if a, ok := computed(in)["arn"]; ok {
		arn = a.AsString()
	}
	meta = b.meta(in, unk)
	meta.Account = in.account
	return meta, name, arn, path
}

// principalOf finds (or stands in for) the user or group an attaching
// resource names in attr; typ is aws_iam_user or aws_iam_group.
func (b *builder) principalOf(in *instance, attr, typ string) (principal, bool) {
	id, ok := b.need(in, attr, typ)
	if !ok {
		return principal{}, false
	}
	return b.principalByID(id, typ, in), true
}

func (b *builder) principalByID(id, typ string, in *instance) principal {
	if typ == "aws_iam_group" {
		g, ok := b.groups[id]
		if !ok {
			g = &snapshot.Group{ID: id, Meta: b.standIn(in)}
			g.Name, g.ARN = nameARN(id)
			b.groups[id] = g
		}
		return principal{meta: &g.Meta, inline: &g.InlinePolicies, attached: &g.AttachedPolicyARNs}
	}
	u, ok := b.users[id]
	if !ok {
		u = &snapshot.User{ID: id, Meta: b.standIn(in)}
		u.Name, u.ARN = nameARN(id)
		b.users[id] = u
	}
	return principal{meta: &u.Meta, inline: &u.InlinePolicies, attached: &u.AttachedPolicyARNs}
}

// standIn is the meta of a user or group declared elsewhere (by name):
// located at the resource that names it.
func (b *builder) standIn(in *instance) snapshot.Meta {
	src := *in.src
	return snapshot.Meta{Account: in.account, Source: &src}
}

// nameARN splits an id that may be an ARN into a name and the ARN.
func nameARN(id string) (name, arn string) {
	if strings.HasPrefix(id, "arn:") {
		return id[strings.LastIndex(id, "/")+1:], id
	}
	return id, ""
}

func typeOfPolicyResource(typ string) string {
	if strings.HasPrefix(typ, "aws_iam_group") {
		return "aws_iam_group"
	}
	return "aws_iam_user"
}

// principalPolicy applies an aws_iam_user_policy or aws_iam_group_policy:
// an inline policy located at its own resource.
func (b *builder) principalPolicy(in *instance) {
	typ := typeOfPolicyResource(in.typ)
	p, ok := b.principalOf(in, strings.TrimPrefix(typ, "aws_iam_"), typ)
	if !ok {
		return
	}
	name, _ := str(in.o, "name", nil, "")
	doc, st := policyDoc(in.o, "policy", nil, "")
	switch st {
	case known:
		*p.inline = append(*p.inline, snapshot.InlinePolicy{Name: cmp.Or(name, in.addr), Document: doc, Source: cmp.Or(b.docSource(in.o, "policy"), ownSource(in))})
	case unknown:
		p.meta.Unknown = append(p.meta.Unknown, "inline_policies")
	case absent:
	}
}

// principalPolicyAttachment applies an aws_iam_user_policy_attachment or
// aws_iam_group_policy_attachment.
func (b *builder) principalPolicyAttachment(in *instance) {
	typ := typeOfPolicyResource(in.typ)
	p, ok := b.principalOf(in, strings.TrimPrefix(typ, "aws_iam_"), typ)
	if !ok {
		return
	}
	b.attachPolicy(in, p)
}

func (b *builder) attachPolicy(in *instance, p principal) {
	var unk fields
	arn, st := b.ref(in.o, "policy_arn", &unk, "attached_policy_arns", "aws_iam_policy")
	switch st {
	case known:
		if !slices.Contains(*p.attached, arn) {
			*p.attached = append(*p.attached, arn)
		}
	case unknown:
		p.meta.Unknown = append(p.meta.Unknown, "attached_policy_arns")
	case absent:
	}
}

// userGroupMembership applies an aws_iam_user_group_membership: one user,
// some of its groups.
func (b *builder) userGroupMembership(in *instance) {
	uid, ok := b.need(in, "user", "aws_iam_user")
	if !ok {
		return
	}
	b.principalByID(uid, "aws_iam_user", in)
	u := b.users[uid]
	for _, gid := range b.refs(in.o, "groups", (*fields)(&u.Unknown), "group_ids", "aws_iam_group") {
		b.principalByID(gid, "aws_iam_group", in)
		u.GroupIDs = append(u.GroupIDs, gid)
	}
}

// groupMembership applies an aws_iam_group_membership: one group, all of
// its users.
func (b *builder) groupMembership(in *instance) {
	gid, ok := b.need(in, "group", "aws_iam_group")
	if !ok {
		return
	}
	g := b.principalByID(gid, "aws_iam_group", in)
	for _, uid := range b.refs(in.o, "users", (*fields)(&g.meta.Unknown), "users", "aws_iam_user") {
		b.principalByID(uid, "aws_iam_user", in)
		b.users[uid].GroupIDs = append(b.users[uid].GroupIDs, gid)
	}
}

// policyAttachment applies an aws_iam_policy_attachment: one policy
// attached to users, groups and roles (exclusively, which vpclint does not
// model: other attachments of the policy are kept).
func (b *builder) policyAttachment(in *instance) {
	var unk fields
	for _, uid := range b.refs(in.o, "users", &unk, "users", "aws_iam_user") {
		b.attachPolicy(in, b.principalByID(uid, "aws_iam_user", in))
	}
	for _, gid := range b.refs(in.o, "groups", &unk, "groups", "aws_iam_group") {
		b.attachPolicy(in, b.principalByID(gid, "aws_iam_group", in))
	}
	for _, rid := range b.refs(in.o, "roles", &unk, "roles", "aws_iam_role") {
		r := b.role(rid, in)
		b.attachPolicy(in, principal{meta: &r.Meta, attached: &r.AttachedPolicyARNs})
	}
	if len(unk) > 0 {
		b.gapAt(in, strings.Join(unk, ","), "%s: %s unknown until apply, so the policy's attachments could not all be applied", in.addr, strings.Join(unk, " and "))
	}
}
