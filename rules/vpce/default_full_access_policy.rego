# METADATA
# title: Gateway endpoint uses the default full-access policy
# description: |
#   A gateway endpoint (S3 or DynamoDB) has the policy AWS attaches by default:
#   Allow "*" to everyone on every resource. The endpoint then does nothing to
#   keep traffic inside your data perimeter: instances using the route can reach
#   any bucket or table in any account through it. Acceptable while you build a
#   perimeter, but a restricting endpoint policy (aws:ResourceOrgID,
#   aws:PrincipalOrgID) is the point of the endpoint.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html#edit-vpc-endpoint-policy-s3
# custom:
#   id: VPCE001
#   name: vpce-default-full-access-policy
#   category: exposure
#   severity: low
#   remediation: Attach an endpoint policy that allows only your organization's resources and principals, e.g. Condition StringEquals aws:ResourceOrgID / aws:PrincipalOrgID, plus the AWS-owned buckets your instances need (package repositories, SSM).
#   tags: [vpc-endpoint, endpoint-policy, data-perimeter]
package vpclint.rules.vpce.default_full_access_policy

import data.vpclint.lib.iam

findings contains f if {
	some ep in input.vpc_endpoints
	iam.default_full_access(ep)
	f := {
		"resource": {"type": "vpc_endpoint", "id": ep.id},
		"source": iam.policy_source(ep),
		"message": sprintf("gateway endpoint %s (%s) uses the default full-access policy (Allow * to everyone on every resource)", [ep.id, object.get(ep, "service_name", "?")]),
		"key": "policy",
		"evidence": {"policy_is_default": object.get(ep, "policy_is_default", false), "statements": iam.statements(iam.endpoint_policy(ep))},
	}
}
