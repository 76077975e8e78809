# METADATA
# title: Bucket policy does not require TLS
# description: |
#   The bucket has no policy, or its policy has no Deny statement for principal
#   "*" on s3:* (or an action covering s3:GetObject) with
#   "Bool": {"aws:SecureTransport": "false"}. Requests over plain HTTP are then
#   accepted, and data and credentials-signed requests can be read or replayed
#   on the network path.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5
# custom:
#   id: S3003
#   name: s3-bucket-no-tls-enforcement
#   category: hygiene
#   severity: medium
#   remediation: Add {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}} to the bucket policy.
#   frameworks:
#     cis-aws-v3.0: ["2.1.1"]
#     cis-aws-v5.0: ["2.1.1"]
#     aws-fsbp: ["S3.5"]
#   tags: [s3, bucket-policy, tls]
package vpclint.rules.s3.bucket_no_tls_enforcement

import data.vpclint.lib.iam

tls_deny(st) if {
	st.effect == "Deny"
	"*" in object.get(object.get(st, "principal", {}), "AWS", [])
	iam.allows_action(st, "s3:GetObject")
	some c in iam.conditions(st)
	c.base == "Bool"
	c.key == "aws:securetransport"
	some v in c.values
	lower(v) == "false"
}

findings contains f if {
	some b in input.buckets
	not object.get(b, "implicit", false)
	not b.policy
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"message": sprintf("bucket %s has no bucket policy, so nothing denies plain-HTTP requests (aws:SecureTransport)", [b.id]),
		"key": "tls",
		"evidence": {"policy": null},
	}
}

findings contains f if {
	some b in input.buckets
	not object.get(b, "implicit", false)
	b.policy
	not any_tls_deny(b.policy)
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"message": sprintf("bucket %s policy has no Deny for aws:SecureTransport = false, so plain-HTTP requests are accepted", [b.id]),
		"key": "tls",
		"evidence": {"statements": iam.statements(b.policy)},
	}
}

any_tls_deny(doc) if {
	some st in iam.statements(doc)
	tls_deny(st)
}
