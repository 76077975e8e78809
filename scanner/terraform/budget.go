package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/snapshot"
)

// maxValueUnits bounds the size of one evaluated value: an element or
// attribute counts one unit, a string one more per 16 bytes. Ten locals,
// each a list of ten copies of the one before, describe 10^10 strings;
// evaluating what uses them never ended. Real configurations stay far
// below (a large policy document is a few thousand units).
const maxValueUnits = 1 << 20

// valueUnits measures v, stopping as soon as it exceeds budget, so the
// measure itself is bounded however large v is.
func valueUnits(v cty.Value, budget int) int {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return 1 + len(v.AsString())/16
	case ty.IsPrimitiveType():
		return 1
	case v.CanIterateElements():
		n := 1
		for it := v.ElementIterator(); it.Next() && n <= budget; {
			_, e := it.Element()
			n += valueUnits(e, budget-n)
		}
		return n
	}
	return 1
}

// value evaluates expr for what ("local.b", "aws_vpc.main.tags"). A file
// function that reached outside the checked directory (or read a
// template too deep to parse) is recorded as a located input problem, and so is a value past maxValueUnits, which
// becomes unknown so that nothing downstream has to walk it.
func (l *loader) value(expr hcl.Expression, ctx *hcl.EvalContext, what string) (cty.Value, hcl.Diagnostics) {
	v, diags := expr.Value(ctx)
	if !passesThrough(expr) {
		v = withoutOrigins(v)
	}
	l.functionErrors(diags, what)
	for _, d := range diags {
		if esc := fileErrorIn(hcl.Diagnostics{d}); esc != nil && d.Subject != nil {
			l.problem(*d.Subject, esc.Error())
		}
	}
	if !diags.HasErrors() && valueUnits(v, maxValueUnits) > maxValueUnits {
		rng := expr.Range()
		msg := fmt.Sprintf("%s: the value grows past %d elements (an expression that multiplies itself?); evaluation stopped", what, maxValueUnits)
		l.problem(rng, msg)
		return cty.DynamicVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: msg, Subject: &rng}}
	}
	return v, diags
}

// problem records a located input problem once, however many module or
// resource instances evaluate the same expression.
func (l *loader) problem(rng hcl.Range, msg string) {
	if e := l.once(rng, msg); e != nil {
		l.errs = append(l.errs, e)
	}
}

// once returns the located error for msg at rng the first time it is
// reported, nil after: every module or resource instance that evaluates the
// same expression would report it again.
func (l *loader) once(rng hcl.Range, msg string) *snapshot.Error {
	key := fmt.Sprintf("%s:%d:%d %s", rng.Filename, rng.Start.Line, rng.Start.Column, msg)
	if l.reported[key] {
		return nil
	}
	if l.reported == nil {
		l.reported = map[string]bool{}
	}
	l.reported[key] = true
	return &snapshot.Error{File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column, Msg: msg}
}
