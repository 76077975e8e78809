package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// Options select the rules an Engine runs.
type Options struct {
	// RuleDirs are extra rule directories (--rules), same contract as the
	// embedded rules.
	RuleDirs []string
	// Enable, when non-empty, keeps only these rules (ids or names).
	Enable []string
	// Disable drops these rules (ids or names).
	Disable []string
	// NoInlineIgnores turns off inline IaC suppressions, for audits.
	NoInlineIgnores bool
	// Facts configure the Go-computed facts (personas, intents).
	Facts facts.Options
	// RuleTimeout bounds each rule's evaluation (--rule-timeout); zero
	// means DefaultRuleTimeout. A rule past it becomes a RuleError.
	RuleTimeout time.Duration
	// RuleMemory bounds how many bytes the Go heap may grow by while
	// rules are evaluated; zero means DefaultRuleMemory. The rule that
	// grows it further becomes a RuleError.
	RuleMemory uint64
}

// Engine holds compiled, prepared rules. It is safe for concurrent use.
type Engine struct {
	rules           []preparedRule
	noInlineIgnores bool
	factOpts        facts.Options
	ruleTimeout     time.Duration
	ruleMemory      uint64
}

type preparedRule struct {
	meta  finding.Rule
	query rego.PreparedEvalQuery
}

// New loads, compiles and prepares the rules once.
func New(ctx context.Context, opt Options) (*Engine, error) {
	Register()
	mods, err := Modules(false, opt.RuleDirs...)
	if err != nil {
		return nil, err
	}
	files := map[string]string{} // package path -> module name
	for name, m := range mods {
		files[m.Package.Path.String()] = name
	}
	c, err := Compile(mods)
	if err != nil {
		return nil, err
	}
	defs, err := catalog(c, files)
	if err != nil {
		return nil, err
	}
	defs, err = selectRules(defs, opt.Enable, opt.Disable)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		noInlineIgnores: opt.NoInlineIgnores, factOpts: opt.Facts,
		ruleTimeout: cmp.Or(opt.RuleTimeout, DefaultRuleTimeout), ruleMemory: cmp.Or(opt.RuleMemory, DefaultRuleMemory),
	}
	for _, d := range defs {
		pq, err := rego.New(
			rego.Compiler(c),
			rego.Query(d.query),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare rule %s: %w", d.meta.ID, err)
		}
		e.rules = append(e.rules, preparedRule{meta: d.meta, query: pq})
	}
	return e, nil
}

// selectRules applies --enable and --disable; naming a rule that does not
// exist is an error, because a typo would otherwise silently run nothing.
func selectRules(defs []ruleDef, enable, disable []string) ([]ruleDef, error) {
	known := func(s string) bool {
		return slices.ContainsFunc(defs, func(d ruleDef) bool { return matchesRule(d.meta, s) })
	}
	for _, s := range append(slices.Clone(enable), disable...) {
		if !known(s) {
			return nil, fmt.Errorf("unknown rule %q in --enable/--disable (see vpclint rules list)", s)
		}
	}
	return slices.DeleteFunc(defs, func(d ruleDef) bool {
		in := func(list []string) bool {
			return slices.ContainsFunc(list, func(s string) bool { return matchesRule(d.meta, s) })
		}
		return (len(enable) > 0 && !in(enable)) || in(disable)
	}), nil
}

func matchesRule(r finding.Rule, s string) bool {
	s = strings.TrimSpace(s)
	return strings.EqualFold(s, r.ID) || strings.EqualFold(s, r.Name)
}

// Catalog returns the selected rules' documentation, sorted by id.
func (e *Engine) Catalog() []finding.Rule {
	out := make([]finding.Rule, len(e.rules))
	for i, r := range e.rules {
		out[i] = r.meta
	}
	return out
}

// Check evaluates every rule against the snapshot. The snapshot must be
// normalised (snapshot.Load does it). Findings come back sorted, with
// locations, fingerprints and inline/tag suppressions applied. Rules that
// fail (past their time or memory budget, a builtin error, malformed
// findings) come back as RuleErrors beside every other rule's findings;
// any other error means no findings.
func (e *Engine) Check(ctx context.Context, s *snapshot.Snapshot) ([]finding.Finding, error) {
	return e.CheckAgainst(ctx, s, nil)
}

