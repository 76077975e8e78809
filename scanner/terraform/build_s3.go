package terraform

import "github.com/vpclint/vpclint/snapshot"

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
	}
	bk.Meta = b.meta(in, unk)
	b.buckets[id] = bk
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
