# METADATA
# title: Bucket policy locks out administrators, the console or AWS services
# description: |
#   vpclint evaluates the bucket policy with its IAM evaluator for typical
#   callers (personas: a console user from an office IP, an admin role and a CI
#   role calling over the internet, an AWS service principal; or the personas of
#   .vpclint.yaml) on s3:GetObject, s3:ListBucket and s3:PutBucketPolicy, and
#   reports every statement whose explicit Deny applies to one of them. The
#   usual cause is "Deny unless aws:SourceVpce / aws:SourceVpc / aws:SourceIp /
#   aws:PrincipalOrgID" without an exemption: a negated condition on an absent
#   key is true (aws-semantics §7.6), the console and the internet carry no
#   aws:SourceVpce, service principals carry neither network keys nor
#   aws:PrincipalOrgID (§5.4, §7.8), so all of them are denied (§5.5). The
#   finding says whether the named endpoint or VPC exists in the snapshot (a
#   typo locks out everyone, the endpoint's callers included) and whether
#   callers through the snapshot's S3 endpoints still get in. A deny that rests
#   on a condition key vpclint cannot know for a persona (for example
#   aws:PrincipalOrgID when the organization is unknown) is reported at low
#   severity. Requests with no Allow in the bucket policy are not lockouts:
#   identity policies can allow them in the same account (§7.1).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
#   - ref: https://repost.aws/knowledge-center/s3-accidentally-denied-access
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
# custom:
#   id: S3004
#   name: s3-bucket-policy-lockout
#   category: breakage
#   severity: high
#   remediation: Exempt AWS service principals ("Bool":{"aws:PrincipalIsAWSService":"false"} on the Deny) and a break-glass administrator role ("ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::ACCOUNT:role/BreakGlass"}), and check the vpce/vpc ids. If you are already locked out, sign in as the account's root user, which can still delete or replace the bucket policy (aws s3api delete-bucket-policy) unless an endpoint policy or an SCP blocks it (aws-semantics §5.5).
#   tags: [s3, bucket-policy, lockout, data-perimeter, breakage]
package vpclint.rules.access.bucket_policy_lockout

import data.vpclint.lib.iam

decisions(b) := object.get(object.get(input.facts.access, "bucket_personas", {}), b.id, [])

# denied_by lists the internet personas' probes statement idx explicitly denies.
denied_by(b, idx) := [d |
	some d in decisions(b)
	object.get(d, "via_endpoint", "") == ""
	d.decision == "explicit_deny"
	idx in d.denying
]

persona_text(ds) := concat("; ", [sprintf("%s%s (%s)", [p, principal(ds, p), concat(", ", sort({d.action | some d in ds; d.persona == p}))]) |
	some p in sort({d.persona | some d in ds})
])

principal(ds, p) := sprintf(" [%s]", [d.principal]) if {
	some d in ds
	d.persona == p
	d.principal_type == "Service"
} else := ""

certain(ds) if {
	some d in ds
	not d.uncertain
}

refs(b, idx) := [r |
	some r in object.get(object.get(input.facts.access, "vpc_refs", {}), b.id, [])
	r.statement == idx
]

ref_text(r) := sprintf("%s %s exists in the snapshot", [r.key, r.value]) if r.exists

ref_text(r) := sprintf("%s %s is NOT in the snapshot (a typo, or outside the scanned accounts: a wrong id locks out every caller)", [r.key, r.value]) if not r.exists

refs_text(b, idx) := "" if count(refs(b, idx)) == 0

refs_text(b, idx) := sprintf("; %s", [concat("; ", [ref_text(r) | some r in refs(b, idx)])]) if count(refs(b, idx)) > 0

endpoint_personas(b) := sort({d.via_endpoint | some d in decisions(b); object.get(d, "via_endpoint", "") != ""})

endpoint_denied(b) := sort({d.via_endpoint |
	some d in decisions(b)
	object.get(d, "via_endpoint", "") != ""
	d.decision == "explicit_deny"
})

endpoint_text(b) := "" if count(endpoint_personas(b)) == 0

endpoint_text(b) := sprintf("; callers through %s are not denied", [concat(", ", endpoint_personas(b))]) if {
	count(endpoint_personas(b)) > 0
	count(endpoint_denied(b)) == 0
}

endpoint_text(b) := sprintf("; callers through the snapshot's S3 endpoints %s are denied too", [concat(", ", endpoint_denied(b))]) if {
	count(endpoint_denied(b)) > 0
}

sid_text(st) := sprintf(" (%s)", [st.sid]) if st.sid

sid_text(st) := "" if not st.sid

findings contains f if {
	some b in input.buckets
	b.policy
	some st in iam.statements(b.policy)
	st.effect == "Deny"
	ds := denied_by(b, st.index)
	count(ds) > 0
	f := object.union(
		{
			"resource": {"type": "bucket", "id": b.id},
			"source": iam.policy_source(b),
			"message": sprintf("bucket %s policy statement %d%s explicitly denies %s%s%s%s; only the account root user can still change the bucket policy", [b.id, st.index, sid_text(st), persona_text(ds), note(ds), refs_text(b, st.index), endpoint_text(b)]),
			"key": sprintf("%d", [st.index]),
			"evidence": {"statement": st, "denied": ds, "vpc_refs": refs(b, st.index), "endpoint_callers_denied": endpoint_denied(b)},
		},
		severity(ds),
	)
}

severity(ds) := {} if certain(ds)

severity(ds) := {"severity": "low"} if not certain(ds)

note(ds) := "" if certain(ds)

note(ds) := sprintf(" (if their requests carry no %s, which vpclint cannot know)", [concat(", ", sort({k | some d in ds; some k in d.unknown_keys}))]) if not certain(ds)
