package check

import (
	"context"
	"fmt"

	"github.com/vpclint/vpclint/snapshot"
)

func loadTerraform(_ context.Context, in Input, _ LoadOptions) ([]*snapshot.Snapshot, error) {
	return nil, &InputError{Err: fmt.Errorf("input %s (%s): %w", in.Path, in.Kind, errNotSupported)}
}
