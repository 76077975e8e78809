package input

import (
	"context"
	"fmt"

	"github.com/vpclint/vpclint/scanner/terraform"
	"github.com/vpclint/vpclint/scanner/tfplan"
	"github.com/vpclint/vpclint/snapshot"
)

// loadPlan gives the planned ("after") state of a plan, with the prior
// state as its Before for change impact.
func loadPlan(_ context.Context, in Input, opt Options) ([]Loaded, error) {
	before, after, err := readPlan(in.Path, opt)
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("input %s (%s): %w", in.Path, in.Kind, err)}
	}
	// A plan for a new workspace has no prior state: nothing to compare.
	if before != nil && len(before.VPCs) == 0 {
		before = nil
	}
	return []Loaded{{Snapshot: after, Before: before}}, nil
}

// readPlan reads a Terraform plan (terraform show -json) and returns the
// snapshots before (prior_state) and after (planned_values) the change.
// Resources are placed on their .tf lines when the configuration is in
// the plan's directory or its parent, else on their line in the plan.
func readPlan(path string, opt Options) (before, after *snapshot.Snapshot, err error) {
	return tfplan.Load(path, tfplan.Options{
		ConfigDir: terraform.ConfigDir,
		Build: func(rs []terraform.Resource, kind, origin, configDir string, variables map[string]any) (*snapshot.Snapshot, error) {
			return terraform.FromResources(rs, kind, origin, configDir, terraform.Options{Vars: opt.Vars, VarFiles: opt.VarFiles, Values: variables})
		},
	})
}
