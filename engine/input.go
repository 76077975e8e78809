package engine

import (
	"fmt"
	"reflect"
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// buildInput converts a normalised snapshot into the OPA input, once per
// snapshot: every collection becomes an object keyed by id so rules can
// join with input.security_groups[id] (OPA's indexer handles that; a list
// scan would not), policies carry their analysis, and input.facts holds
// what Go computed (package facts). Collections convert in parallel with
// the facts computation. m is s's reach model.
func buildInput(s *snapshot.Snapshot, opt facts.Options, m *reach.Model) (ast.Value, error) {
	root := ast.NewObject()
	v := reflect.ValueOf(s).Elem()
	type job struct {
		name string
		list reflect.Value
	}
	var jobs []job
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		switch {
		case f.name == "coverage":
			cov, err := toValue(s.Coverage)
			if err != nil {
				return nil, err
			}
			if _, isNull := cov.(ast.Null); isNull {
				cov = ast.NewArray()
			}
			root.Insert(ast.StringTerm("coverage"), ast.NewTerm(cov))
		case fv.Kind() == reflect.Slice:
			jobs = append(jobs, job{f.name, fv})
		default:
			x, err := reflectValue(fv, nil)
			if err != nil {
				return nil, err
			}
			root.Insert(ast.StringTerm(f.name), ast.NewTerm(x))
		}
	}
	objs := make([]ast.Object, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			objs[i], errs[i] = keyedByID(j.list, interner{})
		})
	}
	f := facts.Compute(s, opt, m)
	fv, factsErr := reflectValue(reflect.ValueOf(f), interner{})
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("convert %s for rules: %w", j.name, errs[i])
		}
		root.Insert(ast.StringTerm(j.name), ast.NewTerm(objs[i]))
	}
	if factsErr != nil {
		return nil, fmt.Errorf("convert facts for rules: %w", factsErr)
	}
	if err := placeAnalyses(root, f.Policies); err != nil {
		return nil, err
	}
	root.Insert(ast.StringTerm("facts"), ast.NewTerm(fv))
	return root, nil
}

// placeAnalyses puts every policy analysis into its document, as
// "analysis", where rules read it beside the statements.
func placeAnalyses(root ast.Object, analyses map[facts.PolicyAt]facts.PolicyAnalysis) error {
	for at, a := range analyses {
		doc, ok := dig(root, at.Path()...).(ast.Object)
		if !ok {
			continue
		}
		v, err := toValue(a)
		if err != nil {
			return fmt.Errorf("convert policy analysis of %s %s: %w", at.Collection, at.ID, err)
		}
		doc.Insert(ast.StringTerm("analysis"), ast.NewTerm(v))
	}
	return nil
}

// dig walks objects by string key and arrays by int index.
func dig(v ast.Value, path ...any) ast.Value {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			o, ok := v.(ast.Object)
			if !ok {
				return nil
			}
			t := o.Get(ast.StringTerm(k))
			if t == nil {
				return nil
			}
			v = t.Value
		case int:
			a, ok := v.(*ast.Array)
			if !ok || k >= a.Len() {
				return nil
			}
			v = a.Elem(k).Value
		}
	}
	return v
}

// keyedByID converts a list of entities into an object keyed by their id
// (the same term as the id inside, through in).
func keyedByID(list reflect.Value, in interner) (ast.Object, error) {
	obj := ast.NewObjectWithCapacity(list.Len())
	for i := range list.Len() {
		el := list.Index(i)
		x, err := reflectValue(el, in)
		if err != nil {
			return nil, err
		}
		obj.Insert(in.term(ast.String(el.FieldByName("ID").String())), ast.NewTerm(x))
	}
	return obj, nil
}
