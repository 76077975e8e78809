# METADATA
# title: Default security group has rules
# description: |
#   A VPC's default security group has inbound or outbound rules. Resources
#   launched without a security group (instances, interface endpoints, Lambda
#   ENIs) get the default group, so its rules silently apply to them. AWS
#   creates it with an all-traffic self-reference inbound rule and an
#   all-traffic 0.0.0.0/0 (and ::/0 with IPv6) outbound rule (aws-semantics
#   §1.4). CIS and FSBP require it to have no rules at all, so that everything
#   must use a purpose-made group.
#   When the snapshot or IaC did not describe the default group, vpclint
#   assumes AWS's default rules: those violate the control too, and the fix is
#   to manage the group (Terraform aws_default_security_group with no rules).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
# custom:
#   id: SG005
#   name: sg-default-has-rules
#   category: hygiene
#   severity: medium
#   remediation: Remove every inbound and outbound rule from the default security group (in Terraform, declare aws_default_security_group for the VPC with no ingress or egress blocks) and give resources purpose-made groups.
#   frameworks:
#     cis-aws-v3.0: ["5.4"]
#     cis-aws-v5.0: ["5.5"]
#     aws-fsbp: ["EC2.2"]
#   tags: [network, security-group, default]
package vpclint.rules.sg.default_has_rules

findings contains f if {
	some sg in input.security_groups
	object.get(sg, "is_default", false) == true
	ingress := sort([r.rule_id | some r in object.get(sg, "ingress", [])])
	egress := sort([r.rule_id | some r in object.get(sg, "egress", [])])
	count(ingress) + count(egress) > 0
	implicit := object.get(sg, "implicit", false)
	f := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": message(sg, count(ingress), count(egress), implicit),
		"key": "rules",
		"evidence": {"ingress_rule_ids": ingress, "egress_rule_ids": egress, "implicit": implicit},
	}
}

message(sg, i, e, false) := sprintf("default security group %s of %s has %d inbound and %d outbound rules", [sg.id, sg.vpc_id, i, e])

message(sg, i, e, true) := sprintf("default security group %s of %s is not managed by the snapshot/IaC, so it keeps AWS's default rules (%d inbound, %d outbound); manage it with no rules (aws_default_security_group)", [sg.id, sg.vpc_id, i, e])
