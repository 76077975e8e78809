# METADATA
# title: Peering between overlapping CIDRs, or a VPC peered with overlapping VPCs
# description: |
#   AWS refuses a peering between VPCs whose CIDR blocks overlap, including
#   secondary CIDRs, "even if you intend to use only the non-overlapping CIDR
#   blocks" (aws-semantics §4): such a connection in a plan or template fails
#   to create, and one that exists cannot route the overlapping addresses
#   (the local route always wins). A VPC peered with two VPCs that overlap
#   each other can route each overlapping address to only one of them, and
#   responses follow the route tables (no uRPF), so one of the peers is
#   unreachable for those addresses. Every peering is checked whatever its
#   state, with the CIDRs of both VPCs as the snapshot has them (secondary
#   blocks included); for the second case a peering still to be accepted
#   counts, one that failed, expired, was rejected or deleted does not.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html
# custom:
#   id: PCX002
#   name: peering-overlapping-cidrs
#   category: breakage
#   severity: high
#   remediation: Re-address one of the VPCs (or add a non-overlapping secondary CIDR and move the workloads), or connect the overlapping networks through PrivateLink or a private NAT gateway instead of peering.
#   tags: [network, peering, reachability]
package vpclint.rules.pcx.overlapping_cidrs

findings contains f if {
	some p in input.facts.peering_problems
	p.kind == "overlapping_cidrs"
	f := {
		"resource": {"type": "peering_connection", "id": p.peering},
		"message": sprintf("peering %s connects VPCs whose CIDRs overlap: %s; AWS does not create or route such a peering", [p.peering, p.detail]),
		"key": "overlap",
		"evidence": {"problem": p},
	}
}

# aws-semantics §4: no uRPF; with overlapping peers the route picks one.
findings contains f if {
	some vpc, overlaps in input.facts.overlapping_peers
	some ov in overlaps
	f := {
		"resource": {"type": "vpc", "id": vpc},
		"message": sprintf("%s is peered with two VPCs whose CIDRs overlap: %s; a route sends each overlapping address to only one of them, so the other is unreachable there", [vpc, ov]),
		"key": ov,
		"evidence": {"overlap": ov},
	}
}
