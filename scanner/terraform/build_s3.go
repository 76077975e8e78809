package terraform

import (
	"cmp"
	"fmt"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) s3Bucket(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	bk := &snapshot.Bucket{ID: id}
	if n, st := str(o, "bucket", &unk, "name"); st == known {
		bk.Name, bk.ARN = n, "arn:aws:s3:::"+n
	} else if st == absent {
		unk.add("name")
	}
	if d, st := policyDoc(o, "policy", &unk, "policy"); st == known {
		bk.Policy = &d
		bk.PolicySource = b.docSource(o, "policy")
	}
	bk.Meta = b.meta(in, unk)
	b.buckets[id] = bk
	// The inline acl and grant arguments (deprecated, still honoured by
	// the AWS provider) set the bucket ACL as aws_s3_bucket_acl does.
	if gs := nested(o, "grant"); len(gs) > 0 {
		acl, ok := grants(gs, func(g *obj) *obj { return g }, "permissions", "")
		b.setACL(in, bk, acl, ok, nestedSrc(in, gs[0]))
	} else if _, ok := o.attrs["acl"]; ok {
		r := o.ranges["acl"]
		acl, ok := b.cannedACL(in, o)
		b.setACL(in, bk, acl, ok, &snapshot.Source{File: r.Filename, StartLine: r.Start.Line, EndLine: r.End.Line, Address: in.addr})
	}
}

// bucketACL applies an aws_s3_bucket_acl: a canned acl or an
// access_control_policy of grants.
func (b *builder) bucketACL(in *instance) {
	o := in.o
	bid, ok := b.need(in, "bucket", "aws_s3_bucket")
	if !ok {
		return
	}
	bk := b.bucket(bid, in)
	liftIgnores(bk.Source, in.src.Ignores)
	src := ownSource(in)
	if acps := nested(o, "access_control_policy"); len(acps) > 0 {
		acp := acps[0]
		owner := ""
		if ow := nested(acp, "owner"); len(ow) > 0 {
			owner, _ = asString(ow[0].attrs["id"])
		}
		grantee := func(g *obj) *obj {
			if ge := nested(g, "grantee"); len(ge) > 0 {
				return ge[0]
			}
			return &obj{unknownAll: g.unknownAll}
		}
		acl, ok := grants(nested(acp, "grant"), grantee, "permission", owner)
		ok = ok && !acp.unknownAll
		b.setACL(in, bk, acl, ok, src)
		return
	}
	if _, set := o.attrs["acl"]; set {
		acl, ok := b.cannedACL(in, o)
		b.setACL(in, bk, acl, ok, src)
	}
}

// ownershipControls applies aws_s3_bucket_ownership_controls.
func (b *builder) ownershipControls(in *instance) {
	bid, ok := b.need(in, "bucket", "aws_s3_bucket")
	if !ok {
		return
	}
	bk := b.bucket(bid, in)
	liftIgnores(bk.Source, in.src.Ignores)
	for _, r := range nested(in.o, "rule") {
		v, st := asString(r.attrs["object_ownership"])
		if st == unknown || r.unknownAll {
			bk.Unknown = append(bk.Unknown, "object_ownership")
			continue
		}
		bk.ObjectOwnership = v
	}
}

// setACL records a bucket's ACL; one whose public grants cannot be known
// before apply is a coverage gap, since a public ACL would go unreported.
func (b *builder) setACL(in *instance, bk *snapshot.Bucket, acl *snapshot.BucketACL, ok bool, src *snapshot.Source) {
	if !ok {
		bk.ACL = nil
		bk.Unknown = append(bk.Unknown, "acl")
		b.l.gap(in.addr, "acl", fmt.Sprintf("%s:%d: the bucket ACL is not known (unknown until apply, or not a value S3 accepts): whether it is public was not checked", src.File, src.StartLine), nil)
		return
	}
	if acl == nil {
		return
	}
	acl.Source = src
	bk.ACL = acl
}

