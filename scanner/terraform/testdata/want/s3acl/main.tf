# Bucket ACLs as S3 decides "public": a grant to AllUsers or
# AuthenticatedUsers, unless Object Ownership disables ACLs. S3006 lands on
# the ACL: the acl argument, or the aws_s3_bucket_acl resource.
# (S3003, no TLS-deny policy, is not what these buckets are about.)

# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "inline_public_read" {
  bucket = "acl-inline-public-read"
  acl    = "public-read" # want "S3006"
}

# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "separate_public_write" {
  bucket = "acl-separate-public-write"
}

resource "aws_s3_bucket_ownership_controls" "separate_public_write" {
  bucket = aws_s3_bucket.separate_public_write.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

# BlockPublicAcls rejects new public ACLs but leaves this one in force.
resource "aws_s3_bucket_public_access_block" "separate_public_write" {
  bucket            = aws_s3_bucket.separate_public_write.id
  block_public_acls = true
}

resource "aws_s3_bucket_acl" "separate_public_write" { # want "S3006"
  bucket = aws_s3_bucket.separate_public_write.id
  acl    = "public-read-write"
}

# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "any_aws_account" {
  bucket = "acl-any-aws-account"
}

resource "aws_s3_bucket_acl" "any_aws_account" { # want "S3006"
  bucket = aws_s3_bucket.any_aws_account.bucket
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "READ"
    }
    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}

# IgnorePublicAcls: S3 ignores the grant today (a low finding).
# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "ignored" {
  bucket = "acl-ignored"
  acl    = "public-read" # want "S3006"
}

resource "aws_s3_bucket_public_access_block" "ignored" {
  bucket             = aws_s3_bucket.ignored.id
  ignore_public_acls = true
}

# ACLs disabled: the public-read ACL grants nothing.
# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "enforced" {
  bucket = "acl-enforced"
}

resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_acl" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  acl    = "public-read"
}

# The log delivery group and the owner are not the public.
# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "logs" {
  bucket = "acl-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

# vpclint:ignore S3003 ACL fixture
resource "aws_s3_bucket" "private" {
  bucket = "acl-private"
  acl    = "private"
}
