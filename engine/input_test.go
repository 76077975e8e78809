package engine

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/internal/gen"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// jsonOracle is the obviously-correct conversion the fast path replaces:
// encode with encoding/json, decode generically, convert.
func jsonOracle(t *testing.T, x any) ast.Value {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := util.UnmarshalJSON(b, &v); err != nil {
		t.Fatal(err)
	}
	out, err := ast.InterfaceToValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestToValueMatchesEncodingJSON(t *testing.T) {
	snaps := []*snapshot.Snapshot{}
	files, _ := filepath.Glob("../examples/*/snapshot.json")
	files = append(files, "../snapshot/testdata/basic.json")
	for _, f := range files {
		s, err := snapshot.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, s)
	}
	p, err := gen.Preset("small")
	if err != nil {
		t.Fatal(err)
	}
	g := gen.Generate(p)
	if err := g.Normalize(); err != nil {
		t.Fatal(err)
	}
	snaps = append(snaps, g)
	for i, s := range snaps {
		got, err := toValue(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonOracle(t, s); got.Compare(want) != 0 {
			t.Fatalf("snapshot %d: toValue differs from encoding/json", i)
		}
		f := facts.Compute(s, facts.Options{}, nil)
		fv, err := toValue(f)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonOracle(t, f); fv.Compare(want) != 0 {
			t.Fatalf("snapshot %d: facts: toValue differs from encoding/json", i)
		}
		in, err := buildInput(s, facts.Options{}, reach.NewModel(s))
		if err != nil {
			t.Fatal(err)
		}
		if got := dig(in, "facts"); got == nil || got.Compare(fv) != 0 {
			t.Fatalf("snapshot %d: facts not attached", i)
		}
		for at, a := range f.Policies {
			want, err := toValue(a)
			if err != nil {
				t.Fatal(err)
			}
			if got := dig(in, append(at.Path(), "analysis")...); got == nil || got.Compare(want) != 0 {
				t.Fatalf("snapshot %d: analysis of %+v not in the document", i, at)
			}
		}
	}
}
