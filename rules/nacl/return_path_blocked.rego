# METADATA
# title: Network ACL admits requests but denies their replies
# description: |
#   Network ACLs are stateless: the replies to an allowed request are
#   evaluated again, in the other direction, on the client's ephemeral ports
#   (aws-semantics §2.1, §2.4). An inbound allow for a service (tcp/443 from
#   0.0.0.0/0) whose outbound replies to 32768-61000 are denied lets the SYN in
#   and drops the SYN-ACK: connections hang until they time out, and the
#   security group, which is stateful, looks fine. The mirror case is an
#   outbound allow for a client (tcp/443 to 0.0.0.0/0) whose replies are
#   denied inbound. vpclint checks the Linux ephemeral range 32768-61000 that
#   the AWS documentation gives; a partial gap (only some of those ports are
#   denied) is reported at medium severity, since only the connections whose
#   client picks a denied port hang. Only NACLs used by a subnet are reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-basics.html
# custom:
#   id: NACL003
#   name: nacl-return-path-blocked
#   category: breakage
#   severity: high
#   remediation: Add an entry in the other direction that allows the ephemeral ports (1024-65535 covers Linux, Windows, NAT gateways, load balancers and Lambda) to and from the same CIDR, numbered before any deny that catches them.
#   tags: [network, nacl, reachability]
package vpclint.rules.nacl.return_path_blocked

import data.vpclint.lib.net

findings contains f if {
	some acl_id, gaps in input.facts.nacl_return_gaps
	subnets := net.acl_subnets(acl_id)
	count(subnets) > 0
	some g in gaps
	egress := g.side == "client"
	entry := entry_of(object.get(input, ["network_acls", acl_id], {}), g.rule_number, egress)
	f := object.union(
		{
			"resource": {"type": "network_acl", "id": acl_id},
			"message": sprintf("%s (subnets %s): %s", [acl_id, net.id_list(subnets), text(g)]),
			"key": sprintf("%s/%d", [net.direction(egress), g.rule_number]),
			"evidence": {"gap": g, "entry": entry, "subnets": subnets},
			"source": object.get(entry, "source", null),
		},
		partial_severity(g),
	)
}

# aws-semantics §2.4: the server's outbound replies go to the client's
# ephemeral ports.
text(g) := sprintf(
	"inbound rule %d admits %s/%s from %s but outbound replies to %s are denied (by rules %s): %s",
	[g.rule_number, g.protocol, g.ports, g.cidr, denied_text(g), net.rule_numbers(denied_by(g)), outcome(g)],
) if {
	g.side == "server"
} else := sprintf(
	"outbound rule %d lets %s/%s requests out to %s but inbound replies to %s are denied (by rules %s): %s",
	[g.rule_number, g.protocol, g.ports, g.cidr, denied_text(g), net.rule_numbers(denied_by(g)), outcome(g)],
)

denied_text(g) := "ephemeral ports 32768-61000" if {
	g.full == true
} else := sprintf("ephemeral ports %s (of 32768-61000)", [g.denied])

outcome(g) := "connections hang" if {
	g.full == true
} else := "connections whose client picks one of those ports hang"

partial_severity(g) := {} if {
	g.full == true
} else := {"severity": "medium"}

denied_by(g) := ns if {
	ns := object.get(g, "denied_by", [])
	is_array(ns)
} else := []

# entry_of is the allow entry a gap starts from ({} if absent).
entry_of(acl, n, egress) := e if {
	some e in object.get(acl, "entries", [])
	e.rule_number == n
	object.get(e, "egress", false) == egress
} else := {}
