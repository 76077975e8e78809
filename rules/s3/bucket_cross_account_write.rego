# METADATA
# title: Bucket policy lets another account write or change permissions
# description: |
#   An Allow statement in the bucket policy grants a principal outside the
#   bucket's account (a specific foreign account, "*", a wildcard account, or
#   NotPrincipal) a write or permission-changing action: s3:Put*, s3:Delete*
#   (including PutBucketPolicy, DeleteBucketPolicy, PutBucketAcl, PutObjectAcl),
#   or a wildcard such as "s3:*" or "*" that covers them. The other account can
#   overwrite or delete data, or take over the bucket's access control.
#   Same-account principals are not reported, nor "*" pinned with
#   aws:PrincipalAccount to the bucket's own account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
# custom:
#   id: S3002
#   name: s3-bucket-cross-account-write
#   category: exposure
#   severity: high
#   remediation: Limit cross-account statements to the read or write actions really needed (never s3:PutBucketPolicy, s3:PutBucketAcl, s3:DeleteBucketPolicy or s3:*), or give the other account a role in this account to assume instead.
#   frameworks:
#     aws-fsbp: ["S3.6"]
#   tags: [s3, bucket-policy, cross-account]
package vpclint.rules.s3.bucket_cross_account_write

import data.vpclint.lib.iam

# Concrete write and permission actions a pattern may cover.
write_actions := [
	"s3:PutObject", "s3:DeleteObject", "s3:DeleteBucket", "s3:PutBucketPolicy",
	"s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl",
]

write_patterns := ["s3:Put*", "s3:Delete*"]

# writes lists the statement's actions that write: a Put/Delete action, or a
# pattern covering one of write_actions (aws-semantics §7.7).
writes(st) := {a |
	some a in object.get(st, "action", [])
	is_write(a)
}

is_write(a) if {
	some w in write_patterns
	iam.action_covers(w, a)
}

is_write(a) if {
	some w in write_actions
	iam.action_covers(a, w)
}

# outsiders lists the statement's principal values outside the bucket account.
outsiders(b, st) := {g.value |
	some g in iam.grants(b.policy)
	g.statement == st.index
	not g.not_principal
	g.class in {"cross_account", "public"}
	not own_account_only(b, st, g)
}

outsiders(_, st) := {"NotPrincipal"} if st.not_principal

# A public grant pinned by aws:PrincipalAccount to the bucket's account is internal.
own_account_only(b, st, g) if {
	g.class == "public"
	some c in iam.conditions(st)
	c.key == "aws:principalaccount"
	iam.pins(c)
	every v in c.values {
		v == b.account
	}
}

findings contains f if {
	some b in input.buckets
	some st in iam.statements(b.policy)
	iam.allow(st)
	ws := writes(st)
	count(ws) > 0
	some who in outsiders(b, st)
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"source": iam.policy_source(b),
		"message": sprintf("bucket %s policy lets %s (outside account %s) %v (statement %d)", [b.id, who, object.get(b, "account", "?"), sort(ws), st.index]),
		"key": sprintf("%d/%s", [st.index, who]),
		"evidence": {"statement": st, "principal": who, "write_actions": sort(ws)},
	}
}