// cannedACL reads a canned acl attribute: false when it is unknown, or not
// a name S3 accepts (then also an input problem at the attribute).
func (b *builder) cannedACL(in *instance, o *obj) (*snapshot.BucketACL, bool) {
	name, st := asString(o.attrs["acl"])
	if st != known {
		return nil, st == absent
	}
	acl, ok := snapshot.CannedACL(name)
	if !ok {
		b.invalidAt(in, o, "acl", "%s: acl %q is not a canned ACL S3 accepts", in.addr, name)
		return nil, false
	}
	return acl, true
}

// grants reads grant blocks: aws_s3_bucket's grant (type, id, uri,
// permissions) or aws_s3_bucket_acl's access_control_policy.grant
// (grantee {type, id, uri, email_address}, permission). Grants to the
// owner's canonical id are left out. False when a grantee that could be
// a public group is unknown until apply.
func grants(blocks []*obj, granteeOf func(*obj) *obj, permAttr, owner string) (*snapshot.BucketACL, bool) {
	acl := &snapshot.BucketACL{Grants: []snapshot.ACLGrant{}}
	for _, g := range blocks {
		ge := granteeOf(g)
		typ, st := asString(ge.attrs["type"])
		uri, ust := asString(ge.attrs["uri"])
		if ge.unknownAll || st != known || typ == "Group" && ust != known {
			return nil, false
		}
		gr := snapshot.ACLGrant{GranteeType: typ, URI: uri}
		gr.ID, _ = asString(ge.attrs["id"])
		gr.Email, _ = asString(ge.attrs["email_address"])
		if typ == "CanonicalUser" && gr.ID != "" && gr.ID == owner {
			continue
		}
		perms, n, pst := asStrings(g.attrs[permAttr])
		if pst == unknown || n > 0 {
			// Any permission to a public group makes the ACL public.
			perms = append(perms, "")
		}
		for _, p := range perms {
			gr.Permission = p
			acl.Grants = append(acl.Grants, gr)
		}
	}
	return acl, true
}

func (b *builder) bucketPolicy(in *instance) {
	o := in.o
	bid, ok := b.need(in, "bucket", "aws_s3_bucket")
	if !ok {
		return
	}
	bk := b.bucket(bid, in)
	liftIgnores(bk.Source, in.src.Ignores)
	if d, st := policyDoc(o, "policy", nil, ""); st == known {
		bk.Policy = &d
		bk.PolicySource = cmp.Or(b.docSource(o, "policy"), ownSource(in))
	} else if st == unknown {
		bk.Unknown = append(bk.Unknown, "policy")
	}
}

func (b *builder) publicAccessBlock(in *instance) {
	o := in.o
	bid, ok := b.need(in, "bucket", "aws_s3_bucket")
	if !ok {
		return
	}
	bk := b.bucket(bid, in)
	var pu fields
	bk.PublicAccessBlock = &snapshot.PublicAccessBlock{
		BlockPublicACLs:       boolAttr(o, "block_public_acls", false, &pu, "public_access_block"),
		IgnorePublicACLs:      boolAttr(o, "ignore_public_acls", false, &pu, "public_access_block"),
		BlockPublicPolicy:     boolAttr(o, "block_public_policy", false, &pu, "public_access_block"),
		RestrictPublicBuckets: boolAttr(o, "restrict_public_buckets", false, &pu, "public_access_block"),
	}
	if len(pu) > 0 {
		bk.Unknown = append(bk.Unknown, "public_access_block")
	}
}

func (b *builder) bucket(id string, in *instance) *snapshot.Bucket {
	if bk, ok := b.buckets[id]; ok {
		return bk
	}
	src := *in.src
	bk := &snapshot.Bucket{ID: id, Name: id, ARN: "arn:aws:s3:::" + id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src}}
	b.buckets[id] = bk
	return bk
}
