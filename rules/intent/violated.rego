# METADATA
# title: Reachability intent violated
# description: |
#   An intent in .vpclint.yaml says traffic between two selections must get
#   through (expect allow) or must not (expect deny), and the configuration
#   disagrees. For an allow intent the finding carries the blocked path with
#   every blocking component (security group, NACL entry, route); for a deny
#   intent it carries the path that lets the traffic through. An intent whose
#   selection matches nothing, or that cannot be decided from the snapshot, is
#   reported as unknown: never as satisfied.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
# custom:
#   id: INT001
#   name: intent-violated
#   category: breakage
#   severity: high
#   remediation: Change the blocking component named in the evidence (or the component that lets the traffic through), or correct the intent if the requirement changed.
#   tags: [network, intent, reachability]
package vpclint.rules.intent.violated

verb(expect) := "must reach" if expect == "allow"

verb(expect) := "must not reach" if expect == "deny"

reason(r) := sprintf("blocked by %s", [concat("; ", [sprintf("%s %s (%s)", [b.code, b.component.id, b.message]) | some b in r.evidence.blocks])]) if r.intent.expect == "allow"

reason(r) := sprintf("allowed through %s", [concat(" -> ", [sprintf("%s %s", [h.type, h.id]) | some h in r.evidence.hops])]) if r.intent.expect == "deny"

findings contains f if {
	some r in input.facts.intents
	r.violated
	f := {
		"resource": {"type": "intent", "id": r.intent.name},
		"message": sprintf("intent %q violated: %s %s %s over %s: %s", [r.intent.name, r.evidence.source, verb(r.intent.expect), r.evidence.destination, r.evidence.traffic, reason(r)]),
		"key": r.intent.name,
		"evidence": r,
		"source": intent_source(r.intent),
	}
}

# The intent's own line in .vpclint.yaml, when known.
intent_source(i) := {"file": i.file, "start_line": i.line} if i.file

intent_source(i) := null if not i.file

findings contains f if {
	some r in input.facts.intents
	not r.violated
	r.unknown
	f := {
		"resource": {"type": "intent", "id": r.intent.name},
		"message": sprintf("intent %q could not be decided: %s", [r.intent.name, object.get(r, "problem", "the snapshot lacks what the path needs")]),
		"key": r.intent.name,
		"severity": "medium",
		"evidence": r,
		"source": intent_source(r.intent),
	}
}
