// Package check owns the `vpclint check` pipeline between the command line
// and the packages that do the work: it loads the inputs through package
// input, maps .vpclint.yaml onto the engine's options, evaluates the
// rules, applies waivers and the baseline, and decides the exit code.
// cmd/vpclint only maps flags onto Options.
package check
