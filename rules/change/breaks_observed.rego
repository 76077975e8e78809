# METADATA
# title: Planned change breaks traffic seen in the flow logs
# description: |
#   The flow logs given with --flows show this traffic ACCEPTed, and the
#   planned configuration (the after side of check --before, or a Terraform
#   plan) would drop it: each observed flow is replayed against the after
#   state, on the leg AWS recorded, and the evidence names the component
#   that would drop it and how much traffic the window saw. Unlike CHG001,
#   which compares every class pair, this is traffic that really runs
#   today. A flow whose interface no longer exists after the change is
#   reported too. A flow that cannot be decided after the change is
#   reported as unknown at low severity, never as safe.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
# custom:
#   id: CHG003
#   name: change-breaks-observed-traffic
#   category: breakage
#   severity: high
#   remediation: Keep the traffic working (change the component named in the evidence before applying), or confirm with its owner that it is meant to stop.
#   tags: [network, change-impact, flow-logs]
package vpclint.rules.change.breaks_observed

findings contains f if {
	some b in input.facts.flows.breaks
	f := {
		"resource": b.resource,
		"message": b.message,
		"key": b.id,
		"severity": severity(b.change),
		"evidence": b,
	}
}

severity("dropped") := "high"

severity("interface-removed") := "high"

severity("unknown") := "low"
