package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// evNode is a piece of evidence as the report shows it: exactly one of
// its fields is set. Objects become key/value rows, lists of flat objects
// (rules, entries, hops) a table, lists of plain values one line, and
// policy statements or anything nested deeper indented JSON.
type evNode struct {
	Text  string
	List  []string
	Rows  []evRow
	Table *evTable
	Code  string
}

type evRow struct {
	Key   string
	Value evNode
}

type evTable struct {
	Cols []string
	Rows [][]string
}

// evMaxDepth is how deep objects nest as tables before the rest is shown
// as JSON: deeper tables are harder to read than the JSON.
const evMaxDepth = 3

// policyKeys hold policy statements or documents, which read best as the
// JSON their authors wrote.
var policyKeys = map[string]bool{"statement": true, "statements": true, "policy": true, "document": true}

// evidenceView renders raw evidence; nil when it is empty or not JSON
// (the raw text is still shown).
func evidenceView(raw json.RawMessage) *evNode {
	if len(raw) == 0 {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return nil
	}
	n := evValue(v, 0)
	return &n
}

func evValue(v any, depth int) evNode {
	switch x := v.(type) {
	case map[string]any:
		if depth >= evMaxDepth {
			return evNode{Code: indentJSON(x)}
		}
		n := evNode{Rows: []evRow{}}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if policyKeys[strings.ToLower(k)] && x[k] != nil {
				n.Rows = append(n.Rows, evRow{Key: k, Value: evNode{Code: indentJSON(x[k])}})
				continue
			}
			n.Rows = append(n.Rows, evRow{Key: k, Value: evValue(x[k], depth+1)})
		}
		return n
	case []any:
		return evList(x, depth)
	default:
		return evNode{Text: evScalar(v)}
	}
}

func evList(xs []any, depth int) evNode {
	if len(xs) == 0 {
		return evNode{Text: "none"}
	}
	if items, ok := scalars(xs); ok {
		return evNode{List: items}
	}
	if t, ok := flatTable(xs); ok {
		return evNode{Table: t}
	}
	if depth >= evMaxDepth {
		return evNode{Code: indentJSON(xs)}
	}
	n := evNode{Rows: []evRow{}}
	for i, x := range xs {
		n.Rows = append(n.Rows, evRow{Key: strconv.Itoa(i + 1), Value: evValue(x, depth+1)})
	}
	return n
}

// scalars renders a list of plain values; false when one is not plain.
func scalars(xs []any) ([]string, bool) {
	out := make([]string, len(xs))
	for i, x := range xs {
		s, ok := item(x)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// item renders one plain list item; a pair of numbers inside a list is a
// port range ([[22, 22], [80, 443]]), an object of plain values (a hop's
// component) its "key: value" pairs.
func item(v any) (string, bool) {
	switch x := v.(type) {
	case map[string]any:
		parts := make([]string, 0, len(x))
		for _, k := range columnOrder(slices.Collect(maps.Keys(x))) {
			switch x[k].(type) {
			case map[string]any, []any:
				return "", false
			}
			parts = append(parts, k+": "+evScalar(x[k]))
		}
		return strings.Join(parts, ", "), true
	case []any:
		return portRange(v)
	default:
		return evScalar(v), true
	}
}

// flatTable renders a list of objects whose values are all plain as a
// table with one column per key; false otherwise.
func flatTable(xs []any) (*evTable, bool) {
	cols := map[string]bool{}
	for _, x := range xs {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, false
		}
		for k, v := range m {
			if _, ok := cell(v); !ok {
				return nil, false
			}
			cols[k] = true
		}
	}
	t := &evTable{Cols: columnOrder(slices.Collect(maps.Keys(cols)))}
	for _, x := range xs {
		m, _ := x.(map[string]any)
		row := make([]string, len(t.Cols))
		for i, c := range t.Cols {
			if v, ok := m[c]; ok {
				row[i], _ = cell(v)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, true
}

// cell renders a plain value, or a list of plain values joined, for a
// table cell.
func cell(v any) (string, bool) {
	xs, ok := v.([]any)
	if !ok {
		return item(v)
	}
	parts, ok := scalars(xs)
	return strings.Join(parts, ", "), ok
}

// portRange renders [from, to] as "from-to" (or "from" when equal).
func portRange(v any) (string, bool) {
	xs, ok := v.([]any)
	if !ok || len(xs) != 2 {
		return "", false
	}
	a, okA := xs[0].(json.Number)
	b, okB := xs[1].(json.Number)
	if !okA || !okB {
		return "", false
	}
	if a == b {
		return a.String(), true
	}
	return a.String() + "-" + b.String(), true
}

// leadColumns come first in a table, in this order, as people read a rule
// or a hop: what it is, then which one; the other columns follow sorted.
var leadColumns = []string{"type", "id", "code", "component", "direction", "rule_number", "action", "protocol"}

func columnOrder(cols []string) []string {
	rank := func(c string) int {
		if i := slices.Index(leadColumns, c); i >= 0 {
			return i
		}
		return len(leadColumns)
	}
	slices.SortFunc(cols, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	return cols
}

func evScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		return indentJSON(x)
	}
}

func indentJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}
