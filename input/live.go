package input

import (
	"context"

	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/snapshot"
)

// Scan reads the live account (vpclint scan, check --live). A scan that
// cannot start (contradictory regions, no credentials, no region) is an
// Error; what could not be read once it started is in the snapshot's
// coverage, and an interrupted scan returns what it read, marked
// incomplete.
func Scan(ctx context.Context, opt scanaws.Options) (*snapshot.Snapshot, *scanaws.Stats, error) {
	if opt.AllRegions && len(opt.Regions) > 0 {
		return nil, nil, inputErr("give --region or --all-regions, not both")
	}
	snap, st, err := scanaws.Scan(ctx, opt)
	if err != nil {
		return nil, nil, &Error{Err: err}
	}
	return snap, st, nil
}
