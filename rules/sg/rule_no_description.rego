# METADATA
# title: Security group rule has no description
# description: |
#   An inbound or outbound rule has no description. Without one, nobody can
#   tell later why the rule exists, who asked for it or whether it can be
#   removed, and reviews of security group changes become guesswork. Rules
#   vpclint added itself (AWS defaults the input did not list) are skipped, and
#   so are the rules AWS itself creates in a VPC's default group (all traffic
#   from the group itself, all traffic out to 0.0.0.0/0 and ::/0,
#   aws-semantics §1.4): nobody wrote them, and nobody can describe them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: SG007
#   name: sg-rule-no-description
#   category: hygiene
#   severity: info
#   remediation: Give the rule a description that says what it is for (the service, the peer and the ticket), e.g. the description argument of aws_vpc_security_group_ingress_rule.
#   tags: [network, security-group, documentation]
package vpclint.rules.sg.rule_no_description

import data.vpclint.lib.net

findings contains f if {
	some sg in input.security_groups
	some direction in ["ingress", "egress"]
	some r in object.get(sg, direction, [])
	not object.get(r, "implicit", false)
	not aws_default_rule(sg, direction, r)
	object.get(r, "description", "") == ""
	f := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) %s rule %s (%s) has no description", [sg.id, object.get(sg, "name", ""), direction, r.rule_id, net.port_text(r)]),
		"key": r.rule_id,
		"evidence": {"direction": direction, "rule": r},
		"source": object.get(r, "source", null),
	}
}

# aws_default_rule holds for the rules AWS puts in a default group: the
# self-referencing all-traffic ingress and the all-traffic egress to
# anywhere. The same rules in any other group were written by someone.
aws_default_rule(sg, "ingress", r) if {
	default_group(sg)
	r.protocol == "all"
	object.get(r, ["referenced_group", "group_id"], "") == sg.id
}

aws_default_rule(sg, "egress", r) if {
	default_group(sg)
	r.protocol == "all"
	net.cidr(r) in net.internet_cidrs
}

default_group(sg) if object.get(sg, "is_default", false) == true

default_group(sg) if object.get(sg, "name", "") == "default"
