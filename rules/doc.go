// Package rules holds vpclint's Rego checks: one package per check under
// rules/<area>/<slug>.rego beside its <slug>_test.rego, shared helpers in
// rules/lib. Package-scope METADATA is the single source of truth for each
// rule's documentation; engine reads it into the catalog. FS exposes the
// files to the engine.
package rules
