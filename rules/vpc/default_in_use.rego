# METADATA
# title: Default VPC is in use
# description: |
#   A default VPC contains instances or network interfaces. The default VPC is
#   created by AWS with a public subnet in every Availability Zone, an internet
#   gateway and subnets that give every instance a public IP address, so
#   workloads placed there are internet-facing unless someone remembered to
#   lock them down. Workloads belong in purpose-built VPCs. AWS-managed
#   (requester-managed) interfaces are not counted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
# custom:
#   id: VPC002
#   name: vpc-default-in-use
#   category: hygiene
#   severity: low
#   remediation: Move the workloads to a purpose-built VPC with private subnets, then delete the default VPC (or at least remove its internet gateway route).
#   tags: [network, vpc, default]
package vpclint.rules.vpc.default_in_use

# Interfaces attached to an instance are represented by the instance, and
# requester-managed ones belong to AWS services.
customer_interface(eni) if {
	not object.get(eni, "requester_managed", false)
	object.get(eni, ["attachment", "instance_id"], "") == ""
}

findings contains f if {
	some vpc in input.vpcs
	object.get(vpc, "is_default", false) == true

	# Evaluated only for default VPCs (at most one per region); OPA indexes
	# these comprehensions on vpc_id.
	instances := sort([i.id | some i in input.instances; i.vpc_id == vpc.id; object.get(i, "state", "") != "terminated"])
	enis := sort([e.id | some e in input.network_interfaces; e.vpc_id == vpc.id; customer_interface(e)])
	count(instances) + count(enis) > 0
	f := {
		"resource": {"type": "vpc", "id": vpc.id},
		"message": sprintf("default VPC %s is in use by %d instances and %d other network interfaces", [vpc.id, count(instances), count(enis)]),
		"key": "in-use",
		"evidence": {"instance_ids": instances, "network_interface_ids": enis},
	}
}