// CheckAgainst is Check with a before snapshot for change impact (a
// plan's prior state); nil keeps the engine's own Options.Facts.Before.
func (e *Engine) CheckAgainst(ctx context.Context, s, before *snapshot.Snapshot) ([]finding.Finding, error) {
	fo := e.factOpts
	if before != nil {
		fo.Before = before
	}
	// One reach model per check: the facts and the vpclint.reach builtin
	// (through the context) share it.
	m := reach.NewModel(s)
	input, err := buildInput(s, fo, m)
	if err != nil {
		return nil, err
	}
	ctx = withModel(ctx, m)
	results, errs := e.evalAll(ctx, input, s)
	var all []finding.Finding
	var failed RuleErrors
	for i, fs := range results {
		if err := errs[i]; err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			r := e.rules[i].meta
			failed = append(failed, &RuleError{ID: r.ID, Name: r.Name, File: r.File, Err: err})
		}
		all = append(all, fs...)
	}
	finding.Sort(all)
	if len(failed) > 0 {
		return all, failed
	}
	return all, nil
}

// evalAll runs the rules on every core under the memory guard, then
// re-runs alone each rule the guard stopped, so that only a rule that
// exceeds the budget by itself fails.
func (e *Engine) evalAll(ctx context.Context, input ast.Value, s *snapshot.Snapshot) ([][]finding.Finding, []error) {
	g := startGuard(e.ruleMemory)
	defer g.stop()
	results := make([][]finding.Finding, len(e.rules))
	errs := make([]error, len(e.rules))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range e.rules {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = e.evalBudgeted(ctx, g, &e.rules[i], input, s)
		})
	}
	wg.Wait()
	for i := range e.rules {
		if errors.Is(errs[i], errRuleMemory) {
			runtime.GC()
			results[i], errs[i] = e.evalBudgeted(ctx, g, &e.rules[i], input, s)
		}
	}
	return results, errs
}

// evalBudgeted evaluates one rule within its time budget and under the
// memory guard.
func (e *Engine) evalBudgeted(ctx context.Context, g *memGuard, r *preparedRule, input ast.Value, s *snapshot.Snapshot) ([]finding.Finding, error) {
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	rctx, cancelTimeout := context.WithTimeoutCause(rctx, e.ruleTimeout, errRuleTimeout)
	defer cancelTimeout()
	defer g.track(cancel)()
	fs, err := e.evalRule(rctx, r, input, s)
	if err == nil || ctx.Err() != nil {
		return fs, err
	}
	if cause := context.Cause(rctx); errors.Is(cause, errRuleTimeout) || errors.Is(cause, errRuleMemory) {
		return nil, budgetError(cause, e.ruleTimeout, e.ruleMemory)
	}
	return nil, err
}

