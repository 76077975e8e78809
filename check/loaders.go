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

// Loaded is one snapshot from an input, with the state it replaces when
// the input says (a Terraform plan's prior state): change impact compares
// the two.
type Loaded struct {
	Snapshot *snapshot.Snapshot
	Before   *snapshot.Snapshot
}

// loader turns one input into one or more snapshots.
type loader func(ctx context.Context, in Input, opt LoadOptions) ([]Loaded, error)

// loaders maps every input kind to its loader.
var loaders = map[Kind]loader{
	KindSnapshot:       loadSnapshot,
	KindTerraform:      loadTerraform,
	KindPlan:           loadPlan,
	KindCloudFormation: loadCloudFormation,
}

func loadSnapshot(_ context.Context, in Input, _ LoadOptions) ([]Loaded, error) {
	s, err := snapshot.Load(in.Path)
	if err != nil {
		return nil, err
	}
	return []Loaded{{Snapshot: s}}, nil
}

// LoadOne loads a single input of any kind (explain, diff). An input that
// yields several snapshots (a plan) gives its first: the planned state.
func LoadOne(ctx context.Context, path string, opt LoadOptions) (*snapshot.Snapshot, error) {
	ins, err := Detect([]string{path})
	if err != nil {
		return nil, err
	}
	if len(ins) != 1 {
		return nil, inputErr("input %s: want one snapshot, plan, template or Terraform directory, found %d inputs", path, len(ins))
	}
	snaps, err := loaders[ins[0].Kind](ctx, ins[0], opt)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	if len(snaps) == 0 {
		return nil, inputErr("input %s: nothing to load", path)
	}
	return snaps[0].Snapshot, nil
}
