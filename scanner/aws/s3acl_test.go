package aws_test

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// TestBucketACLs scans buckets whose ACLs S3 enforces differently: the
// scanner reads GetBucketAcl and GetBucketOwnershipControls, S3006 fires
// on the public ACL only.
func TestBucketACLs(t *testing.T) {
	isolate(t)
	w := world(t)
	acct := w.Accounts[0].ID
	bucket := func(name, canned, ownership string, pab *snapshot.PublicAccessBlock) snapshot.Bucket {
		acl, ok := snapshot.CannedACL(canned)
		if !ok {
			t.Fatalf("canned %q", canned)
		}
		return snapshot.Bucket{ID: name, Name: name, ACL: acl, ObjectOwnership: ownership, PublicAccessBlock: pab, Meta: snapshot.Meta{Account: acct, Region: "us-east-1"}}
	}
	other := snapshot.ACLGrant{GranteeType: "CanonicalUser", ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", Permission: "READ"}
	logs := bucket("acl-logs", "log-delivery-write", "", nil)
	logs.ACL.Grants = append(logs.ACL.Grants, other)
	w.Buckets = append(w.Buckets,
		bucket("acl-public", "public-read-write", "ObjectWriter", nil),
		bucket("acl-enforced", "public-read", snapshot.OwnershipEnforced, nil),
		bucket("acl-ignored", "authenticated-read", "BucketOwnerPreferred", &snapshot.PublicAccessBlock{IgnorePublicACLs: true}),
		logs,
	)
	accountPAB := w.Accounts[0].PublicAccessBlock
	w.Accounts[0].PublicAccessBlock = nil
	srv := awstest.New(w)
	defer srv.Close()
	snap, _ := scan(t, options(srv))
	if len(readGaps(snap.Coverage)) != 0 {
		t.Fatalf("gaps: %+v (a bucket without ownership controls is not one)", snap.Coverage)
	}
	got := map[string]snapshot.Bucket{}
	for _, b := range snap.Buckets {
		got[b.ID] = b
	}
	group := func(uri, perm string) snapshot.ACLGrant {
		return snapshot.ACLGrant{GranteeType: "Group", URI: uri, Permission: perm}
	}
	for name, want := range map[string]struct {
		grants    []snapshot.ACLGrant
		ownership string
	}{
		"acl-public": {[]snapshot.ACLGrant{group(snapshot.GroupAllUsers, "READ"), group(snapshot.GroupAllUsers, "WRITE")}, "ObjectWriter"},
		// S3 answers with the ACL it enforces: the owner's grant only.
		"acl-enforced": {[]snapshot.ACLGrant{}, snapshot.OwnershipEnforced},
		"acl-ignored":  {[]snapshot.ACLGrant{}, "BucketOwnerPreferred"},
		// The owner's own FULL_CONTROL is left out; another account's grant is kept.
		"acl-logs": {[]snapshot.ACLGrant{group(snapshot.GroupLogDelivery, "WRITE"), group(snapshot.GroupLogDelivery, "READ_ACP"), other}, ""},
	} {
		b := got[name]
		if b.ACL == nil || !slices.Equal(b.ACL.Grants, want.grants) || b.ObjectOwnership != want.ownership {
			t.Errorf("%s: ACL %+v ownership %q, want %+v %q", name, b.ACL, b.ObjectOwnership, want.grants, want.ownership)
		}
	}
	var s3006 []string
	for _, f := range findings(t, nil, snap) {
		if len(f) > 6 && f[:6] == "S3006 " {
			s3006 = append(s3006, f[6:])
		}
	}
	if !slices.Equal(s3006, []string{"acl-public"}) {
		t.Errorf("S3006 on %v, want acl-public only", s3006)
	}

	// The fixture account ignores public ACLs: S3 then enforces none of
	// the public grants and GetBucketAcl does not list them.
	w.Accounts[0].PublicAccessBlock = accountPAB
	snap, _ = scan(t, options(srv))
	if i := slices.IndexFunc(snap.Buckets, func(b snapshot.Bucket) bool { return b.ID == "acl-public" }); i < 0 || snap.Buckets[i].ACL == nil || len(snap.Buckets[i].ACL.Grants) != 0 {
		t.Errorf("with the account's IgnorePublicAcls, acl-public should read as owner-only: %+v", snap.Buckets)
	}
}
