# METADATA
# title: Hostile rule hostile-cidr-expand
# description: A custom rule that never finishes on its own (issue 11 item 8).
# related_resources:
#   - ref: https://example.com/hostile
# custom:
#   id: HOST003
#   name: hostile-cidr-expand
#   category: hygiene
#   severity: low
#   remediation: Do not write rules like this.
package hostile.cidr

# A set of every IPv4 address.
findings contains f if {
	count(net.cidr_expand("0.0.0.0/0")) == -1
	f := {"resource": {"type": "vpc", "id": "x"}, "message": "unreachable"}
}
