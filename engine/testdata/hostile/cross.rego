# METADATA
# title: Hostile rule hostile-cross-product
# description: A custom rule that never finishes on its own (issue 11 item 8).
# related_resources:
#   - ref: https://example.com/hostile
# custom:
#   id: HOST001
#   name: hostile-cross-product
#   category: hygiene
#   severity: low
#   remediation: Do not write rules like this.
package hostile.cross

# Three nested iterations over 3,000 numbers: 2.7e10 steps, no memory.
findings contains f if {
	some a in numbers.range(1, 3000)
	some b in numbers.range(1, 3000)
	some c in numbers.range(1, 3000)
	a + b + c == -1
	f := {"resource": {"type": "vpc", "id": "x"}, "message": "unreachable"}
}
