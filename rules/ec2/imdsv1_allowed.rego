# METADATA
# title: EC2 instance allows IMDSv1
# description: |
#   The instance metadata service is enabled and does not require session
#   tokens (http_tokens is not "required"), so IMDSv1 is allowed. A server-side
#   request forgery bug, an open reverse proxy or a misconfigured firewall on
#   the instance can then read the instance role's credentials with a single
#   GET. Security groups and NACLs cannot filter IMDS traffic (aws-semantics
#   §1.7); only the metadata options can.
#   When the snapshot does not say how metadata is configured (no
#   metadata_options, e.g. left to the AMI's default), the instance is reported
#   at low severity: unknown is never treated as safe.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8
# custom:
#   id: EC2001
#   name: ec2-imdsv1-allowed
#   category: exposure
#   severity: medium
#   remediation: Require IMDSv2 (metadata_options { http_tokens = "required" } in Terraform, or aws ec2 modify-instance-metadata-options --http-tokens required), or disable the metadata endpoint if nothing on the instance uses it.
#   frameworks:
#     cis-aws-v3.0: ["5.6"]
#     cis-aws-v5.0: ["5.7"]
#     aws-fsbp: ["EC2.8"]
#   tags: [ec2, imds, credentials]
package vpclint.rules.ec2.imdsv1_allowed

findings contains f if {
	some i in input.instances
	object.get(i, "state", "") != "terminated"
	mo := object.get(i, "metadata_options", {})
	object.get(mo, "http_endpoint", "") != "disabled"
	tokens := object.get(mo, "http_tokens", "")
	tokens != "required"
	f := finding(i, mo, tokens)
}

finding(i, mo, tokens) := {
	"resource": {"type": "instance", "id": i.id},
	"message": sprintf("instance %s allows IMDSv1 (http_tokens %q, http_endpoint %q)", [i.id, tokens, object.get(mo, "http_endpoint", "enabled")]),
	"key": "http_tokens",
	"evidence": {"metadata_options": mo},
} if tokens != ""

finding(i, _, "") := {
	"resource": {"type": "instance", "id": i.id},
	"message": sprintf("instance %s: the metadata options are unknown (http_tokens not set in the snapshot), so IMDSv1 may be allowed", [i.id]),
	"key": "http_tokens",
	"evidence": {"metadata_options": object.get(i, "metadata_options", null)},
	"severity": "low",
}
