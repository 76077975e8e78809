# METADATA
# title: Security group rule references a group that cannot match
# description: |
#   A rule whose source (or destination) is another security group admits the
#   private addresses of that group's members, and only in the same VPC or a
#   peered VPC in the same Region over an active peering (aws-semantics §1.3).
#   A rule referencing a group that is not in the snapshot points at a
#   deleted group (a stale rule, which AWS does not remove and which allows
#   nothing) or at a group in an account that was not read; vpclint cannot
#   tell which, so the rule's effect is unknown and is never assumed to work
#   (§4, UNKNOWN_PEERED_SGS). A rule referencing a group across an
#   inter-Region peering never matches: group references do not cross
#   Regions, and the traffic it was meant to admit is dropped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: SG008
#   name: sg-stale-reference
#   category: breakage
#   severity: medium
#   remediation: Delete the stale rule, point it at a group that exists, or, across an inter-Region peering, replace the group reference with the peer VPC's CIDR (or the peer subnets' CIDRs). If the group lives in another account, include that account in the snapshot.
#   tags: [network, security-group, reachability]
package vpclint.rules.sg.stale_reference

findings contains f if {
	some p in input.facts.stale_references
	sg := object.get(input, ["security_groups", p.group], {})
	located := rule_of(sg, p.rule)
	f := {
		"resource": {"type": "security_group", "id": p.group},
		"message": sprintf("%s%s %s %s references %s, %s", [p.group, name_text(sg), located.direction, p.rule, p.referenced, why(p)]),
		"key": p.rule,
		"evidence": {"reference": p, "rule": located.rule},
		"source": object.get(located.rule, "source", null),
		"related": [{"type": "security_group", "id": p.referenced, "description": kind_text[p.kind]}],
	}
}

kind_text := {"missing": "not in the snapshot", "inter_region": "across an inter-Region peering"}

# aws-semantics §1.3: stale references allow nothing; §4: unknown ⇒ flag.
why(p) := "which is not in the snapshot: it was deleted, or it is in an account that was not read; what the rule admits is unknown and is not assumed to work" if {
	p.kind == "missing"
} else := "a group across an inter-Region peering: group references never match across Regions, so the rule admits nothing (use the peer VPC's CIDR)" if {
	p.kind == "inter_region"
}

name_text(sg) := sprintf(" (%s)", [n]) if {
	n := object.get(sg, "name", "")
	n != ""
} else := ""

# rule_of finds the rule and names its direction ({} if absent).
rule_of(sg, id) := {"direction": "inbound rule", "rule": r} if {
	some r in object.get(sg, "ingress", [])
	object.get(r, "rule_id", "") == id
} else := {"direction": "outbound rule", "rule": r} if {
	some r in object.get(sg, "egress", [])
	object.get(r, "rule_id", "") == id
} else := {"direction": "rule", "rule": {}}
