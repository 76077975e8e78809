// Package snapshot owns the one model every input is turned into and every
// rule is written against: accounts, VPCs, subnets, security groups, network
// ACLs, route tables, gateways, peerings, endpoints, prefix lists, network
// interfaces, instances, IAM roles and policies, buckets and flow logs, each
// with its Source provenance, explicit unknowns, and the Coverage gaps of
// what could not be read.
//
// Normalisation happens once, here (Normalize): protocols and CIDRs in
// canonical form, the default security group, default NACL, the "*" deny
// entries and local routes made explicit, implicit route table and NACL
// associations resolved. Rules and reach never re-derive these.
package snapshot
