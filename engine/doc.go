// Package engine is the only importer of OPA. It loads the embedded rules
// and any --rules directories, compiles them once with capabilities that
// cannot reach outside the process, prepares one query per rule, builds the
// rule catalog from METADATA, computes the facts Go owns (network semantics
// from reach, policy analysis from iampolicy), converts a snapshot to an OPA
// value once, and evaluates every rule against it into findings.
package engine
