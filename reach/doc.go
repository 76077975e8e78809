// Package reach owns AWS packet semantics as aws-semantics.md states them.
// It computes on sets — interval sets over addresses and ports — rather
// than per packet: today the NACL first-match evaluation that decides what
// an ACL really admits from the internet (so an allow shadowed by a
// lower-numbered deny is not reported as open) and the public-address test.
package reach
