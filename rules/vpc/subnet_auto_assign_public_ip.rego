# METADATA
# title: Subnet assigns public IPv4 addresses automatically
# description: |
#   The subnet has map_public_ip_on_launch set, so every instance launched in
#   it gets a public IPv4 address unless the launch overrides it. With a route
#   to an internet gateway that makes each instance reachable from the
#   internet, subject only to its security group and NACL (aws-semantics
#   §6.1). Public addresses should be a deliberate per-resource choice (or an
#   Elastic IP on a load balancer), not a subnet default. A value unknown until
#   apply is reported too: unknown is never treated as safe.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15
# custom:
#   id: VPC003
#   name: subnet-auto-assign-public-ip
#   category: hygiene
#   severity: low
#   remediation: Turn off auto-assign public IPv4 address on the subnet (map_public_ip_on_launch = false) and give public addresses only to the resources that need them, preferably behind a load balancer.
#   frameworks:
#     aws-fsbp: ["EC2.15"]
#   tags: [network, subnet, public-ip]
package vpclint.rules.vpc.subnet_auto_assign_public_ip

findings contains f if {
	some s in input.subnets
	object.get(s, "map_public_ip_on_launch", false) == true
	f := {
		"resource": {"type": "subnet", "id": s.id},
		"message": sprintf("subnet %s in %s assigns a public IPv4 address to every instance launched in it (map_public_ip_on_launch)", [s.id, s.vpc_id]),
		"key": "map_public_ip_on_launch",
		"evidence": {"map_public_ip_on_launch": true},
	}
}

findings contains f if {
	some s in input.subnets
	"map_public_ip_on_launch" in object.get(s, "unknown", [])
	f := {
		"resource": {"type": "subnet", "id": s.id},
		"message": sprintf("subnet %s in %s: map_public_ip_on_launch is unknown until apply, so it may assign public IPv4 addresses", [s.id, s.vpc_id]),
		"key": "map_public_ip_on_launch",
		"evidence": {"map_public_ip_on_launch": "unknown"},
	}
}
