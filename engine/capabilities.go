package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// deniedBuiltins reach outside the process or read its environment. A
// custom rule file is code someone else wrote: it must not be able to
// exfiltrate a snapshot (DESIGN.md "Facts").
var deniedBuiltins = []string{
	"http.send",
	"net.lookup_ip_addr",
	"opa.runtime",
	"io.jwt.decode_verify", // may fetch keys in some configurations; rules have no use for it
	"trace",
}

// Capabilities returns OPA's capabilities for this version (including
// vpclint's registered builtins) minus every builtin that touches the
// network, the runtime environment, or is nondeterministic (time, random,
// uuid): rule results must be a pure function of the input.
func Capabilities() *ast.Capabilities {
	Register()
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return b.Nondeterministic || slices.Contains(deniedBuiltins, b.Name)
	})
	caps.AllowNet = []string{}
	return caps
}
