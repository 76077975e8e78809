# METADATA
# title: Hostile rule hostile-numbers-range
# description: A custom rule that never finishes on its own (issue 11 item 8).
# related_resources:
#   - ref: https://example.com/hostile
# custom:
#   id: HOST002
#   name: hostile-numbers-range
#   category: hygiene
#   severity: low
#   remediation: Do not write rules like this.
package hostile.range

# An array of 200 million numbers.
findings contains f if {
	count(numbers.range(1, 2e8)) == -1
	f := {"resource": {"type": "vpc", "id": "x"}, "message": "unreachable"}
}
