# METADATA
# title: Part of the account could not be read
# description: |
#   The scan could not read a service, region or account (access denied, a
#   disabled region, throttling that outlasted the retries, a malformed
#   response). Every check that needs that data is blind there, so a clean
#   result does not mean a clean account. vpclint check exits 3 on coverage
#   gaps unless --allow-partial is given.
# related_resources:
#   - ref: https://github.com/vpclint/vpclint/blob/main/docs/scanner-policy.json
# custom:
#   id: COV001
#   name: coverage-gap
#   category: coverage
#   severity: medium
#   remediation: Grant the scanner the read-only permissions in docs/scanner-policy.json for the named service and operation, enable the region, or re-run when throttling subsides.
#   tags: [coverage]
package vpclint.rules.coverage.gap

findings contains f if {
	some g in input.coverage
	where := concat("/", [x | some x in [object.get(g, "account", ""), object.get(g, "region", ""), g.service]; x != ""])
	f := {
		"resource": {"type": "coverage", "id": where},
		"message": sprintf("could not read %s %s: %s", [where, object.get(g, "operation", ""), g.error]),
		"key": sprintf("%s/%s", [where, object.get(g, "operation", "")]),
		"evidence": g,
		"source": object.get(g, "source", null),
	}
}
