package rules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/vpclint/vpclint/engine"
)

// TestRego runs every _test.rego through OPA's tester with vpclint's
// builtins and restricted capabilities, one Go subtest per Rego test.
func TestRego(t *testing.T) {
	mods, err := engine.Modules(true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := engine.Compile(mods)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ch, err := tester.NewRunner().SetCompiler(c).SetModules(mods).RaiseBuiltinErrors(true).SetTimeout(30*time.Second).RunTests(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		t.Run(strings.TrimPrefix(r.Package, "data.")+"."+r.Name, func(t *testing.T) {
			if r.Error != nil {
				t.Fatal(r.Error)
			}
			if r.Fail {
				t.Fatalf("failed at %v\n%s", r.FailedAt, r.Output)
			}
		})
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
}

// TestEveryRuleHasFiringAndPassingTests enforces DESIGN.md: each rule
// package has at least one test_fires_* and one test_passes_* case.
func TestEveryRuleHasFiringAndPassingTests(t *testing.T) {
	mods, err := engine.Modules(true)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]map[string]bool{}
	rulesPkgs := map[string]string{}
	for name, m := range mods {
		pkg := m.Package.Path.String()
		for _, a := range m.Annotations {
			if a.Scope == "package" && a.Custom["id"] != nil {
				rulesPkgs[pkg] = name
			}
		}
		for _, r := range m.Rules {
			// A rule's name is the first term of its head reference; test
			// rules are always plain names (test_fires_x if {...}).
			n := r.Head.Ref()[0].Value.String()
			for _, kind := range []string{"test_fires", "test_passes"} {
				if strings.HasPrefix(n, kind) {
					if tests[pkg] == nil {
						tests[pkg] = map[string]bool{}
					}
					tests[pkg][kind] = true
				}
			}
		}
	}
	if len(rulesPkgs) == 0 {
		t.Fatal("no rules found")
	}
	for pkg, file := range rulesPkgs {
		for _, kind := range []string{"test_fires", "test_passes"} {
			if !tests[pkg][kind] {
				t.Errorf("%s (%s) has no %s_* test", pkg, file, kind)
			}
		}
	}
}
