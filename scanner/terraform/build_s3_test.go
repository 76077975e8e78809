package terraform

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func TestBucketACLs(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf": `
variable "acl" { type = string }
data "aws_canonical_user_id" "me" {}

resource "aws_s3_bucket" "canned" {
  bucket = "canned"
  acl    = "public-read"
}
resource "aws_s3_bucket" "inline_grants" {
  bucket = "inline-grants"
  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    permissions = ["READ", "WRITE_ACP"]
  }
}
resource "aws_s3_bucket" "separate" { bucket = "separate" }
resource "aws_s3_bucket_acl" "separate" {
  bucket = aws_s3_bucket.separate.id
  access_control_policy {
    grant {
      grantee {
        id   = data.aws_canonical_user_id.me.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }
    grant {
      grantee {
        id   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    owner { id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }
  }
}
resource "aws_s3_bucket_ownership_controls" "separate" {
  bucket = aws_s3_bucket.separate.id
  rule { object_ownership = "BucketOwnerPreferred" }
}
resource "aws_s3_bucket" "unknown" { bucket = "unknown" }
resource "aws_s3_bucket_acl" "unknown" {
  bucket = aws_s3_bucket.unknown.bucket
  acl    = var.acl
}
resource "aws_s3_bucket" "enforced" { bucket = "enforced" }
resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  rule { object_ownership = "BucketOwnerEnforced" }
}
`})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := func(b snapshot.Bucket) string { return b.ID }
	group := func(uri, perm string) snapshot.ACLGrant {
		return snapshot.ACLGrant{GranteeType: "Group", URI: uri, Permission: perm}
	}

	canned := find(t, s.Buckets, "canned", byID)
	if canned.ACL == nil || canned.ACL.Canned != "public-read" || !reflect.DeepEqual(canned.ACL.Grants, []snapshot.ACLGrant{group(snapshot.GroupAllUsers, "READ")}) {
		t.Errorf("canned: %+v", canned.ACL)
	} else if canned.ACL.Source.StartLine != 7 {
		t.Errorf("canned ACL source line %d, want the acl attribute's line 7", canned.ACL.Source.StartLine)
	}

	inline := find(t, s.Buckets, "inline-grants", byID)
	want := []snapshot.ACLGrant{group(snapshot.GroupAuthenticatedUsers, "READ"), group(snapshot.GroupAuthenticatedUsers, "WRITE_ACP")}
	if inline.ACL == nil || !reflect.DeepEqual(inline.ACL.Grants, want) {
		t.Errorf("inline grants: %+v", inline.ACL)
	}

	sep := find(t, s.Buckets, "separate", byID)
	want = []snapshot.ACLGrant{
		{GranteeType: "CanonicalUser", Permission: "FULL_CONTROL"}, // id unknown until apply: not public whatever it is
		group(snapshot.GroupLogDelivery, "WRITE"),
	}
	if sep.ACL == nil || !reflect.DeepEqual(sep.ACL.Grants, want) || sep.ObjectOwnership != "BucketOwnerPreferred" {
		t.Errorf("separate: %+v ownership %q", sep.ACL, sep.ObjectOwnership)
	} else if sep.ACL.Source.Address != "aws_s3_bucket_acl.separate" {
		t.Errorf("separate ACL source %+v, want the aws_s3_bucket_acl", sep.ACL.Source)
	}

	unk := find(t, s.Buckets, "unknown", byID)
	if unk.ACL != nil || !strings.Contains(strings.Join(unk.Unknown, ","), "acl") {
		t.Errorf("unknown acl: %+v unknown %v", unk.ACL, unk.Unknown)
	}
	gaps := 0
	for _, g := range s.Coverage {
		if g.Operation == "acl" {
			gaps++
			if g.Resource != "aws_s3_bucket_acl.unknown" {
				t.Errorf("ACL gap on %s, want only the unknown one", g.Resource)
			}
		}
	}
	if gaps != 1 {
		t.Errorf("%d ACL gaps, want 1 (the unknown acl): %+v", gaps, s.Coverage)
	}

	if e := find(t, s.Buckets, "enforced", byID); e.ObjectOwnership != snapshot.OwnershipEnforced || e.ACL != nil {
		t.Errorf("enforced: %+v %q", e.ACL, e.ObjectOwnership)
	}
}

// TestBucketACLNotCanned: an acl S3 would reject is a located problem at
// the attribute and the bucket's ACL unknown (a coverage gap), not the
// end of the directory.
func TestBucketACLNotCanned(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"public\"\n}\n"})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Diagnostics) != 1 || !strings.Contains(s.Diagnostics[0].Error(), "main.tf:3:") || !strings.Contains(s.Diagnostics[0].Error(), `"public" is not a canned ACL`) {
		t.Errorf("diagnostics %v, want one located at the acl", s.Diagnostics)
	}
	if b := find(t, s.Buckets, "b", func(b snapshot.Bucket) string { return b.ID }); b.ACL != nil {
		t.Errorf("acl %+v, want unknown", b.ACL)
	}
}
