# METADATA
# title: Custom network ACL in use denies all traffic in a direction
# description: |
#   A custom network ACL starts with only the "*" deny entries in each
#   direction: it denies everything until allow entries are added
#   (aws-semantics §2.3). Associated with a subnet in that state, or with
#   every allow entry shadowed by an earlier deny (§2.1), it cuts the subnet
#   off in that direction: nothing enters (or leaves) the subnet except traffic
#   between interfaces inside it, which NACLs do not filter, and the services
#   AWS never filters (DNS, IMDS, Time Sync). Because NACLs are stateless,
#   a NACL that denies all outbound traffic also kills the replies to every
#   inbound request. Only custom NACLs associated with subnets are reported;
#   the default NACL allows everything unless someone changed it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
# custom:
#   id: NACL004
#   name: nacl-denies-all
#   category: breakage
#   severity: high
#   remediation: Add the allow entries the subnets need in that direction (including the ephemeral ports 1024-65535 for replies), or associate the subnets with a NACL that has them.
#   tags: [network, nacl, reachability]
package vpclint.rules.nacl.denies_all

import data.vpclint.lib.net

findings contains f if {
	some acl_id, directions in input.facts.nacl_denies_all
	subnets := net.acl_subnets(acl_id)
	count(subnets) > 0
	acl := object.get(input, ["network_acls", acl_id], {})
	object.get(acl, "is_default", false) != true
	some dir in directions
	f := {
		"resource": {"type": "network_acl", "id": acl_id},
		"message": sprintf("custom NACL %s on subnets %s denies all %s traffic (%s)", [acl_id, net.id_list(subnets), dir, why(acl, dir)]),
		"key": dir,
		"evidence": {"direction": dir, "subnets": subnets, "allow_entries": allows(acl, dir)},
	}
}

# allows are the allow entries of one direction (all shadowed, if any).
allows(acl, dir) := [e |
	some e in object.get(acl, "entries", [])
	e.action == "allow"
	net.direction(object.get(e, "egress", false)) == dir
]

# aws-semantics §2.3: a new custom NACL has only the "*" deny.
why(acl, dir) := "a new custom NACL has only the * deny" if {
	count(allows(acl, dir)) == 0
} else := "every allow entry is shadowed by an earlier deny"
