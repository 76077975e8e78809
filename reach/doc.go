// Package reach owns AWS packet semantics as aws-semantics.md states them:
// security groups, NACLs (first match, both directions, ephemeral ports),
// routes, gateways and peerings, evaluated for one question (Reach, with
// every blocking component) or for the whole account at once (Matrix).
//
// It computes on sets — interval sets over addresses and ports — rather
// than per packet. The matrix groups interfaces into exact classes (same
// subnet, groups and ephemeral range, addresses no CIDR of the snapshot
// separates), turns each group set into a piecewise function over address
// atoms, and evaluates routes and NACLs once per subnet and atom with the
// same walk Reach uses; a differential test holds Matrix to Reach for
// every member pair, and Reach to a packet-at-a-time oracle.
package reach
