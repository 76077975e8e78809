package cloudformation

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func bucketByID(t *testing.T, s *snapshot.Snapshot, id string) snapshot.Bucket {
	t.Helper()
	i := slices.IndexFunc(s.Buckets, func(b snapshot.Bucket) bool { return b.ID == id })
	if i < 0 {
		t.Fatalf("no bucket %s in %+v", id, s.Buckets)
	}
	return s.Buckets[i]
}

func TestBucketACL(t *testing.T) {
	s := mustParse(t, `Parameters:
  Acl: {Type: String}
  Own: {Type: String}
Resources:
  Public:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: public
      AccessControl: PublicReadWrite
      OwnershipControls:
        Rules: [{ObjectOwnership: ObjectWriter}]
  Default:
    Type: AWS::S3::Bucket
    Properties: {BucketName: default, AccessControl: PublicRead}
  UnknownAcl:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: unknown-acl
      AccessControl: !Ref Acl
      OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerPreferred}]}
  UnknownOwnership:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: unknown-ownership
      OwnershipControls: {Rules: [{ObjectOwnership: !Ref Own}]}
`, Options{})
	pub := bucketByID(t, s, "public")
	want := []snapshot.ACLGrant{
		{GranteeType: "Group", URI: snapshot.GroupAllUsers, Permission: "READ"},
		{GranteeType: "Group", URI: snapshot.GroupAllUsers, Permission: "WRITE"},
	}
	if pub.ACL == nil || pub.ACL.Canned != "public-read-write" || !reflect.DeepEqual(pub.ACL.Grants, want) || pub.ObjectOwnership != "ObjectWriter" {
		t.Errorf("public: %+v %q", pub.ACL, pub.ObjectOwnership)
	} else if pub.ACL.Source.StartLine != 9 || pub.ACL.Source.Address != "Public" {
		t.Errorf("public ACL source %+v, want the AccessControl line 9", pub.ACL.Source)
	}
	if d := bucketByID(t, s, "default"); d.ObjectOwnership != snapshot.OwnershipEnforced {
		t.Errorf("a new bucket without OwnershipControls has ACLs disabled, got %q", d.ObjectOwnership)
	}
	ua := bucketByID(t, s, "unknown-acl")
	if ua.ACL != nil || !slices.Contains(ua.Unknown, "acl") {
		t.Errorf("unknown acl: %+v %v", ua.ACL, ua.Unknown)
	}
	if len(s.Coverage) != 1 || !strings.Contains(s.Coverage[0].Error, "line 19: the bucket's canned ACL is unknown") {
		t.Errorf("want one gap for the unknown ACL (ACLs not disabled), got %+v", s.Coverage)
	}
	if uo := bucketByID(t, s, "unknown-ownership"); uo.ObjectOwnership != "" || !slices.Contains(uo.Unknown, "object_ownership") {
		t.Errorf("unknown ownership: %q %v", uo.ObjectOwnership, uo.Unknown)
	}
}

// TestBucketACLNotCanned: an AccessControl S3 would reject is a located
// problem and the ACL unknown (a coverage gap where ACLs are enabled).
func TestBucketACLNotCanned(t *testing.T) {
	s, err := Parse([]byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {AccessControl: Public, OwnershipControls: {Rules: [{ObjectOwnership: ObjectWriter}]}}\n"), "t.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Diagnostics) != 1 || !strings.Contains(s.Diagnostics[0].Error(), `t.yaml:4:18: B: AccessControl "Public" is not a canned ACL`) {
		t.Errorf("diagnostics %v, want one located at AccessControl", s.Diagnostics)
	}
	if len(s.Coverage) != 1 || s.Buckets[0].ACL != nil {
		t.Errorf("coverage %+v acl %+v: want the ACL unknown and a gap", s.Coverage, s.Buckets[0].ACL)
	}
}
