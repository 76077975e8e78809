package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/report"
	"github.com/vpclint/vpclint/snapshot"
)

// Exit codes of DESIGN.md "CLI".
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitInput    = 2
	ExitPartial  = 3
)

// InputError is a usage or input problem: exit code 2. It is input's
// Error, so that errors.As finds a loader's and the pipeline's alike.
type InputError = input.Error

// Options configure one check run.
type Options struct {
	Paths []string
	// Snapshots are already-built inputs (a live scan), checked after Paths.
	Snapshots []*snapshot.Snapshot
	// Load configures the IaC loaders.
	Load   input.Options
	FailOn finding.Severity
	// FailNever is --fail-on never: findings never make the exit code 1;
	// input errors and coverage gaps still do (2, 3).
	FailNever bool
	// MinSeverity is --severity: findings below it are left out of the
	// report (coverage findings never are) but still judged by FailOn, so
	// that hiding a finding cannot pass a gate.
	MinSeverity     finding.Severity
	Engine          engine.Options
	Waivers         []finding.Waiver
	BaselineFile    string
	AllowPartial    bool
	NoInlineIgnores bool
	// Compliance lists the frameworks whose per-control view the report
	// shows (--compliance).
	Compliance []compliance.Framework
	// Today decides waiver expiry; zero means time.Now().
	Today time.Time
	// Log receives progress and detection messages (-v); nil discards.
	Log io.Writer
}

// Result is what a run found, ready for the report writers.
type Result struct {
	Report report.Input
	Inputs []input.Input
	// Problems are located input errors that did not stop the run: an
	// input that failed to load while others loaded, a policy document that
	// could not be fully parsed. Any of them makes the exit code 2, but the
	// rest of the results are still reported.
	Problems []error
	ExitCode int
}

// loadedInput is one snapshot to check and the input it came from.
type loadedInput struct {
	input.Loaded
	from input.Input
}

// loadAll loads every input, a failing one a problem of res unless it is
// the only input, then adds the snapshots given whole (--live).
func loadAll(ctx context.Context, inputs []input.Input, opt Options, res *Result) ([]loadedInput, error) {
	var snaps []loadedInput
	for _, in := range inputs {
		loaded, err := input.Load(ctx, in, opt.Load)
		if err != nil {
			if len(inputs)+len(res.Problems)+len(opt.Snapshots) == 1 {
				return nil, &InputError{Err: err}
			}
			res.Problems = append(res.Problems, err)
			continue
		}
		for _, l := range loaded {
			snaps = append(snaps, loadedInput{l, in})
		}
	}
	for _, s := range opt.Snapshots {
		snaps = append(snaps, loadedInput{Loaded: input.Loaded{Snapshot: s}})
	}
	if len(snaps) == 0 {
		return nil, &InputError{Err: errors.Join(res.Problems...)}
	}
	return snaps, nil
}

// checkOne runs the rules on one snapshot. Its located diagnostics and
// any rule past its budget become problems of res; the findings of every
// other rule still come back.
func checkOne(ctx context.Context, eng *engine.Engine, l loadedInput, res *Result, logf func(string, ...any)) ([]finding.Finding, error) {
	s := l.Snapshot
	// A live account's policies were validated by AWS when written: one
	// that does not parse is the API's or an emulator's fault, not the
	// user's to fix. IAM011 reports it; it does not make the whole run an
	// input error.
	for _, d := range s.Diagnostics {
		if s.Origin.Kind == "live" {
			logf("%s: %v", s.Path, d)
			continue
		}
		res.Problems = append(res.Problems, d)
	}
	fs, err := eng.CheckAgainst(ctx, s, l.Before)
	if ruleErrs, ok := errors.AsType[engine.RuleErrors](err); ok {
		for _, re := range ruleErrs {
			res.Problems = append(res.Problems, re)
		}
		return fs, nil
	}
	return fs, err
}

