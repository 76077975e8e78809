// Package facts computes everything Go knows about a snapshot before the
// rules run (input.facts): network facts from reach, policy evaluations
// and analyses from iampolicy, and join indexes. Facts is the one typed
// contract the Rego rules read; docs/facts.md is generated from its doc
// comments. The package is pure Go (never OPA): the engine converts Facts
// to an OPA value and evaluates.
package facts

//go:generate go test -run TestDocsUpToDate -update
