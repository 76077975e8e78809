// Package topology turns a snapshot into the picture the HTML report draws:
// accounts and regions holding VPCs, each VPC a box with its gateways and a
// grid of subnets (public when their route table sends traffic to an
// internet gateway), peering connections between VPC boxes, and the
// findings of a run laid over it as badges on the element they are about
// and as exposure and blocked paths taken from their evidence.
//
// It is pure Go over the snapshot model and findings: no OPA, no reach
// evaluation of its own. Paths are only drawn from what findings already
// carry (an SG rule's effective internet exposure, an intent's verdict, a
// flow-log REJECT's explanation), or from the one reach verdict vpclint
// explain answers (Explain). The layout is computed here, in plain
// numbers, so that the report only renders it and the same input always
// gives the same picture.
package topology
