// Package engine is the only importer of OPA. It loads the embedded rules
// and any --rules directories, compiles them once with capabilities that
// cannot reach outside the process, prepares one query per rule, builds the
// rule catalog from METADATA, converts a snapshot and its facts.Facts to an
// OPA value once, and evaluates every rule against it into findings. It has
// no AWS semantics of its own: those are in facts, reach and iampolicy.
package engine