// Run executes the check pipeline. Errors that are the user's input are
// *InputError (exit 2); findings are never errors.
func Run(ctx context.Context, opt Options) (*Result, error) {
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", args...)
		}
	}
	var inputs []input.Input
	var problems []error
	if len(opt.Paths) > 0 || len(opt.Snapshots) == 0 {
		inputs, problems = input.Detect(opt.Paths)
	}
	if len(inputs) == 0 && len(opt.Snapshots) == 0 {
		return nil, &InputError{Err: errors.Join(problems...)}
	}
	for _, in := range inputs {
		logf("input %s: %s", in.Path, in.Kind)
	}
	eopt := opt.Engine
	eopt.NoInlineIgnores = opt.NoInlineIgnores
	eng, err := engine.New(ctx, eopt)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	if err := checkWaiverRules(ctx, eng.Catalog(), opt); err != nil {
		return nil, err
	}
	// A path that is no input is one problem among the inputs, as a
	// load error is: the others keep their results.
	res := &Result{Inputs: inputs, Problems: problems}
	snaps, err := loadAll(ctx, inputs, opt, res)
	if err != nil {
		return nil, err
	}
	ctxb := newContextBuilder()
	accounts := map[string]bool{}
	var all []finding.Finding
	var gaps []snapshot.Gap
	var checked []report.CheckedSnapshot
	for _, l := range snaps {
		s := l.Snapshot
		start := time.Now()
		fs, err := checkOne(ctx, eng, l, res, logf)
		if err != nil {
			return nil, err
		}
		logf("checked %s in %s: %d findings, %d coverage gaps", cmp.Or(s.Path, s.Origin.Kind), time.Since(start).Round(time.Millisecond), len(fs), len(s.Coverage))
		all = append(all, fs...)
		checked = append(checked, report.CheckedSnapshot{Input: cmp.Or(l.from.Path, s.Path), Snapshot: s, Fingerprints: fingerprints(fs)})
		gaps = append(gaps, s.Coverage...)
		t, from := captureTime(ctx, l.from, s)
		ctxb.add(s, t, from)
		for _, r := range s.Regions {
			accounts[r.Account+"-"+r.Name] = true
		}
		for _, v := range s.VPCs {
			if v.Account != "" && v.Region != "" {
				accounts[v.Account+"-"+v.Region] = true
			}
		}
	}
	today := opt.Today
	if today.IsZero() {
		today = time.Now()
	}
	finding.ApplyWaivers(all, opt.Waivers, today)
	// Controls are judged on every finding, before the baseline and
	// --severity leave some out of the report: a known or hidden failure
	// still fails its control.
	var controls []compliance.Report
	for _, fw := range opt.Compliance {
		controls = append(controls, compliance.Evaluate(fw, eng.Catalog(), all))
	}
	dropped := 0
	if opt.BaselineFile != "" {
		all, dropped, err = applyBaseline(all, opt.BaselineFile)
		if err != nil {
			return nil, err
		}
		logf("baseline %s: %d known findings left out", opt.BaselineFile, dropped)
	}
	finding.Sort(all)
	res.ExitCode = exitCode(all, gaps, opt)
	shown := slices.DeleteFunc(slices.Clone(all), func(f finding.Finding) bool {
		return f.Severity < opt.MinSeverity && f.Category != finding.Coverage
	})
	res.Report = report.Input{
		Findings: shown, Rules: eng.Catalog(), Coverage: gaps, Inputs: paths(inputs),
		FailOn: opt.FailOn, FailNever: opt.FailNever, AutomationID: automationID(accounts), BaselineSuppressed: dropped,
		MinSeverity: opt.MinSeverity, Hidden: len(all) - len(shown), Context: ctxb.context(),
		Snapshots: checked, Compliance: controls,
	}
	if len(res.Problems) > 0 {
		res.ExitCode = ExitInput
	}
	return res, nil
}

func fingerprints(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i := range fs {
		out[i] = fs[i].Fingerprint
	}
	return out
}

func paths(ins []input.Input) []string {
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = in.Path
	}
	return out
}

// automationID gives SARIF one category per account and region so that
// uploads for different accounts do not replace each other.
func automationID(accounts map[string]bool) string {
	if len(accounts) == 1 {
		for k := range accounts {
			return "vpclint/" + k + "/"
		}
	}
	return "vpclint/"
}

func applyBaseline(fs []finding.Finding, file string) ([]finding.Finding, int, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, 0, &InputError{Err: fmt.Errorf("read baseline: %w", err)}
	}
	defer f.Close()
	known, err := report.ReadBaseline(f, file)
	if err != nil {
		return nil, 0, &InputError{Err: err}
	}
	before := len(fs)
	fs = slices.DeleteFunc(fs, func(x finding.Finding) bool { return known[x.Fingerprint] })
	return fs, before - len(fs), nil
}

// exitCode: incomplete coverage fails closed (3) unless --allow-partial;
// otherwise 1 when an unsuppressed finding reaches --fail-on (never with
// --fail-on never).
func exitCode(fs []finding.Finding, gaps []snapshot.Gap, opt Options) int {
	if len(gaps) > 0 && !opt.AllowPartial {
		return ExitPartial
	}
	if opt.FailNever {
		return ExitOK
	}
	worst := -1
	for _, f := range fs {
		if !f.Suppressed() && f.Category != finding.Coverage {
			worst = max(worst, int(f.Severity))
		}
	}
	if worst >= int(opt.FailOn) {
		return ExitFindings
	}
	return ExitOK
}
