# METADATA
# title: Peering connection is not active
# description: |
#   Traffic flows over a VPC peering connection only while it is active
#   (aws-semantics §4). A peering that is still pending acceptance (a
#   cross-account request that nobody accepted yet, or one whose accepter is
#   in another configuration), or that failed (overlapping CIDRs, a wrong
#   peer), was rejected, expired after seven days unaccepted, or was deleted,
#   carries nothing: whatever was meant to reach the peer VPC will not.
#   A peering that some route table already targets is reported there
#   instead (RT002, or RT001 for a live route already marked blackhole, once
#   per route table), so the findings never repeat each
#   other; provisioning (accepted, about to become active) is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/accept-vpc-peering-connection.html
# custom:
#   id: PCX004
#   name: peering-not-active
#   category: breakage
#   severity: high
#   remediation: Accept the request in the accepter account (aws_vpc_peering_connection_accepter, or auto_accept / PeerRoleArn for the same account), fix what made it fail (overlapping CIDRs, the peer VPC id, account or Region) and request it again, or remove a peering that is no longer wanted.
#   tags: [network, peering, reachability]
package vpclint.rules.pcx.not_active

# state -> severity and what it means.
states := {
	"initiating-request": {"severity": "medium", "why": "the request is still being made"},
	"pending-acceptance": {"severity": "medium", "why": "the accepter has not accepted it"},
	"failed": {"severity": "high", "why": "the request failed"},
	"rejected": {"severity": "high", "why": "the accepter rejected it"},
	"expired": {"severity": "high", "why": "nobody accepted it within seven days"},
	"deleting": {"severity": "low", "why": "it is being deleted"},
	"deleted": {"severity": "low", "why": "it was deleted"},
}

# routed are the peerings some route targets: RT002 reports those (RT001
# when the live route's state already says blackhole).
routed contains p.target if {
	some p in input.facts.route_problems
	p.kind in {"inactive_peering", "blackhole"}
}

findings contains f if {
	some pc in input.peering_connections
	st := states[pc.status]
	not pc.id in routed
	req := object.get(pc, ["requester", "vpc_id"], "?")
	acc := object.get(pc, ["accepter", "vpc_id"], "?")
	f := {
		"resource": {"type": "peering_connection", "id": pc.id},
		"message": sprintf("peering %s between %s and %s is %s%s: %s, and traffic flows only over an active peering, so nothing will reach %s from %s or back", [pc.id, req, acc, pc.status, maybe(pc), st.why, acc, req]),
		"key": "status",
		"severity": severity(pc, st),
		"evidence": {"status": pc.status, "status_unknown": "status" in object.get(pc, "unknown", []), "requester": object.get(pc, "requester", {}), "accepter": object.get(pc, "accepter", {})},
	}
}

# unknown_status: an IaC acceptance flag known only after apply; the
# state is then the scanner's conservative guess.
unknown_status(pc) if "status" in object.get(pc, "unknown", [])

maybe(pc) := " (as far as can be known before apply)" if unknown_status(pc)

maybe(pc) := "" if not unknown_status(pc)

severity(pc, _) := "low" if unknown_status(pc)

severity(pc, st) := st.severity if not unknown_status(pc)
