# METADATA
# title: Security group admits all traffic from the internet
# description: |
#   An inbound rule admits 0.0.0.0/0 or ::/0 with all protocols, all TCP or UDP
#   ports (0-65535), or a protocol number other than tcp, udp, icmp and icmpv6,
#   for which AWS allows every port whatever range is given (aws-semantics
#   §1.2). Every service listening on the attached interfaces, including ones
#   nobody meant to publish, is then reachable from anywhere that has a route.
#   IPv4 and IPv6 are reported separately because 0.0.0.0/0 does not cover IPv6.
#   Acceptable only on a network appliance that is designed to take all
#   internet traffic and filters it itself.
#   Grading by the effective path (aws-semantics §6.1), when the reach facts
#   are present: critical ("effective exposure") when an interface of the
#   group is reachable end to end from the internet on some TCP or UDP port
#   (attached IGW, public address, IGW route, NACL both ways), naming the whole
#   path; medium ("configured exposure") when the group is attached but no
#   such path exists (no public address, no IGW route, or a NACL blocks it);
#   low when the group is attached to nothing. Rules for other protocol
#   numbers keep the critical severity: reach computes TCP and UDP exposure only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
# custom:
#   id: SG003
#   name: sg-all-traffic-open
#   category: exposure
#   severity: critical
#   remediation: Replace the rule with rules for the specific protocols and ports the workload serves, and narrow the source where possible.
#   frameworks:
#     aws-fsbp: ["EC2.18"]
#   tags: [network, security-group]
package vpclint.rules.sg.all_traffic_open

import data.vpclint.lib.net

open_all(r) if net.all_traffic(r)

open_all(r) if net.portless_protocol(r)

findings contains f if {
	some open in input.facts.sg_ingress_public
	open.anywhere
	sg := input.security_groups[open.group_id]
	r := open.rule
	open_all(r)
	base := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s from %s (%s) through rule %s", [sg.id, object.get(sg, "name", ""), what(r), net.cidr(r), net.family(r), r.rule_id]),
		"key": sprintf("%s/%s", [r.rule_id, net.cidr(r)]),
		"evidence": {"rule": r},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}
	f := graded(base, sg.id, r)
}

# aws-semantics §6.1: re-graded by the end-to-end path (facts.sg_exposure):
# any exposed port of the rule's protocol ("all" counts tcp and udp).
graded(f, group_id, r) := net.regrade(f, group_id, net.fact_family(r), grade_protocol[r.protocol], -1)

# Other protocol numbers: reach has no exposure fact for them.
graded(f, _, r) := f if not r.protocol in object.keys(grade_protocol)

grade_protocol := {"all": "any", "tcp": "tcp", "udp": "udp"}

what(r) := "all traffic" if r.protocol == "all"

what(r) := sprintf("all %s ports", [r.protocol]) if r.protocol in {"tcp", "udp"}

what(r) := sprintf("all ports of protocol %s", [r.protocol]) if net.portless_protocol(r)
