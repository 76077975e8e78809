package check

import (
	"context"
	"fmt"

	"github.com/vpclint/vpclint/scanner/terraform"
	"github.com/vpclint/vpclint/scanner/tfplan"
	"github.com/vpclint/vpclint/snapshot"
)

// loadPlan checks the planned ("after") state of a plan. The "before"
// state (prior_state) is available through LoadPlan for change impact,
// which waits for the reachability diff.
func loadPlan(_ context.Context, in Input, opt LoadOptions) ([]Loaded, error) {
	before, after, err := LoadPlan(in.Path, opt)
	if err != nil {
		return nil, &InputError{Err: fmt.Errorf("input %s (%s): %w", in.Path, in.Kind, err)}
	}
	// A plan for a new workspace has no prior state: nothing to compare.
	if before != nil && len(before.VPCs) == 0 {
		before = nil
	}
	return []Loaded{{Snapshot: after, Before: before}}, nil
}

// LoadPlan reads a Terraform plan (terraform show -json) and returns the
// snapshots before (prior_state) and after (planned_values) the change.
// Resources are placed on their .tf lines when the configuration is in
// the plan's directory or its parent, else on their line in the plan.
func LoadPlan(path string, opt LoadOptions) (before, after *snapshot.Snapshot, err error) {
	return tfplan.Load(path, tfplan.Options{
		ConfigDir: terraform.ConfigDir,
		Build: func(rs []tfplan.Resource, kind, origin, configDir string, variables map[string]any) (*snapshot.Snapshot, error) {
			// The two packages keep their own Resource so neither imports
			// the other; the types are the same, field for field.
			in := make([]terraform.Resource, len(rs))
			for i, r := range rs {
				in[i] = terraform.Resource(r)
			}
			return terraform.FromResources(in, kind, origin, configDir, terraform.Options{Vars: opt.Vars, VarFiles: opt.VarFiles, Values: variables})
		},
	})
}
