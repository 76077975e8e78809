# METADATA
# title: Security group admits admin or database ports from a whole peered VPC
# description: |
#   An inbound rule admits SSH, RDP or a database port from a CIDR that covers
#   a whole block of a VPC peered with the group's VPC (the peer's CIDR, or
#   wider, such as 10.0.0.0/8). Across a peering every address of the peer
#   can then reach the port, although the peer's own subnets show which part
#   of it holds anything: the finding names the peer subnets that have
#   interfaces, the narrower sources that would do (least access; a
#   compromised host anywhere in the peer VPC otherwise reaches the port).
#   Peerings that failed, were rejected, expired or deleted are skipped, and
#   so is a peer VPC that is not in the snapshot. Sources open to the
#   internet are SG001 and SG002's.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: SG009
#   name: sg-peer-vpc-wide-source
#   category: exposure
#   severity: medium
#   remediation: Replace the peer VPC's CIDR with the CIDRs of the peer subnets that need the port (listed in the finding), or, for a same-Region peering, with a reference to the peer's security group.
#   tags: [network, security-group, peering]
package vpclint.rules.sg.peer_vpc_wide_source

import data.vpclint.lib.net
import data.vpclint.rules.sg.database_port_open

# port -> service: the admin ports and database_port_open's list.
ports := object.union({22: "SSH", 3389: "RDP"}, {p: d.service | some p, d in database_port_open.db_ports})

findings contains f if {
	some w in object.get(input, ["facts", "peer_wide_ingress"], [])
	r := w.rule
	hits := sort([sprintf("%s (tcp/%d)", [svc, p]) | some p, svc in ports; net.covers_tcp_port(r, p)])
	count(hits) > 0
	sg := input.security_groups[w.group_id]
	f := {
		"resource": {"type": "security_group", "id": w.group_id},
		"message": sprintf("%s (%s) admits %s from %s, which covers all of %s (%s) across peering %s; %s", [w.group_id, object.get(sg, "name", ""), concat(", ", hits), net.cidr(r), w.peer_vpc, w.peer_cidr, w.peering, narrower(w)]),
		"key": sprintf("%s/%s", [r.rule_id, w.peer_cidr]),
		"evidence": {"rule": r, "peering": w.peering, "peer_vpc": w.peer_vpc, "peer_cidr": w.peer_cidr, "narrower": w.used},
		"source": object.get(r, "source", null),
		"related": array.concat(
			[{"type": "peering_connection", "id": w.peering, "description": "the peering the source comes through"}],
			[{"type": "subnet", "id": s.id, "description": sprintf("%s, %d interface(s)", [s.cidr, s.interfaces])} | some s in w.used],
		),
	}
}

narrower(w) := sprintf("only %s of it %s interfaces: admit those CIDRs instead", [concat(", ", [sprintf("%s (%s)", [s.id, s.cidr]) | some s in w.used]), verb(w.used)]) if count(w.used) > 0

narrower(w) := sprintf("no subnet of %s in it has an interface: nothing there needs the port yet", [w.peer_vpc]) if count(w.used) == 0

verb(xs) := "has" if count(xs) == 1

else := "have"
