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
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
# custom:
#   id: SG003
#   name: sg-all-traffic-open
#   category: exposure
#   severity: critical
#   remediation: Replace the rule with rules for the specific protocols and ports the workload serves, and narrow the source where possible.
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
	f := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s from %s (%s) through rule %s", [sg.id, object.get(sg, "name", ""), what(r), net.cidr(r), net.family(r), r.rule_id]),
		"key": sprintf("%s/%s", [r.rule_id, net.cidr(r)]),
		"evidence": {"rule": r},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}
}

what(r) := "all traffic" if r.protocol == "all"

what(r) := sprintf("all %s ports", [r.protocol]) if r.protocol in {"tcp", "udp"}

what(r) := sprintf("all ports of protocol %s", [r.protocol]) if net.portless_protocol(r)
