package input

import (
	"context"
	"fmt"

	"github.com/vpclint/vpclint/scanner/terraform"
)

// loadTerraform reads a directory of Terraform configuration. Problems
// that lose semantics (a registry module not on disk, a count over an
// unknown value, an unsupported attribute that changes what a resource
// does) come back as coverage gaps with service "terraform", so check
// fails closed on them (exit 3) unless --allow-partial.
func loadTerraform(_ context.Context, in Input, opt Options) ([]Loaded, error) {
	s, err := terraform.Load(in.Path, terraform.Options{Vars: opt.Vars, VarFiles: opt.VarFiles})
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("input %s (%s): %w", in.Path, in.Kind, err)}
	}
	return []Loaded{{Snapshot: s}}, nil
}