func (e *Engine) evalRule(ctx context.Context, r *preparedRule, input ast.Value, s *snapshot.Snapshot) ([]finding.Finding, error) {
	rs, err := r.query.Eval(ctx, rego.EvalParsedInput(input), rego.EvalSortSets(true))
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	var out []finding.Finding
	for _, res := range rs {
		for _, ex := range res.Expressions {
			items, ok := ex.Value.([]any)
			if !ok {
				return nil, fmt.Errorf("findings must be a set of objects, got %T", ex.Value)
			}
			for _, it := range items {
				f, err := toFinding(r.meta, it, s, e.noInlineIgnores)
				if err != nil {
					return nil, err
				}
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// ruleResult is the object a rule's findings set contains.
type ruleResult struct {
	Resource struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"resource"`
	Message  string            `json:"message"`
	Key      string            `json:"key"`
	Severity string            `json:"severity"`
	Evidence json.RawMessage   `json:"evidence"`
	Related  []finding.Related `json:"related"`
	Source   *snapshot.Source  `json:"source"`
}

// decodeResult reads a rule's finding object directly from OPA's Go
// value; only the evidence is re-encoded. (A JSON round trip of every
// finding was a visible cost on accounts with tens of thousands.)
func decodeResult(item any) (ruleResult, error) {
	var r ruleResult
	bad := func(why string) (ruleResult, error) {
		b, err := json.Marshal(item)
		if err != nil {
			b = []byte(fmt.Sprint(item))
		}
		return r, fmt.Errorf("finding %s: %s (want {resource:{type,id}, message, key, evidence, related, source, severity})", b, why)
	}
	m, ok := item.(map[string]any)
	if !ok {
		return bad("not an object")
	}
	res, _ := m["resource"].(map[string]any)
	r.Resource.Type, _ = res["type"].(string)
	r.Resource.ID, _ = res["id"].(string)
	r.Message, _ = m["message"].(string)
	if r.Resource.Type == "" || r.Resource.ID == "" || r.Message == "" {
		return bad("needs resource.type, resource.id and message as strings")
	}
	if k, ok := m["key"]; ok && k != nil {
		r.Key = fmt.Sprint(k)
	}
	r.Severity, _ = m["severity"].(string)
	if ev, ok := m["evidence"]; ok && ev != nil {
		b, err := json.Marshal(ev)
		if err != nil {
			return bad("evidence: " + err.Error())
		}
		r.Evidence = b
	}
	if rel, ok := m["related"].([]any); ok {
		for _, x := range rel {
			o, _ := x.(map[string]any)
			typ, _ := o["type"].(string)
			id, _ := o["id"].(string)
			desc, _ := o["description"].(string)
			r.Related = append(r.Related, finding.Related{Type: typ, ID: id, Description: desc})
		}
	}
	if src, ok := m["source"].(map[string]any); ok {
		r.Source = &snapshot.Source{Address: str(src["address"]), ARN: str(src["arn"])}
		r.Source.File = str(src["file"])
		r.Source.StartLine, r.Source.EndLine = num(src["start_line"]), num(src["end_line"])
	}
	return r, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}

func toFinding(meta finding.Rule, item any, s *snapshot.Snapshot, noInline bool) (finding.Finding, error) {
	r, err := decodeResult(item)
	if err != nil {
		return finding.Finding{}, err
	}
	f := finding.Finding{
		RuleID: meta.ID, RuleName: meta.Name, Category: meta.Category, Severity: meta.Severity,
		Title: meta.Title, Message: r.Message, Related: r.Related, Remediation: meta.Remediation, Key: r.Key,
		Frameworks: meta.Frameworks,
		Resource:   finding.Resource{Type: r.Resource.Type, ID: r.Resource.ID},
	}
	if r.Severity != "" {
		if f.Severity, err = finding.ParseSeverity(r.Severity); err != nil {
			return finding.Finding{}, err
		}
	}
	if len(r.Evidence) > 0 && string(r.Evidence) != "null" {
		f.Evidence = r.Evidence
	}
	ent, found := s.Lookup(r.Resource.Type, r.Resource.ID)
	if found {
		f.Resource.ARN, f.Resource.Name, f.Resource.Tags = ent.ARN, ent.Name, ent.Meta.Tags
		f.Resource.Account, f.Resource.Region = ent.Meta.Account, ent.Meta.Region
	}
	f.Location = locate(s, ent, found, fieldSource(ent, r.Key, r.Source))
	f.Fingerprint = finding.Fingerprint(f.RuleID, f.Resource, f.Key)
	applyResourceIgnores(&f, ent, noInline)
	return f, nil
}

// fieldSource places a finding whose key names a field of its entity
// (VPC003's "map_public_ip_on_launch", a policy) on the line IaC wrote that
// field on, when the rule gave no source of its own.
func fieldSource(ent snapshot.Entity, key string, own *snapshot.Source) *snapshot.Source {
	src := ent.Meta.Source
	if own != nil || src == nil || src.Lines[key] == 0 {
		return own
	}
	at := *src
	at.StartLine, at.EndLine = src.Lines[key], src.Lines[key]
	return &at
}

// locate prefers the rule's own source (a nested block such as one SG
// rule), then the entity's IaC source, then the entity's line in the
// snapshot file the audit was loaded from.
func locate(s *snapshot.Snapshot, ent snapshot.Entity, found bool, own *snapshot.Source) finding.Location {
	for _, src := range []*snapshot.Source{own, ent.Meta.Source} {
		if src != nil && src.File != "" {
			return finding.Location{File: src.File, StartLine: src.StartLine, EndLine: cmp.Or(src.EndLine, src.StartLine), Address: src.Address}
		}
	}
	loc := finding.Location{File: s.Path, StartLine: 1, EndLine: 1}
	if found {
		if n := s.Line(ent.Collection, ent.ID); n > 0 {
			loc.StartLine, loc.EndLine = n, n
		}
	}
	if ent.Meta.Source != nil {
		loc.Address = ent.Meta.Source.Address
	}
	return loc
}

// applyResourceIgnores applies inline IaC suppressions, then the
// vpclint:ignore tag, in DESIGN.md's priority order.
func applyResourceIgnores(f *finding.Finding, ent snapshot.Entity, noInline bool) {
	if src := ent.Meta.Source; src != nil && len(src.Ignores) > 0 && !noInline {
		igs := make([]finding.Ignore, 0, len(src.Ignores))
		for _, ig := range src.Ignores {
			where := src.File
			if ig.Line > 0 {
				where = fmt.Sprintf("%s:%d", src.File, ig.Line)
			}
			igs = append(igs, finding.Ignore{Rule: ig.Rule, Reason: ig.Reason, Source: where})
		}
		finding.ApplyIgnores(f, finding.SuppressInline, igs)
	}
	if v, ok := ent.Meta.Tags[finding.IgnoreTag]; ok {
		finding.ApplyIgnores(f, finding.SuppressTag, finding.ParseTagIgnores(v, "tag "+finding.IgnoreTag))
	}
}
