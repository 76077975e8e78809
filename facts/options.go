package facts

import (
	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// Options configure the facts Go computes beyond the snapshot itself:
// who the lockout checks evaluate policies for, which reachability
// intents to evaluate, what to compare with.
type Options struct {
	// Personas are the callers the bucket-policy lockout check (S3004)
	// evaluates every bucket policy for. Empty means
	// iampolicy.DefaultPersonas of each bucket's account. Build them from
	// .vpclint.yaml personas with iampolicy.NewPersona(name, principal,
	// context). Callers through each S3 endpoint of the snapshot are always
	// added (iampolicy.EndpointPersona).
	Personas []iampolicy.Persona
	// Intents are the reachability intents of .vpclint.yaml, evaluated into
	// Facts.Intents.
	Intents []reach.Intent
	// Before is the snapshot to compare with (check --before, a plan's
	// prior state): the differences go into Facts.Changes.
	Before *snapshot.Snapshot
	// Flows are the VPC flow logs given with check --flows, summarised:
	// they are joined with the configuration into Facts.Flows (and, with
	// Before, replayed against the change).
	Flows *flowlogs.Summary
}
