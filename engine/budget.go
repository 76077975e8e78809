package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
)

// Defaults for Options.RuleTimeout and Options.RuleMemory. The slowest
// embedded rule (SG007) takes about a second on the 73 MB generated
// account on a quiet machine, but more than 20 s on a 200 MB one on a
// busy two-core machine, so the budget leaves room for both while still
// stopping a rule that would never finish within a minute.
const (
	DefaultRuleTimeout = 45 * time.Second
	DefaultRuleMemory  = 2 << 30
)

var (
	errRuleTimeout = errors.New("time budget exceeded")
	errRuleMemory  = errors.New("memory budget exceeded")
)

// RuleError is a rule that could not be evaluated: it ran past its time
// or memory budget, a builtin failed, or it produced malformed findings.
// The findings of every other rule are still returned beside it.
type RuleError struct {
	ID, Name, File string
	Err            error
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("rule %s (%s, %s): %v", e.ID, e.Name, e.File, e.Err)
}

func (e *RuleError) Unwrap() error { return e.Err }

// RuleErrors are the rules of one check that failed, in rule id order.
type RuleErrors []*RuleError

func (es RuleErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find each *RuleError.
func (es RuleErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// budgetError says which budget a rule exceeded and how to raise it.
func budgetError(cause error, timeout time.Duration, memory uint64) error {
	if errors.Is(cause, errRuleMemory) {
		return fmt.Errorf("stopped: the heap grew by more than %d MiB while it ran: %w", memory>>20, cause)
	}
	return fmt.Errorf("stopped after %s (--rule-timeout): %w", timeout, cause)
}

// memGuard cancels the evaluations in flight when the Go heap grows past
// a limit. OPA has no memory limit of its own, and builtins such as
// net.cidr_expand build their whole result before returning, but they
// poll for cancellation while they do. The guard cannot tell which of
// the rules running at once allocated the memory, so it stops them all;
// the caller re-runs them one at a time, where a trip has one culprit.
type memGuard struct {
	limit   uint64
	mu      sync.Mutex
	next    int
	running map[int]context.CancelCauseFunc
	done    chan struct{}
	stopped sync.WaitGroup
}

var heapMetrics = []string{"/memory/classes/heap/objects:bytes", "/gc/heap/live:bytes"}

func readHeap() (objects, live uint64) {
	s := []metrics.Sample{{Name: heapMetrics[0]}, {Name: heapMetrics[1]}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// startGuard allows the heap to grow by budget bytes over its current
// size (live objects and garbage not yet collected).
func startGuard(budget uint64) *memGuard {
	objects, _ := readHeap()
	g := &memGuard{limit: objects + budget, running: map[int]context.CancelCauseFunc{}, done: make(chan struct{})}
	g.stopped.Go(g.watch)
	return g
}

func (g *memGuard) stop() {
	close(g.done)
	g.stopped.Wait()
}

// watch polls the heap cheaply; only past the limit does it collect
// garbage to see whether the memory is really held (at most once a
// second, since a collection over a large heap takes a while).
func (g *memGuard) watch() {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var lastGC time.Time
	for {
		select {
		case <-g.done:
			return
		case <-tick.C:
		}
		if objects, _ := readHeap(); objects <= g.limit || time.Since(lastGC) < time.Second {
			continue
		}
		runtime.GC()
		lastGC = time.Now()
		if _, live := readHeap(); live > g.limit {
			g.trip()
		}
	}
}

func (g *memGuard) trip() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, cancel := range g.running {
		cancel(errRuleMemory)
	}
}

// track registers an evaluation for cancellation; the returned func
// unregisters it.
func (g *memGuard) track(cancel context.CancelCauseFunc) func() {
	g.mu.Lock()
	defer g.mu.Unlock()
	id := g.next
	g.next++
	g.running[id] = cancel
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		delete(g.running, id)
	}
}
