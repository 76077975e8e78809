package input

import (
	"context"
	"fmt"
	"strings"

	"github.com/vpclint/vpclint/scanner/cloudformation"
)

// loadCloudFormation reads one template. Every problem with the template
// (syntax, a malformed intrinsic, an inline suppression without a reason,
// a --parameter it does not declare) is an Error naming file:line.
func loadCloudFormation(_ context.Context, in Input, opt Options) ([]Loaded, error) {
	params, err := parseParameters(opt.Parameters)
	if err != nil {
		return nil, err
	}
	s, err := cloudformation.Load(in.Path, cloudformation.Options{Parameters: params})
	if err != nil {
		return nil, &Error{Err: err}
	}
	return []Loaded{{Snapshot: s}}, nil
}

// parseParameters turns --parameter Key=Value flags into a map.
func parseParameters(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, &Error{Err: fmt.Errorf("--parameter %q: want Key=Value (for example Env=prod or AWS::Region=eu-west-1)", kv)}
		}
		out[strings.TrimSpace(k)] = v
	}
	return out, nil
}
