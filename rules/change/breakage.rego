# METADATA
# title: Change breaks traffic that worked before
# description: |
#   Compared with the before snapshot (vpclint check --before, or a Terraform
#   plan's prior state), traffic between two interface classes, or from the
#   internet, got through before and is blocked after. Every pair of classes
#   in a VPC or across a peering is compared on tcp, udp and ping, IPv4 and
#   IPv6 (the full reachability matrices of both snapshots). The evidence
#   names the component that now blocks it, marked (new) when that rule or
#   route did not exist before. A predicted outage is reported before it
#   happens.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
# custom:
#   id: CHG001
#   name: change-breaks-traffic
#   category: breakage
#   severity: high
#   remediation: Check that the lost traffic is meant to stop; otherwise change the blocking component named in the evidence before applying.
#   tags: [network, change-impact]
package vpclint.rules.change.breakage

import data.vpclint.lib.source

findings contains f if {
	some c in input.facts.changes
	c.kind == "breakage"
	f := {
		"resource": {"type": "change", "id": sprintf("%s->%s", [c.source, c.destination])},
		"message": c.message,
		"key": sprintf("%s/%s", [c.protocol, c.values]),
		"evidence": c,
		"source": source.change(c),
	}
}
