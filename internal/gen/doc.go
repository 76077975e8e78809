// Package gen generates synthetic, internally consistent AWS account
// snapshots for benchmarks, load tests and differential tests of reach.
//
//	s := gen.Generate(gen.Params{...})   // or: p, _ := gen.Preset("large")
//	go run ./internal/gen/cmd/gen -size large -seed 1 -o /tmp/large.json
//
// Generate returns the snapshot as a live scan would write it, before
// normalisation; snapshot.Load / Decode normalise it. The output is a pure
// function of Params (math/rand/v2 PCG seeded with (Seed, Seed)): the same
// Params encode to the same bytes.
//
// # Presets
//
//	                     small   medium    large
//	accounts / regions   1 / 1    2 / 2    3 / 2
//	VPCs                     3       10       50
//	subnets                 12      100    1,000
//	security groups         30    1,000   10,000   (one default per VPC included)
//	SG rules (total)       200   10,000  100,000   (ingress + egress, defaults' rules included)
//	ENIs                    40    2,000   20,000
//	instances               20    1,000   10,000   (each with its own primary ENI)
//	NACLs                    9       50      500   (one default per VPC included)
//	NACL entries (total)    90    1,000   10,000   (as written; Normalize adds 4 "*" denies per NACL)
//	route tables            12      100    1,000   (one main per VPC included)
//	IAM roles               50      500    5,000
//	S3 buckets              20      200    2,000
//	peerings                 1        5       20
//	VPC endpoints            4       15       60
//	VPC flow logs            2        5       25   (every other VPC)
//
// The counts are exact. Because the default security groups, default
// NACLs and main route tables are written explicitly, Normalize adds none
// of them; it adds only the "*" NACL denies and the local routes. On a
// 2-core machine the large preset takes about 0.8 s to generate and
// encodes to about 73 MB of indented JSON.
//
// # Shape
//
// VPC i is 10.i.0.0/16 (IPv6 on every fifth, an IGW on all but every
// tenth, a NAT gateway on two in three); its subnets are 10.i.j.0/24, even
// j public. ENIs take addresses .4 to .254 of their subnet and only groups
// of their own VPC. Security group rules mix tcp/udp/icmp/icmpv6/all and
// other protocol numbers, CIDR, prefix-list and group targets (including
// across active same-region peerings), with about 1% of ingress rules
// opening SSH/RDP to the internet and about 15% without a description.
// NACL entries draw allows and denies in random order with random rule
// number steps. Route tables route to IGWs, NAT gateways, egress-only
// IGWs, peerings (sometimes on one side only, blackhole when the peering
// is pending), transit gateways and gateway endpoints. Role trust policies
// cover services with and without aws:SourceAccount, same-account,
// vendor with and without sts:ExternalId, GitHub OIDC with and without a
// sub condition, EKS IRSA, SAML, "*" and a deleted role's AROA id. Bucket
// policies include public read and write, TLS-only denies, cross-account
// grants, service-principal writes and the aws:SourceVpce lockout (with
// and without a break-glass exemption). CheckReferences verifies that
// every id resolves.
package gen
