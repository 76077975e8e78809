# METADATA
# title: Bucket policy relies on aws:SourceIp while callers reach S3 through a gateway endpoint
# description: |
#   The bucket policy allows requests by aws:SourceIp (IpAddress in an Allow) or
#   denies them by it (NotIpAddress in a Deny), and the bucket's Region has an
#   S3 gateway endpoint in a VPC of the snapshot whose route tables serve
#   subnets with instances. Requests through a VPC endpoint carry no
#   aws:SourceIp (aws-semantics §5.1, §5.4): IpAddress on the absent key is
#   false, so the Allow never applies to those callers, and NotIpAddress is
#   true, so the Deny always does (§7.6). The instances behind the endpoint
#   lose access as soon as the endpoint's route appears, even from the NAT
#   address the policy lists.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
# custom:
#   id: S3005
#   name: s3-bucket-sourceip-via-gateway-endpoint
#   category: breakage
#   severity: medium
#   remediation: Match endpoint traffic with aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp next to the aws:SourceIp condition (for a Deny, add "StringNotEquals":{"aws:SourceVpce":"vpce-…"} to the same statement so both must fail), or use IpAddressIfExists only where an absent key may pass.
#   tags: [s3, bucket-policy, vpc-endpoint, source-ip, breakage]
package vpclint.rules.access.bucket_sourceip_via_gateway_endpoint

import data.vpclint.lib.iam

# sourceip_effect describes a statement whose aws:SourceIp condition cannot
# hold for a caller without the key: Allow + IpAddress, or Deny + NotIpAddress.
sourceip_effect(st) := "allow" if {
	st.effect == "Allow"
	some c in iam.conditions(st)
	c.key == "aws:sourceip"
	c.base == "IpAddress"
	not object.get(c, "if_exists", false)
	object.get(c, "qualifier", "") != "ForAllValues"
}

sourceip_effect(st) := "deny" if {
	st.effect == "Deny"
	some c in iam.conditions(st)
	c.key == "aws:sourceip"
	c.base == "NotIpAddress"
	not object.get(c, "if_exists", false)
}

same_region(b, _) if object.get(b, "region", "") == ""

same_region(_, g) if object.get(g, "region", "") == ""

same_region(b, g) if b.region == g.region

endpoints(b) := sort([sprintf("%s (VPC %s, instances %s)", [id, g.vpc_id, concat(", ", g.instance_ids)]) |
	some id, g in object.get(input.facts.access, "gateway_endpoint_clients", {})
	g.service == "s3"
	count(g.instance_ids) > 0
	same_region(b, g)
])

consequence("allow") := "IpAddress on the absent key is false, so this Allow never applies to them"

consequence("deny") := "NotIpAddress on the absent key is true, so this Deny always applies to them"

findings contains f if {
	some b in input.buckets
	b.policy
	some st in iam.statements(b.policy)
	eff := sourceip_effect(st)
	eps := endpoints(b)
	count(eps) > 0
	f := {
		"resource": {"type": "bucket", "id": b.id},
		"message": sprintf("bucket %s policy statement %d %ss by aws:SourceIp, but requests through the S3 gateway endpoint %s carry no aws:SourceIp: %s", [b.id, st.index, eff, concat("; ", eps), consequence(eff)]),
		"key": sprintf("%d", [st.index]),
		"evidence": {"statement": st, "gateway_endpoints": eps},
	}
}
