# METADATA
# title: Interface endpoint with private DNS in a VPC without DNS support or DNS hostnames
# description: |
#   An interface endpoint has private DNS enabled, but its VPC has
#   enableDnsSupport or enableDnsHostnames turned off. Private DNS needs both
#   (aws-semantics §5.2): without them the service's default name keeps
#   resolving to its public addresses, so clients bypass the endpoint and go out
#   through an internet or NAT gateway, or fail where there is none. When the
#   attribute is not known (a plan that leaves it to the provider, or a VPC
#   outside the snapshot) the finding says "unknown" at low severity rather than
#   passing silently.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support
# custom:
#   id: VPCE004
#   name: vpce-private-dns-vpc-attributes
#   category: breakage
#   severity: high
#   remediation: Turn on both VPC attributes (aws ec2 modify-vpc-attribute --enable-dns-support / --enable-dns-hostnames, or enable_dns_support and enable_dns_hostnames = true in Terraform).
#   tags: [vpc-endpoint, interface-endpoint, dns, breakage]
package vpclint.rules.vpce.private_dns_vpc_attributes

import data.vpclint.lib.iam

attributes := {"enable_dns_support": "enableDnsSupport", "enable_dns_hostnames": "enableDnsHostnames"}

private_dns(ep) if {
	iam.interface(ep)
	object.get(ep, "private_dns_enabled", false) == true
}

# state is "off", "unknown" or absent (on) for one VPC attribute.
state(vpc, attr) := "unknown" if {
	attr in object.get(vpc, "unknown", [])
} else := "off" if {
	object.get(vpc, attr, null) == false
} else := "unknown" if {
	object.get(vpc, attr, null) == null
}

findings contains f if {
	some ep in input.vpc_endpoints
	private_dns(ep)
	vpc := input.vpcs[ep.vpc_id]
	some attr, name in attributes
	st := state(vpc, attr)
	f := finding(ep, attr, name, st)
}

findings contains f if {
	some ep in input.vpc_endpoints
	private_dns(ep)
	not input.vpcs[ep.vpc_id]
	some attr, name in attributes
	f := object.union(finding(ep, attr, name, "unknown"), {"message": sprintf("interface endpoint %s (%s) has private DNS enabled, but its VPC %s is not in the snapshot: %s unknown, and private DNS works only with enableDnsSupport and enableDnsHostnames both true", [ep.id, object.get(ep, "service_name", "?"), ep.vpc_id, name])})
}

finding(ep, attr, name, "off") := {
	"resource": {"type": "vpc_endpoint", "id": ep.id},
	"message": sprintf("interface endpoint %s (%s) has private DNS enabled, but VPC %s has %s false: the service name keeps resolving to public addresses and clients bypass the endpoint", [ep.id, object.get(ep, "service_name", "?"), ep.vpc_id, name]),
	"key": attr,
	"evidence": {"vpc_id": ep.vpc_id, "attribute": attr, "value": false},
	"related": [{"type": "vpc", "id": ep.vpc_id, "description": sprintf("%s is false", [name])}],
}

finding(ep, attr, name, "unknown") := {
	"resource": {"type": "vpc_endpoint", "id": ep.id},
	"message": sprintf("interface endpoint %s (%s) has private DNS enabled, but %s of VPC %s is unknown: private DNS works only with enableDnsSupport and enableDnsHostnames both true", [ep.id, object.get(ep, "service_name", "?"), name, ep.vpc_id]),
	"key": attr,
	"severity": "low",
	"evidence": {"vpc_id": ep.vpc_id, "attribute": attr, "value": "unknown"},
	"related": [{"type": "vpc", "id": ep.vpc_id, "description": sprintf("%s unknown", [name])}],
}
