# METADATA
# title: Network ACL admits an administrative port from the internet
# description: |
#   A network ACL in use by at least one subnet really admits TCP to SSH (22)
#   or RDP (3389) from 0.0.0.0/0 or ::/0. NACL entries are evaluated in rule
#   number order and the first match wins (aws-semantics §2.1), so vpclint
#   first works out what each allow entry admits after the entries in front of
#   it: an allow shadowed by a lower-numbered deny of the same traffic is not
#   reported (other tools flag it anyway). An entry that is only partly
#   shadowed is reported and says so. Unused NACLs are skipped. Each NACL is
#   reported once, naming every port and entry (the default NACL's allow-all
#   admits both ports through one entry).
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
#     cis-aws-v5.0: ["5.2"]
#     aws-fsbp: ["EC2.21"]
#   tags: [network, nacl]
package vpclint.rules.nacl.admin_port_open

import data.vpclint.lib.net

admin_ports := {22: "SSH", 3389: "RDP"}

# used holds the NACLs some subnet uses (every subnet has network_acl_id).
used := {s.network_acl_id | some s in input.subnets}

# hits are the admin ports each internet admission of a used NACL lets in.
hits contains {"acl": acl.id, "port": port, "admission": a} if {
	some acl in input.network_acls
	acl.id in used
	some a in object.get(input, ["facts", "nacl_internet_ingress", acl.id], [])
	a.protocol == "tcp"
	a.cidr in net.internet_cidrs
	some port, _ in admin_ports
	a.from_port <= port
	port <= a.to_port
}

# One finding per NACL: the default NACL's allow-all admits both ports
# through one entry, and two findings for it read as two problems.
findings contains f if {
	some acl_id in {h.acl | some h in hits}
	acl := input.network_acls[acl_id]
	groups := sort({[h.admission.rule_number, h.admission.cidr, qualifier(h.admission)] |
		some h in hits
		h.acl == acl_id
	})
	clauses := [clause(acl_id, g[0], g[1], g[2]) | some g in groups]
	ports := sort({h.port | some h in hits; h.acl == acl_id})
	first := min({h.admission.rule_number | some h in hits; h.acl == acl_id})
	entry := ingress_entry(acl, first)
	f := {
		"resource": {"type": "network_acl", "id": acl_id},
		"message": sprintf("%s allows %s", [acl_id, concat("; ", [c.text | some c in clauses])]),
		"key": concat(",", [sprintf("%d", [p]) | some p in ports]),
		"evidence": {
			"ports": ports,
			"admissions": [c.evidence | some c in clauses],
			"entry": entry,
		},
		"source": object.get(entry, "source", null),
	}
}

# clause is what one inbound entry admits for one internet CIDR, e.g.
# "SSH (tcp/22) and RDP (tcp/3389) from 0.0.0.0/0 through inbound rule 100",
# in rule number order.
clause(acl_id, n, c, q) := {"rule_number": n, "cidr": c, "text": text, "evidence": evidence} if {
	hs := [h |
		some h in hits
		h.acl == acl_id
		h.admission.rule_number == n
		h.admission.cidr == c
		qualifier(h.admission) == q
	]
	ports := sort({h.port | some h in hs})
	services := [sprintf("%s (tcp/%d)", [admin_ports[p], p]) | some p in ports]
	text := sprintf("%s from %s through inbound rule %d%s", [concat(" and ", services), c, n, q])
	evidence := {"rule_number": n, "cidr": c, "ports": ports, "admissions": sort({h.admission | some h in hs})}
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
