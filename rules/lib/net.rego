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
