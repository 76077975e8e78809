# METADATA
# title: Change opens traffic that was blocked before
# description: |
#   Compared with the before snapshot, traffic between two interface classes,
#   or from the internet to an interface, is blocked before and gets through
#   after (every pair of classes in a VPC or across a peering, on tcp, udp
#   and ping). The evidence names the components that used to block it.
#   Review that the new access is intended.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html
# custom:
#   id: CHG002
#   name: change-opens-traffic
#   category: exposure
#   severity: medium
#   remediation: Confirm the new path is intended; if not, restore the blocking rule named in the evidence.
#   tags: [network, change-impact]
package vpclint.rules.change.exposure

import data.vpclint.lib.source

findings contains f if {
	some c in input.facts.changes
	c.kind == "exposure"
	f := {
		"resource": {"type": "change", "id": sprintf("%s->%s", [c.source, c.destination])},
		"message": c.message,
		"key": sprintf("%s/%s", [c.protocol, c.values]),
		"evidence": c,
		"source": source.change(c),
		"severity": severity(c),
	}
}

# New access from the internet is graver than between internal classes.
severity(c) := "high" if c.source == "internet"

severity(c) := "medium" if c.source != "internet"
