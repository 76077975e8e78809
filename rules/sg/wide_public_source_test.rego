package vpclint.rules.sg.wide_public_source

import data.vpclint.lib.fixtures

rule(id, proto, from, to, cidr4, cidr6) := {
	"rule_id": id, "protocol": proto, "from_port": from, "to_port": to,
	"icmp_type": -1, "icmp_code": -1, "cidr_ipv4": cidr4, "cidr_ipv6": cidr6,
}

# facts.public_cidrs is computed in Go (docs/writing-rules.md, Facts); tests
# supply it: true when the CIDR contains internet addresses.
inp(rules, public) := fixtures.sg_input_public([{"id": "sg-1", "name": "web", "ingress": rules}], public)

test_fires_ipv4_slash8 if {
	fs := findings with input as inp([rule("sgr-1", "tcp", 443, 443, "3.0.0.0/8", "")], {"3.0.0.0/8": true})
	count(fs) == 1
	some f in fs
	f.resource == {"type": "security_group", "id": "sg-1"}
	f.message == "sg-1 (web) allows tcp/443 from the wide public range 3.0.0.0/8 (/8) through rule sgr-1"
	f.key == "sgr-1/3.0.0.0/8"
	f.evidence.prefix_length == 8
}

test_fires_ipv6_slash32 if {
	fs := findings with input as inp([rule("sgr-2", "all", 0, 65535, "", "2001:db8::/32")], {"2001:db8::/32": true})
	count(fs) == 1
	some f in fs
	f.message == "sg-1 (web) allows all traffic from the wide public range 2001:db8::/32 (/32) through rule sgr-2"
}

test_fires_one_per_rule if {
	fs := findings with input as inp(
		[rule("sgr-1", "tcp", 80, 80, "52.0.0.0/10", ""), rule("sgr-2", "tcp", 443, 443, "52.0.0.0/10", "")],
		{"52.0.0.0/10": true},
	)
	count(fs) == 2
	{f.key | some f in fs} == {"sgr-1/52.0.0.0/10", "sgr-2/52.0.0.0/10"}
}

# 10.0.0.0/8 is RFC 1918: wide, but not public.
test_passes_private_wide_range if {
	fs := findings with input as inp([rule("sgr-1", "tcp", 443, 443, "10.0.0.0/8", "")], {"10.0.0.0/8": false})
	count(fs) == 0
}

test_passes_narrow_public if {
	fs := findings with input as inp(
		[rule("sgr-1", "tcp", 443, 443, "203.0.0.0/16", ""), rule("sgr-2", "tcp", 443, 443, "", "2001:db8::/48")],
		{"203.0.0.0/16": true, "2001:db8::/48": true},
	)
	count(fs) == 0
}

# 0.0.0.0/0 and ::/0 belong to SG001-SG003.
test_passes_anywhere if {
	fs := findings with input as inp(
		[rule("sgr-1", "tcp", 443, 443, "0.0.0.0/0", ""), rule("sgr-2", "tcp", 443, 443, "", "::/0")],
		{"0.0.0.0/0": true, "::/0": true},
	)
	count(fs) == 0
}
