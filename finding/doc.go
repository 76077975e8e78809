// Package finding owns the vocabulary every check result is expressed in:
// a Finding, the Rule catalog entry that documents it, severities and
// categories, stable fingerprints, and suppressions (inline, tag, waiver,
// baseline).
//
// Findings are data, never errors: an evaluation that fails returns an
// error, an evaluation that finds something returns findings.
package finding
