package terraform

import (
	"math/big"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// state says whether an attribute was set and whether its value is known.
type state int

const (
	absent state = iota
	known
	unknown
)

// asString converts a value to a string when it is known and primitive.
func asString(v cty.Value) (string, state) {
	if v == cty.NilVal || (v.IsKnown() && v.IsNull()) {
		return "", absent
	}
	if !v.IsKnown() {
		return "", unknown
	}
	v, _ = v.Unmark()
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() || !s.IsKnown() {
		return "", unknown
	}
	return s.AsString(), known
}

func asBool(v cty.Value) (bool, state) {
	if v == cty.NilVal || (v.IsKnown() && v.IsNull()) {
		return false, absent
	}
	if !v.IsKnown() {
		return false, unknown
	}
	v, _ = v.Unmark()
	b, err := convert.Convert(v, cty.Bool)
	if err != nil || b.IsNull() || !b.IsKnown() {
		return false, unknown
	}
	return b.True(), known
}

func asInt(v cty.Value) (int, state) {
	if v == cty.NilVal || (v.IsKnown() && v.IsNull()) {
		return 0, absent
	}
	if !v.IsKnown() {
		return 0, unknown
	}
	v, _ = v.Unmark()
	n, err := convert.Convert(v, cty.Number)
	if err != nil || n.IsNull() || !n.IsKnown() {
		return 0, unknown
	}
	bf := n.AsBigFloat()
	if !bf.IsInt() {
		return 0, unknown
	}
	i, acc := bf.Int64()
	if acc != big.Exact || i < -1<<31 || i > 1<<31-1 {
		return 0, unknown
	}
	return int(i), known
}

// asStrings converts a list, set or tuple to strings. Elements that are
// unknown are reported through the second result (their count), and the
// whole list is unknown when its length is.
func asStrings(v cty.Value) ([]string, int, state) {
	if v == cty.NilVal || (v.IsKnown() && v.IsNull()) {
		return nil, 0, absent
	}
	if !v.IsKnown() {
		return nil, 0, unknown
	}
	v, _ = v.Unmark()
	if !v.CanIterateElements() {
		if s, st := asString(v); st == known {
			return []string{s}, 0, known
		}
		return nil, 0, unknown
	}
	var out []string
	unk := 0
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		s, st := asString(e)
		switch st {
		case known:
			out = append(out, s)
		case unknown:
			unk++
		case absent:
		}
	}
	return out, unk, known
}

// asList returns the elements of a list, set or tuple value.
func asList(v cty.Value) ([]cty.Value, state) {
	if v == cty.NilVal || (v.IsKnown() && v.IsNull()) {
		return nil, absent
	}
	if !v.IsKnown() {
		return nil, unknown
	}
	v, _ = v.Unmark()
	if !v.CanIterateElements() {
		return []cty.Value{v}, known
	}
	var out []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e)
	}
	return out, known
}

// asStringMap converts a map or object of strings (tags).
func asStringMap(v cty.Value) map[string]string {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return nil
	}
	v, _ = v.Unmark()
	if !v.CanIterateElements() {
		return nil
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		ks, _ := asString(k)
		if s, st := asString(e); st == known {
			out[ks] = s
		} else {
			out[ks] = "(unknown)"
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
