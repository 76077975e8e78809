# METADATA
# title: Network helpers shared by the checks
# description: Port, protocol and CIDR predicates over normalised snapshot rules.
package vpclint.lib.net

# The two "anywhere" CIDRs; IPv4 and IPv6 are separate (aws-semantics §1.2).
internet_cidrs := {"0.0.0.0/0", "::/0"}

# The rule's single CIDR target, IPv4 or IPv6.
cidr(r) := c if {
	c := object.get(r, "cidr_ipv4", "")
	c != ""
} else := c if {
	c := object.get(r, "cidr_ipv6", "")
	c != ""
}

# from_anywhere holds for a rule or entry whose CIDR is 0.0.0.0/0 or ::/0.
from_anywhere(r) if cidr(r) in internet_cidrs

# covers_tcp_port holds when a normalised rule admits TCP to port p:
# tcp with the port in range, or all protocols (ports 0-65535 then).
covers_tcp_port(r, p) if {
	r.protocol in {"tcp", "all"}
	r.from_port <= p
	p <= r.to_port
}

# all_traffic holds for an all-protocols rule or an all-ports TCP/UDP rule.
all_traffic(r) if r.protocol == "all"

all_traffic(r) if {
	r.protocol in {"tcp", "udp"}
	r.from_port == 0
	r.to_port == 65535
}

# family names the IP family of a rule's CIDR.
family(r) := "IPv4" if object.get(r, "cidr_ipv4", "") != ""

family(r) := "IPv6" if object.get(r, "cidr_ipv6", "") != ""

# port_text renders a rule's ports for messages.
# An else chain, not separate bodies: OPA evaluates every body of a
# multi-body function, and this runs once per finding.
port_text(r) := "all traffic" if {
	r.protocol == "all"
} else := sprintf("%s/%d", [r.protocol, r.from_port]) if {
	r.protocol in {"tcp", "udp"}
	r.from_port == r.to_port
} else := sprintf("%s/%d-%d", [r.protocol, r.from_port, r.to_port]) if {
	r.protocol in {"tcp", "udp"}
} else := sprintf("%s type %d code %d", [r.protocol, r.icmp_type, r.icmp_code]) if {
	r.protocol in {"icmp", "icmpv6"}
} else := sprintf("protocol %s", [r.protocol])

# covers_port holds when a normalised rule admits protocol proto ("tcp" or
# "udp") to port p: that protocol with the port in range, or all protocols.
covers_port(r, proto, p) if {
	r.protocol in {proto, "all"}
	r.from_port <= p
	p <= r.to_port
}

# portless_protocol holds for a protocol number other than tcp, udp, icmp and
# icmpv6: AWS then allows all ports regardless of the range (aws-semantics §1.2).
portless_protocol(r) if not r.protocol in {"all", "tcp", "udp", "icmp", "icmpv6"}

# prefix_len is the prefix length of a canonical CIDR ("10.0.0.0/8" -> 8).
prefix_len(c) := to_number(split(c, "/")[1])

# wide_prefix holds for an IPv4 CIDR shorter than /16 or an IPv6 CIDR
# shorter than /48, excluding the /0 "anywhere" CIDRs.
wide_prefix(c) if {
	not contains(c, ":")
	n := prefix_len(c)
	n > 0
	n < 16
}

wide_prefix(c) if {
	contains(c, ":")
	n := prefix_len(c)
	n > 0
	n < 48
}

# ---- Helpers for the reachability (breakage) checks over input.facts ----

# acl_subnets lists, sorted, the subnets that use a NACL (explicitly or as
# their VPC's default NACL), from the Go-computed facts.acl_subnets.
acl_subnets(acl_id) := sort(object.get(input, ["facts", "acl_subnets", acl_id], []))

# rt_subnets lists, sorted, the subnets whose route table is rt_id (every
# normalised subnet has route_table_id, the main table when implicit).
rt_subnets(rt_id) := sort(object.get(m, rt_id, [])) if {
	m := input.facts.rt_subnets # Go-computed index: no scan per call
} else := sort([s.id | some s in input.subnets; object.get(s, "route_table_id", "") == rt_id])

# id_list renders ids for messages: "subnet-1, subnet-2".
id_list(ids) := concat(", ", ids)

# rule_numbers renders NACL rule numbers for messages; the default entries
# (32767 for IPv4, 32768 for IPv6) are shown as "*" (aws-semantics §2.1).
rule_numbers(ns) := concat(", ", [rule_number_text(n) | some n in ns])

rule_number_text(n) := "*" if {
	n >= 32767
} else := sprintf("%d", [n])

# direction names a NACL entry's direction.
direction(egress) := "outbound" if {
	egress == true
} else := "inbound"

