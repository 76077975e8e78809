package engine

import (
	"encoding/json"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/vpclint/vpclint/snapshot"
)

// buildInput converts a normalised snapshot into the OPA input, once per
// snapshot: every collection becomes an object keyed by id so rules can
// join with input.security_groups[id] (OPA's indexer handles that; a list
// scan would not), policies carry their analysis, and input.facts holds
// what Go computed.
func buildInput(s *snapshot.Snapshot) (ast.Value, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode snapshot for rules: %w", err)
	}
	var doc map[string]any
	if err := util.UnmarshalJSON(raw, &doc); err != nil {
		return nil, fmt.Errorf("decode snapshot for rules: %w", err)
	}
	for _, coll := range snapshot.Collections() {
		list, _ := doc[coll].([]any)
		byID := make(map[string]any, len(list))
		for _, el := range list {
			m, _ := el.(map[string]any)
			id, _ := m["id"].(string)
			byID[id] = m
		}
		doc[coll] = byID
	}
	if _, ok := doc["coverage"]; !ok {
		doc["coverage"] = []any{}
	}
	annotatePolicies(doc, s)
	f, err := computeFacts(s)
	if err != nil {
		return nil, err
	}
	doc["facts"] = f
	v, err := ast.InterfaceToValue(doc)
	if err != nil {
		return nil, fmt.Errorf("convert snapshot for rules: %w", err)
	}
	return v, nil
}

// toAny round-trips a Go value into the generic JSON form OPA converts.
func toAny(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := util.UnmarshalJSON(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}
