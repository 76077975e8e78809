package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
)

// Issue 11 item 8: three custom rules that would run for hours or take
// every byte of memory are each stopped and reported by name, while every
// other rule's findings still come out, and the check ends in bounded time.
func TestHostileRulesAreStopped(t *testing.T) {
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := newEngine(t, Options{}).Check(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the stock rules find nothing on basic.json: the comparison below would prove nothing")
	}

	const timeout = 2 * time.Second
	e := newEngine(t, Options{RuleDirs: []string{"testdata/hostile"}, RuleTimeout: timeout, RuleMemory: 256 << 20})
	start := time.Now()
	got, err := e.Check(context.Background(), s)
	elapsed := time.Since(start)

	var failed RuleErrors
	if !errors.As(err, &failed) {
		t.Fatalf("want RuleErrors, got %v", err)
	}
	var ids []string
	for _, re := range failed {
		ids = append(ids, re.ID)
		if !strings.Contains(re.Error(), "testdata/hostile/") || !strings.Contains(re.Error(), re.Name) {
			t.Errorf("error does not name the rule and its file: %v", re)
		}
		if !errors.Is(re, errRuleTimeout) && !errors.Is(re, errRuleMemory) {
			t.Errorf("%s: want a budget error, got %v", re.ID, re.Err)
		}
		t.Logf("%v", re)
	}
	if !slices.Equal(ids, []string{"HOST001", "HOST002", "HOST003", "HOST004"}) {
		t.Errorf("failed rules %v, want the four hostile ones", ids)
	}
	if !sameFindings(got, want) {
		t.Errorf("the other rules' findings changed: got %d, want %d", len(got), len(want))
	}
	// Each rule gets its budget once it runs; with two cores the four
	// hostile rules take at most two rounds, plus a re-run alone for any
	// the memory guard stopped beside another.
	if limit := 4*timeout + 10*time.Second; elapsed > limit {
		t.Errorf("check took %s, want under %s", elapsed, limit)
	}
}

// A rule that cannot finish in its budget fails on time alone: the cross
// product allocates nothing.
func TestRuleTimeoutNamesBudget(t *testing.T) {
	e := newEngine(t, Options{RuleDirs: []string{"testdata/hostile"}, Enable: []string{"HOST001"}, RuleTimeout: 300 * time.Millisecond})
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Check(context.Background(), s)
	if !errors.Is(err, errRuleTimeout) || !strings.Contains(err.Error(), "HOST001") || !strings.Contains(err.Error(), "--rule-timeout") {
		t.Fatalf("want a timeout naming HOST001 and the flag, got %v", err)
	}
}

// A rule that holds memory faster than the clock would stop it fails on
// memory, long before its time budget.
func TestRuleMemoryGuard(t *testing.T) {
	e := newEngine(t, Options{RuleDirs: []string{"testdata/hostile"}, Enable: []string{"HOST004"}, RuleTimeout: time.Minute, RuleMemory: 256 << 20})
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	// The memory error (not the minute's time budget) is what proves the
	// guard stopped the rule; how fast the rule allocates depends on the
	// machine and on -race, so no wall-clock bound here.
	_, err = e.Check(context.Background(), s)
	if !errors.Is(err, errRuleMemory) || !strings.Contains(err.Error(), "HOST004") || !strings.Contains(err.Error(), "256 MiB") {
		t.Fatalf("want a memory error naming HOST004 and the budget, got %v", err)
	}
}

// Cancelling the whole check is not a rule's failure.
func TestCancelledCheckIsNotARuleError(t *testing.T) {
	e := newEngine(t, Options{RuleDirs: []string{"testdata/hostile"}, Enable: []string{"HOST001"}})
	s, err := snapshot.Load("../snapshot/testdata/basic.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = e.Check(ctx, s)
	var failed RuleErrors
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &failed) {
		t.Fatalf("want the context's error, got %v", err)
	}
}

func sameFindings(a, b []finding.Finding) bool {
	return slices.EqualFunc(a, b, func(x, y finding.Finding) bool {
		return x.Fingerprint == y.Fingerprint && x.Message == y.Message && x.Location == y.Location
	})
}
