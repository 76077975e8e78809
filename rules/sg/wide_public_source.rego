# METADATA
# title: Security group admits a very wide public address range
# description: |
#   An inbound rule admits a public CIDR wider than /16 (IPv4) or /48 (IPv6),
#   such as 3.0.0.0/8, to any port. Such a range covers tens of thousands of
#   hosts owned by many parties (often a whole cloud provider's address space),
#   so the rule is close to "open to the internet" while escaping checks that
#   only look for 0.0.0.0/0. The /0 CIDRs themselves are SG001-SG003's business
#   and are not reported here.
#   Acceptable when the range is genuinely owned by the organisation (a
#   corporate /12) — suppress with that reason.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: SG004
#   name: sg-wide-public-source
#   category: exposure
#   severity: medium
#   remediation: Narrow the source to the exact addresses that need access, or reference a managed prefix list or security group instead of a broad public range.
#   tags: [network, security-group]
package vpclint.rules.sg.wide_public_source

import data.vpclint.lib.net

findings contains f if {
	some open in input.facts.sg_ingress_public
	not open.anywhere
	sg := input.security_groups[open.group_id]
	r := open.rule
	c := net.cidr(r)
	net.wide_prefix(c)
	f := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s from the wide public range %s (/%d) through rule %s", [sg.id, object.get(sg, "name", ""), net.port_text(r), c, net.prefix_len(c), r.rule_id]),
		"key": sprintf("%s/%s", [r.rule_id, c]),
		"evidence": {"rule": r, "prefix_length": net.prefix_len(c)},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}
}
