# METADATA
# title: Resource uses its VPC's default security group
# description: |
#   An instance, or a network interface not attached to an instance (an
#   interface endpoint, Lambda, load balancer or other service ENI), has its
#   VPC's default security group. Resources launched without a security group
#   get the default group (aws-semantics §1.4), so this is usually an accident:
#   every such resource shares one set of rules, and anything that is a member
#   of the default group can reach every other member through its
#   self-reference rule. CIS 5.4 expects the default group to be unused and
#   empty.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
# custom:
#   id: SG006
#   name: sg-default-in-use
#   category: hygiene
#   severity: medium
#   remediation: Create a security group for the resource's purpose, attach it, and remove the default security group from the instance or network interface.
#   frameworks:
#     cis-aws-v3.0: ["5.4"]
#     cis-aws-v5.0: ["5.5"]
#   tags: [network, security-group, default]
package vpclint.rules.sg.default_in_use

# default_group is the security group gid when it is a default group. A group
# is usable only in its own VPC (aws-semantics §1.1), so it is the default
# group of the resource's VPC.
default_group(gid) := sg if {
	sg := input.security_groups[gid]
	object.get(sg, "is_default", false) == true
}

findings contains f if {
	some i in input.instances
	object.get(i, "state", "") != "terminated"
	some gid in object.get(i, "security_group_ids", [])
	sg := default_group(gid)
	f := {
		"resource": {"type": "instance", "id": i.id},
		"message": sprintf("instance %s uses the default security group %s of %s", [i.id, gid, sg.vpc_id]),
		"key": gid,
		"evidence": {"security_group_id": gid, "security_group_ids": i.security_group_ids},
		"related": [{"type": "security_group", "id": gid, "description": "default security group"}],
	}
}

findings contains f if {
	some eni in input.network_interfaces
	object.get(eni, ["attachment", "instance_id"], "") == ""
	some gid in object.get(eni, "security_group_ids", [])
	sg := default_group(gid)
	kind := object.get(eni, "interface_type", "interface")
	f := {
		"resource": {"type": "network_interface", "id": eni.id},
		"message": sprintf("network interface %s (%s) uses the default security group %s of %s", [eni.id, kind, gid, sg.vpc_id]),
		"key": gid,
		"evidence": {"security_group_id": gid, "security_group_ids": eni.security_group_ids, "interface_type": kind},
		"related": [{"type": "security_group", "id": gid, "description": "default security group"}],
	}
}
