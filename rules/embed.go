package rules

import "embed"

// FS holds every .rego file: checks, their tests and lib helpers. The
// engine excludes _test.rego files when it runs checks.
//
//go:embed */*.rego
var FS embed.FS
