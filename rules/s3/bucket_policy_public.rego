# METADATA
# title: Bucket policy makes the bucket public
# description: |
#   The bucket policy is "public" by S3's own definition: an Allow names "*", a
#   wildcard account or NotPrincipal and no condition pins a fixing key
#   (aws:SourceIp within /8, aws:SourceVpce, aws:SourceAccount,
#   aws:PrincipalOrgID …) to fixed values. Anyone on the internet, anonymous
#   included, gets the granted actions. When Block Public Access
#   RestrictPublicBuckets is on for the bucket or the account, S3 ignores those
#   grants for callers outside the account today; the finding is then low, since
#   turning BPA off would expose the bucket at once.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2
# custom:
#   id: S3001
#   name: s3-bucket-policy-public
#   category: exposure
#   severity: critical
#   remediation: Replace the "*" principal with the accounts or roles that need access, or pin aws:SourceVpce / aws:PrincipalOrgID / aws:SourceAccount with StringEquals; keep Block Public Access on for the bucket and the account.
#   frameworks:
#     aws-fsbp: ["S3.2", "S3.3"]
#   tags: [s3, bucket-policy, public]
package vpclint.rules.s3.bucket_policy_public

import data.vpclint.lib.iam

restricted(b) if b.public_access_block.restrict_public_buckets == true

restricted(b) if input.accounts[b.account].public_access_block.restrict_public_buckets == true

findings contains f if {
	some b in input.buckets
	b.policy.analysis.public == true
	idx := object.get(b.policy.analysis, "public_statements", [])
	public := [st | some st in b.policy.statements; st.index in idx]
	not restricted(b)
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"source": iam.policy_source(b),
		"message": sprintf("bucket %s policy grants public access (statements %v)", [b.id, idx]),
		"key": "policy",
		"evidence": {"public_statements": public},
	}
}

findings contains f if {
	some b in input.buckets
	b.policy.analysis.public == true
	idx := object.get(b.policy.analysis, "public_statements", [])
	public := [st | some st in b.policy.statements; st.index in idx]
	restricted(b)
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"source": iam.policy_source(b),
		"message": sprintf("bucket %s policy grants public access (statements %v), blocked today by Block Public Access RestrictPublicBuckets", [b.id, idx]),
		"key": "policy",
		"evidence": {"public_statements": public},
		"severity": "low",
	}
}
