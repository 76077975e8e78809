// Package check owns the `vpclint check` pipeline between the command line
// and the packages that do the work: finding and classifying inputs,
// loading them, evaluating the rules, applying waivers and the baseline,
// and deciding the exit code. cmd/vpclint only maps flags onto Options.
package check
