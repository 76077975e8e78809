package check

import (
	"context"

	"github.com/vpclint/vpclint/snapshot"
)

// LoadOptions are the IaC settings of a run.
type LoadOptions struct {
	// Vars are Terraform -var values ("name=value").
	Vars []string
	// VarFiles are Terraform -var-file paths.
	VarFiles []string
	// Parameters are CloudFormation parameter overrides ("Key=Value").
	Parameters []string
}

// loader turns one input into one or more snapshots (a plan yields the
// planned "after" state; change impact uses its "before" too).
type loader func(ctx context.Context, in Input, opt LoadOptions) ([]*snapshot.Snapshot, error)

// loaders maps every input kind to its loader.
var loaders = map[Kind]loader{
	KindSnapshot:       loadSnapshot,
	KindTerraform:      loadTerraform,
	KindPlan:           loadPlan,
	KindCloudFormation: loadCloudFormation,
}

func loadSnapshot(_ context.Context, in Input, _ LoadOptions) ([]*snapshot.Snapshot, error) {
	s, err := snapshot.Load(in.Path)
	if err != nil {
		return nil, err
	}
	return []*snapshot.Snapshot{s}, nil
}
