package engine

import (
	"fmt"
	"reflect"
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// buildInput converts a normalised snapshot into the OPA input, once per
// snapshot: every collection becomes an object keyed by id so rules can
// join with input.security_groups[id] (OPA's indexer handles that; a list
// scan would not), policies carry their analysis, and input.facts holds
// what Go computed. Collections convert in parallel. m is s's reach model.
func buildInput(s *snapshot.Snapshot, fo FactOptions, m *reach.Model) (ast.Value, error) {
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
			x, err := reflectValue(fv)
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
			objs[i], errs[i] = keyedByID(j.list)
		})
	}
	facts, factsErr := computeFacts(s, fo, m)
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("convert %s for rules: %w", j.name, errs[i])
		}
		root.Insert(ast.StringTerm(j.name), ast.NewTerm(objs[i]))
	}
	if factsErr != nil {
		return nil, factsErr
	}
	if err := annotatePolicies(root, s); err != nil {
		return nil, err
	}
	root.Insert(ast.StringTerm("facts"), ast.NewTerm(facts))
	return root, nil
}

// keyedByID converts a list of entities into an object keyed by their id.
func keyedByID(list reflect.Value) (ast.Object, error) {
	obj := ast.NewObject()
	for i := range list.Len() {
		el := list.Index(i)
		x, err := reflectValue(el)
		if err != nil {
			return nil, err
		}
		obj.Insert(ast.StringTerm(el.FieldByName("ID").String()), ast.NewTerm(x))
	}
	return obj, nil
}
