# METADATA
# title: Bucket ACL grants access to everyone or to every AWS account
# description: |
#   The bucket's access control list grants a permission to the AllUsers group
#   (anyone, anonymous included) or to the AuthenticatedUsers group, which is
#   every AWS account in the world, not the owner's. S3 calls such an ACL
#   public whatever the permission ("any permissions to members of the
#   predefined AllUsers or AuthenticatedUsers groups"): READ lists the keys,
#   WRITE creates, overwrites and deletes objects, READ_ACP and WRITE_ACP read
#   and rewrite the ACL itself, so a write grant is critical. The canned ACLs
#   public-read, public-read-write and authenticated-read do this;
#   log-delivery-write (the S3 log delivery group) does not.
#   ACLs grant nothing when Object Ownership is BucketOwnerEnforced, and the
#   rule stays quiet then. When Block Public Access IgnorePublicAcls is on for
#   the bucket or the account, S3 ignores the public grants today; the finding
#   is then low, since turning that setting off exposes the bucket at once.
#   BlockPublicAcls alone does not: it rejects new public ACLs and leaves an
#   existing one in force.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2
# custom:
#   id: S3006
#   name: s3-bucket-acl-public
#   category: exposure
#   severity: high
#   remediation: Set Object Ownership to BucketOwnerEnforced (ACLs disabled) and grant access with a bucket policy, or set the ACL to private; keep Block Public Access (IgnorePublicAcls, BlockPublicAcls) on for the bucket and the account.
#   frameworks:
#     aws-fsbp: ["S3.2", "S3.3"]
#   tags: [s3, acl, public]
package vpclint.rules.s3.bucket_acl_public

# S3's predefined groups that make an ACL public.
public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "every AWS account (AuthenticatedUsers)",
}

write_permissions := {"WRITE", "WRITE_ACP", "FULL_CONTROL"}

acls_disabled(b) if b.object_ownership == "BucketOwnerEnforced"

ignored(b) if b.public_access_block.ignore_public_acls == true

ignored(b) if input.accounts[b.account].public_access_block.ignore_public_acls == true

public_grants(b) := [g | some g in b.acl.grants; public_groups[g.uri]]

severity(b) := "low" if ignored(b)

else := "critical" if {
	some g in public_grants(b)
	g.permission in write_permissions
}

else := "high"

note(b) := ", ignored today by Block Public Access IgnorePublicAcls" if ignored(b)

else := ""

findings contains f if {
	some b in input.buckets
	not acls_disabled(b)
	grants := public_grants(b)
	count(grants) > 0
	what := concat(", ", sort({sprintf("%s to %s", [object.get(g, "permission", ""), public_groups[g.uri]]) | some g in grants}))
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"message": sprintf("bucket %s ACL grants %s%s", [b.id, what, note(b)]),
		"key": "acl",
		"severity": severity(b),
		"evidence": {"canned": object.get(b.acl, "canned", ""), "public_grants": grants, "object_ownership": object.get(b, "object_ownership", "")},
		"source": object.get(b.acl, "source", {}),
	}
}
