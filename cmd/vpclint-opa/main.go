// Command vpclint-opa is the stock OPA command line with vpclint's builtins
// registered, so `vpclint-opa test rules/` and `vpclint-opa fmt -w rules/`
// see exactly what the engine sees. Custom rule authors test with it.
package main

import (
	"os"

	"github.com/open-policy-agent/opa/cmd"

	"github.com/vpclint/vpclint/engine"
)

func main() {
	engine.Register()
	if err := cmd.Command(nil, "vpclint-opa").Execute(); err != nil {
		os.Exit(1)
	}
}
