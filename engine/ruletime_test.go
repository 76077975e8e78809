package engine

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

func TestRuleTimes(t *testing.T) {
	if os.Getenv("VPCLINT_RULE_TIMES") == "" {
		t.Skip("set VPCLINT_RULE_TIMES=1")
	}
	s, err := snapshot.Decode(largeJSON(), "large.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	in, err := buildInput(s, facts.Options{}, reach.NewModel(s))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("buildInput %s", time.Since(start))
	type rt struct {
		id string
		d  time.Duration
	}
	var out []rt
	for _, r := range e.rules {
		st := time.Now()
		if _, err := r.query.Eval(context.Background(), rego.EvalParsedInput(in)); err != nil {
			t.Fatal(err)
		}
		out = append(out, rt{r.meta.ID, time.Since(st)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].d > out[j].d })
	for _, x := range out {
		t.Logf("%-8s %s", x.id, x.d)
	}
}

func TestPhaseTimes(t *testing.T) {
	if os.Getenv("VPCLINT_RULE_TIMES") == "" {
		t.Skip("set VPCLINT_RULE_TIMES=1")
	}
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := largeJSON()
	for range 2 {
		st := time.Now()
		s, err := snapshot.Decode(data, "large.json")
		if err != nil {
			t.Fatal(err)
		}
		d1 := time.Since(st)
		st = time.Now()
		if f := facts.Compute(s, facts.Options{}, nil); f == nil {
			t.Fatal("no facts")
		}
		d2 := time.Since(st)
		st = time.Now()
		in, err := buildInput(s, facts.Options{}, reach.NewModel(s))
		if err != nil || in == nil {
			t.Fatal(err)
		}
		d3 := time.Since(st)
		st = time.Now()
		fs, err := e.Check(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("decode %s, facts alone %s, buildInput %s, full Check %s (%d findings)", d1, d2, d3, time.Since(st), len(fs))
	}
}
