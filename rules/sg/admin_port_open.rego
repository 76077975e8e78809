# METADATA
# title: Security group opens an administrative port to the internet
# description: |
#   An inbound rule admits 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389), either
#   directly or through a port range, an all-ports rule or an all-protocols rule
#   that contains the port. Anyone on the internet can then try to log in, and
#   these ports are scanned continuously. IPv4 and IPv6 are reported separately
#   because 0.0.0.0/0 does not cover IPv6.
#   Acceptable only for a hardened bastion that is meant to be reachable from
#   anywhere; prefer SSM Session Manager or a narrow source CIDR.
#   Grading by the effective path (aws-semantics §6.1), when the reach facts
#   are present: critical ("effective exposure") when an interface of the
#   group is reachable end to end from the internet on that port (attached
#   IGW, public address, IGW route, NACL both ways), naming the whole path;
#   medium ("configured exposure") when the group is attached but no such path
#   exists (no public address, no IGW route, or a NACL blocks it); low when the
#   group is attached to nothing.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13
# custom:
#   id: SG001
#   name: sg-admin-port-open
#   category: exposure
#   severity: high
#   remediation: Remove the rule or narrow its source to the administrators' CIDR; use SSM Session Manager or EC2 Instance Connect Endpoint instead of open SSH/RDP.
#   frameworks:
#     cis-aws-v3.0: ["5.2", "5.3"]
#     cis-aws-v5.0: ["5.3", "5.4"]
#     aws-fsbp: ["EC2.18", "EC2.19"]
#   tags: [network, security-group]
package vpclint.rules.sg.admin_port_open

import data.vpclint.lib.net

admin_ports := {22: "SSH", 3389: "RDP"}

findings contains f if {
	some open in input.facts.sg_ingress_public
	open.anywhere
	sg := input.security_groups[open.group_id]
	r := open.rule
	some port, service in admin_ports
	net.covers_tcp_port(r, port)
	base := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s from %s through %s rule %s", [sg.id, sg.name, service, net.cidr(r), net.port_text(r), r.rule_id]),
		"key": sprintf("%s/%d/%s", [r.rule_id, port, net.cidr(r)]),
		"evidence": {"rule": r, "port": port},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}

	# aws-semantics §6.1: re-graded by the end-to-end path (facts.sg_exposure).
	f := net.regrade(base, sg.id, net.fact_family(r), "tcp", port)
}
