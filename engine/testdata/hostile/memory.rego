# METADATA
# title: Hostile rule hostile-memory
# description: A custom rule that never finishes on its own (issue 11 item 8).
# related_resources:
#   - ref: https://example.com/hostile
# custom:
#   id: HOST004
#   name: hostile-memory
#   category: hygiene
#   severity: low
#   remediation: Do not write rules like this.
package hostile.memory

# Ten million arrays of 500 numbers, all kept: 40 GB.
findings contains f if {
	xs := [numbers.range(1, 500) | some _ in numbers.range(1, 10000000)]
	count(xs) == -1
	f := {"resource": {"type": "vpc", "id": "x"}, "message": "unreachable"}
}
