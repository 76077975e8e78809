# Test fixtures shared by the rule tests. Only loaded with tests.
package vpclint.lib.fixtures

non_public := ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10"]

target(r) := c if {
	c := object.get(r, "cidr_ipv4", "")
	c != ""
}

target(r) := c if {
	c := object.get(r, "cidr_ipv6", "")
	c != ""
}

private(c) if {
	some p in non_public
	net.cidr_contains(p, c)
}

public_in(c, overrides) if overrides[c] == true

public_in(c, overrides) if {
	not c in object.keys(overrides)
	not private(c)
}

# sg_input_public builds input.security_groups and the Go-computed
# facts.sg_ingress_public for some groups (a simplified public test; the Go
# fact itself is tested in package facts). overrides maps a CIDR to true/false.
sg_input_public(sgs, overrides) := {
	"security_groups": {sg.id: sg | some sg in sgs},
	"facts": {"sg_ingress_public": [p |
		some sg in sgs
		some r in object.get(sg, "ingress", [])
		c := target(r)
		public_in(c, overrides)
		bits := to_number(split(c, "/")[1])
		p := {"group_id": sg.id, "rule": r, "anywhere": bits == 0, "prefix_len": bits}
	]},
}

sg_input(sgs) := sg_input_public(sgs, {})
