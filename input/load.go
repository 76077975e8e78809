package input

import (
	"context"
	"errors"

	"github.com/vpclint/vpclint/snapshot"
)

// Options are the settings that change what an input means: every
// command that loads an input takes them.
type Options struct {
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
type loader func(ctx context.Context, in Input, opt Options) ([]Loaded, error)

// loaders maps every input kind to its loader.
var loaders = map[Kind]loader{
	KindSnapshot:       loadSnapshot,
	KindTerraform:      loadTerraform,
	KindPlan:           loadPlan,
	KindCloudFormation: loadCloudFormation,
}

// Load reads one detected input. Errors in an IaC input are *Error;
// a snapshot's are its own located errors, returned as they are.
func Load(ctx context.Context, in Input, opt Options) ([]Loaded, error) {
	return loaders[in.Kind](ctx, in, opt)
}

func loadSnapshot(_ context.Context, in Input, _ Options) ([]Loaded, error) {
	s, err := snapshot.Load(in.Path)
	if err != nil {
		return nil, err
	}
	return []Loaded{{Snapshot: s}}, nil
}

// LoadOne loads a single input of any kind (explain, diff, matrix,
// check --before). An input that yields several snapshots (a plan) gives
// its first: the planned state.
func LoadOne(ctx context.Context, path string, opt Options) (*snapshot.Snapshot, error) {
	ins, problems := Detect([]string{path})
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	if len(ins) != 1 {
		return nil, inputErr("input %s: want one snapshot, plan, template or Terraform directory, found %d inputs", path, len(ins))
	}
	snaps, err := Load(ctx, ins[0], opt)
	if err != nil {
		return nil, &Error{Err: err}
	}
	if len(snaps) == 0 {
		return nil, inputErr("input %s: nothing to load", path)
	}
	return snaps[0].Snapshot, nil
}
