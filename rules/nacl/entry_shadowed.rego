# METADATA
# title: Network ACL entry can never match, or is partly overridden
# description: |
#   NACL entries are evaluated in rule number order and the first match wins
#   (aws-semantics §2.1). An entry whose every packet is already decided by
#   lower-numbered entries can never match: whoever added it believes it does
#   something, and it does not. An entry whose traffic is partly decided first
#   by an earlier entry of the opposite action (an allow partly pre-empted by
#   a deny, or a deny partly pre-empted by an allow) behaves differently from
#   what it says for that part; it is reported at low severity because the
#   overlap is often intended (a narrow deny in front of a broad allow).
#   Only NACLs used by a subnet are reported; the "*" default entries are not.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-basics.html
# custom:
#   id: NACL002
#   name: nacl-entry-shadowed
#   category: breakage
#   severity: medium
#   remediation: Renumber the entry so that it comes before the entries that decide its traffic, narrow or remove those entries, or delete the entry if it is redundant.
#   tags: [network, nacl, reachability]
package vpclint.rules.nacl.entry_shadowed

import data.vpclint.lib.net

findings contains f if {
	some acl_id, shadows in input.facts.nacl_shadowed
	subnets := net.acl_subnets(acl_id)
	count(subnets) > 0
	some s in shadows
	acl := object.get(input, ["network_acls", acl_id], {})
	entry := entry_of(acl, s)
	dir := net.direction(s.egress)
	f := object.union(
		{
			"resource": {"type": "network_acl", "id": acl_id},
			"key": sprintf("%s/%d", [dir, s.rule_number]),
			"evidence": {"shadow": s, "entry": entry, "subnets": subnets},
			"source": object.get(entry, "source", null),
		},
		verdict(acl_id, subnets, dir, s),
	)
}

# aws-semantics §2.1: first match wins, so an entry covered by earlier ones
# is dead.
verdict(acl_id, subnets, dir, s) := {"message": sprintf(
	"%s (subnets %s): %s %s rule %d can never match: rules %s decide all of its traffic first",
	[acl_id, net.id_list(subnets), dir, s.action, s.rule_number, net.rule_numbers(object.get(s, "by", []))],
)} if {
	s.full == true
} else := {
	"message": sprintf(
		"%s (subnets %s): %s %s rule %d is partly overridden by earlier rule(s) %s of the opposite action: that part of its traffic is %s",
		[acl_id, net.id_list(subnets), dir, s.action, s.rule_number, net.rule_numbers(object.get(s, "opposite", [])), opposite_verb(s.action)],
	),
	"severity": "low",
}

opposite_verb(action) := "denied, not allowed" if {
	action == "allow"
} else := "allowed, not denied"

# entry_of is the NACL entry a shadow describes ({} if absent).
entry_of(acl, s) := e if {
	some e in object.get(acl, "entries", [])
	e.rule_number == s.rule_number
	object.get(e, "egress", false) == s.egress
} else := {}
