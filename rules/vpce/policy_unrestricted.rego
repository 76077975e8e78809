# METADATA
# title: Endpoint policy allows everything to everyone without conditions
# description: |
#   A VPC endpoint's policy has an Allow statement for principal "*", action "*"
#   (or every action of the service, "<service>:*"), resource "*" and no
#   condition. An endpoint policy is the only place that limits which accounts'
#   resources are reachable through the endpoint; with this statement it limits
#   nothing. For an S3 endpoint, buckets outside your account and organization
#   are reachable, a data-exfiltration path that bypasses egress controls.
#   Gateway endpoints with the plain default policy are reported by VPCE001
#   instead. An absent policy on an endpoint flagged policy_is_default counts as
#   the default policy.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html#edit-vpc-endpoint-policy-s3
# custom:
#   id: VPCE002
#   name: vpce-policy-unrestricted
#   category: exposure
#   severity: medium
#   remediation: Scope the statement with conditions such as StringEquals aws:ResourceOrgID / aws:PrincipalOrgID (or list the buckets/resources by ARN), keeping access to the AWS-owned resources your workloads need.
#   tags: [vpc-endpoint, endpoint-policy, data-perimeter]
package vpclint.rules.vpce.policy_unrestricted

import data.vpclint.lib.iam

s3(ep) if endswith(object.get(ep, "service_name", ""), ".s3")

note(ep) := ": buckets outside the account are reachable through it (data exfiltration path)" if s3(ep)

note(ep) := "" if not s3(ep)

findings contains f if {
	some ep in input.vpc_endpoints
	not iam.default_full_access(ep)
	some st in iam.statements(iam.endpoint_policy(ep))
	iam.open_endpoint_statement(st)
	f := {
		"resource": {"type": "vpc_endpoint", "id": ep.id},
		"source": iam.policy_source(ep),
		"message": sprintf("%s endpoint %s (%s) policy allows %v on every resource to everyone with no condition (statement %d)%s", [object.get(ep, "type", "?"), ep.id, object.get(ep, "service_name", "?"), st.action, st.index, note(ep)]),
		"key": sprintf("%d", [st.index]),
		"evidence": {"statement": st},
	}
}
