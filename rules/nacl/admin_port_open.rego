# METADATA
# title: Network ACL admits an administrative port from the internet
# description: |
#   A network ACL in use by at least one subnet really admits TCP to SSH (22)
#   or RDP (3389) from 0.0.0.0/0 or ::/0. NACL entries are evaluated in rule
#   number order and the first match wins (aws-semantics §2.1), so vpclint
#   first works out what each allow entry admits after the entries in front of
#   it: an allow shadowed by a lower-numbered deny of the same traffic is not
#   reported (other tools flag it anyway). An entry that is only partly
#   shadowed is reported and says so. Unused NACLs are skipped.
#   The security group still has the last word, but the NACL is then no
#   second line of defence for the most attacked ports.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21
# custom:
#   id: NACL001
#   name: nacl-admin-port-open
#   category: exposure
#   severity: medium
#   remediation: Add a lower-numbered deny entry for tcp/22 and tcp/3389 from 0.0.0.0/0 and ::/0 in front of the broad allow, or narrow the allow entry to the administrators' CIDR.
#   frameworks:
#     cis-aws-v3.0: ["5.1"]
#     aws-fsbp: ["EC2.21"]
#   tags: [network, nacl]
package vpclint.rules.nacl.admin_port_open

import data.vpclint.lib.net

admin_ports := {22: "SSH", 3389: "RDP"}

# used holds the NACLs some subnet uses (every subnet has network_acl_id).
used := {s.network_acl_id | some s in input.subnets}

findings contains f if {
	some acl in input.network_acls
	acl.id in used
	some a in object.get(input, ["facts", "nacl_internet_ingress", acl.id], [])
	a.protocol == "tcp"
	a.cidr in net.internet_cidrs
	some port, service in admin_ports
	a.from_port <= port
	port <= a.to_port
	entry := ingress_entry(acl, a.rule_number)
	f := {
		"resource": {"type": "network_acl", "id": acl.id},
		"message": sprintf("%s allows %s (tcp/%d) from %s through inbound rule %d%s", [acl.id, service, port, a.cidr, a.rule_number, qualifier(a)]),
		"key": sprintf("%d/%d/%s", [a.rule_number, port, a.cidr]),
		"evidence": {"admission": a, "entry": entry, "port": port},
		"source": object.get(entry, "source", null),
	}
}

# ingress_entry is the allow entry an admission comes from ({} if absent).
ingress_entry(acl, n) := e if {
	some e in acl.entries
	e.rule_number == n
	not object.get(e, "egress", false)
} else := {}

# qualifier says when the admission is not certain or not whole.
qualifier(a) := " (partly shadowed by earlier entries)" if object.get(a, "partial", false) == true

qualifier(a) := " (an earlier entry with an unknown CIDR may shadow it)" if {
	object.get(a, "partial", false) != true
	object.get(a, "uncertain", false) == true
}

qualifier(a) := "" if {
	object.get(a, "partial", false) != true
	object.get(a, "uncertain", false) != true
}