# fact_family is a rule's family as the reach facts spell it.
fact_family(r) := "ipv4" if {
	object.get(r, "cidr_ipv4", "") != ""
} else := "ipv6" if {
	object.get(r, "cidr_ipv6", "") != ""
}

# exposure_grade grades an internet-open SG rule by the effective path
# (aws-semantics §6.1), from facts.sg_exposure[group_id] =
# {"attached": [eni ids], "exposed": [Exposure]}:
#   - critical ("effective exposure"): an interface of the group is reachable
#     end to end from the internet on that family, protocol and port;
#   - medium ("configured exposure"): the group is attached, but no interface
#     of it is reachable that way (no public address, no IGW route, or a
#     NACL blocks the request or its reply);
#   - low: the group is attached to nothing.
# protocol "any" accepts tcp or udp; port -1 accepts any port. Undefined when
# the facts are absent for the group (the rule then keeps its own severity).
exposure_grade(group_id, family, protocol, port) := g if {
	ge := object.get(input, ["facts", "sg_exposure", group_id], null)
	ge != null
	g := grade_of(ge, family, protocol, port)
}

grade_of(ge, family, protocol, port) := g if {
	hits := [x |
		some x in exposed_of(ge)
		exposure_matches(x, family, protocol, port)
	]
	count(hits) > 0
	x := hits[0]
	g := {
		"severity": "critical",
		"grade": "effective",
		"suffix": sprintf(" — reachable end to end on %s (%s) via %s, route table %s, NACL %s", [
			exposure_target(x), object.get(x, "public_address", ""),
			object.get(x, "igw", ""), object.get(x, "route_table", ""), object.get(x, "network_acl", ""),
		]),
		"exposure": x,
	}
} else := {
	"severity": "medium",
	"grade": "configured",
	"suffix": " — configured only: no end-to-end path from the internet (no public address, no IGW route, or a NACL blocks it)",
	"exposure": null,
} if {
	count(attached_of(ge)) > 0
} else := {
	"severity": "low",
	"grade": "unattached",
	"suffix": " — the group is attached to nothing",
	"exposure": null,
}

exposed_of(ge) := xs if {
	xs := object.get(ge, "exposed", [])
	is_array(xs)
} else := []

attached_of(ge) := xs if {
	xs := object.get(ge, "attached", [])
	is_array(xs)
} else := []

exposure_matches(x, family, protocol, port) if {
	x.family == family
	exposure_protocol(x.protocol, protocol)
	exposure_port(object.get(x, "ports", []), port)
}

exposure_protocol(got, want) if got == want

exposure_protocol(got, "any") if got in {"tcp", "udp"}

exposure_port(ranges, -1) if count(ranges) > 0

exposure_port(ranges, port) if {
	some r in ranges
	r[0] <= port
	port <= r[1]
}

# exposure_target names the instance behind an exposed interface, else the
# interface.
exposure_target(x) := i if {
	i := object.get(x, "instance", "")
	i != ""
} else := x.eni

# regrade applies exposure_grade to a finding: severity override, message
# suffix, and evidence.grade / evidence.exposure. Without the facts for the
# group the finding is returned unchanged.
regrade(f, group_id, family, protocol, port) := object.union(f, {
	"severity": g.severity,
	"message": concat("", [f.message, g.suffix]),
	"evidence": object.union(object.get(f, "evidence", {}), grade_evidence(g)),
}) if {
	g := exposure_grade(group_id, family, protocol, port)
} else := f

grade_evidence(g) := {"grade": g.grade, "exposure": g.exposure} if {
	g.exposure != null
} else := {"grade": g.grade}

# route_destination is a route's destination: CIDR, IPv6 CIDR or prefix list.
route_destination(r) := concat("", [
	object.get(r, "destination_cidr", ""),
	object.get(r, "destination_ipv6_cidr", ""),
	object.get(r, "destination_prefix_list_id", ""),
])

# problem_destination is the destination of a facts.route_problems entry,
# whose route is rendered "<destination> -> <target type> <target id> (<state>)".
problem_destination(p) := split(p.route, " -> ")[0]

# problem_route is the route a facts.route_problems entry describes ({} if
# absent).
problem_route(p) := r if {
	some r in object.get(input, ["route_tables", p.table, "routes"], [])
	route_destination(r) == problem_destination(p)
	object.get(r, "target_id", "") == object.get(p, "target", "")
} else := {}

# rt_users names, for messages, the subnets that use a route table.
rt_users(rt_id) := sprintf("subnets %s", [id_list(rt_subnets(rt_id))]) if {
	count(rt_subnets(rt_id)) > 0
} else := "used by no subnet"
