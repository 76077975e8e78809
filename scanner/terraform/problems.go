package terraform

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpclint/vpclint/snapshot"
)

// fromVar marks the value of a variable with where it was set, so a
// value that turns out invalid where it is used names the variable too.
type fromVar struct {
	name string
	at   hcl.Range
	// invalid marks the unknown that replaced a value of the wrong type.
	invalid bool
}

// note records a located input problem that does not stop the load: the
// value it is about becomes unknown and the rest is checked (the snapshot
// carries it in Diagnostics, which check reports with exit 2).
func (l *loader) note(rng hcl.Range, msg string) {
	if e := l.once(rng, msg); e != nil {
		l.diags = append(l.diags, e)
	}
}

// sortedDiags returns the notes in file and line order (attributes are
// evaluated in map order).
func (l *loader) sortedDiags() []*snapshot.Error {
	slices.SortFunc(l.diags, func(a, b *snapshot.Error) int {
		return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line, a.Column-b.Column, strings.Compare(a.Msg, b.Msg))
	})
	return l.diags
}

// functionErrors notes the function calls that failed (cidrsubnet with a
// prefix too long, an index out of range): their result is unknown, and
// says so where the call is written.
func (l *loader) functionErrors(diags hcl.Diagnostics, what string) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil || fileErrorIn(hcl.Diagnostics{d}) != nil {
			continue
		}
		if d.Summary != "Error in function call" && d.Summary != "Invalid function argument" {
			continue
		}
		l.note(*d.Subject, fmt.Sprintf("%s: %s; the value is treated as unknown", what, strings.TrimSuffix(d.Detail, ".")))
	}
}

// typed converts a variable's value to its declared type. A value of
// another type (a string default where list(string) is declared, a
// tfvars number for an object) is noted where it is set and becomes
// unknown, as Terraform would refuse it; the rest is still checked.
func (l *loader) typed(name string, v cty.Value, t cty.Type, at hcl.Range) cty.Value {
	if t == cty.DynamicPseudoType || !v.IsKnown() || v.IsNull() {
		return v
	}
	raw, pvms := v.UnmarkDeepWithPaths()
	cv, err := convert.Convert(raw, t)
	if err != nil {
		l.note(at, fmt.Sprintf("variable %q: %s is not a valid %s (%s); the variable is treated as unknown", name, short(raw), t.FriendlyName(), err.Error()))
		return cty.UnknownVal(t).Mark(fromVar{name: name, at: at, invalid: true})
	}
	return cv.MarkWithPaths(pvms)
}

// invalidUses notes an attribute whose value comes from a variable
// typed() refused, so the use is located as well as the variable.
func (l *loader) invalidUses(name string, rng hcl.Range, pvms []cty.PathValueMarks) {
	for _, pvm := range pvms {
		for m := range pvm.Marks {
			if fv, ok := m.(fromVar); ok && fv.invalid {
				l.note(rng, fmt.Sprintf("%s: variable %q has an invalid value (%s:%d); this value is treated as unknown", name, fv.name, fv.at.Filename, fv.at.Start.Line))
			}
		}
	}
}

// short renders a value for a message.
func short(v cty.Value) string {
	if s, st := asString(v); st == known {
		if len(s) > 60 {
			s = s[:60] + "..."
		}
		return fmt.Sprintf("%q", s)
	}
	return v.Type().FriendlyName()
}

// cidrAttrs are the attributes of the supported resources that hold
// address blocks.
var cidrAttrs = map[string]bool{
	"cidr_block": true, "cidr_blocks": true, "ipv6_cidr_block": true, "ipv6_cidr_blocks": true,
	"cidr_ipv4": true, "cidr_ipv6": true, "destination_cidr_block": true, "destination_ipv6_cidr_block": true, "cidr": true,
}

// checkCIDRs replaces every address block that does not parse with unknown and notes it at the attribute,
// naming the variable it came from: one wrong value must not hide the
// findings of the whole directory.
func (l *loader) checkCIDRs() {
	for _, in := range l.insts {
		l.checkObjCIDRs(in.addr, in.o)
	}
}

func (l *loader) checkObjCIDRs(addr string, o *obj) {
	for _, name := range slices.Sorted(maps.Keys(o.attrs)) {
		if !cidrAttrs[name] {
			continue
		}
		v := o.attrs[name]
		if !v.IsKnown() || v.IsNull() {
			continue
		}
		if v.Type().IsPrimitiveType() {
			if bad := badCIDR(v); bad != "" {
				l.cidrNote(addr, o, name, bad, nil)
				o.attrs[name] = cty.UnknownVal(cty.String)
			}
			continue
		}
		els, st := asList(v)
		if st != known || !v.CanIterateElements() {
			continue
		}
		changed := false
		for i, e := range els {
			if bad := badCIDR(e); bad != "" {
				l.cidrNote(addr, o, name, bad, elementPath(i))
				els[i] = cty.UnknownVal(cty.String)
				changed = true
			}
		}
		if changed {
			o.attrs[name] = cty.TupleVal(els)
		}
	}
	for _, bs := range o.blocks {
		for _, c := range bs {
			l.checkObjCIDRs(addr, c)
		}
	}
}

// badCIDR renders a known value that is not an address block, "" for
// one that is (or is unknown, or empty: unset).
func badCIDR(v cty.Value) string {
	if !v.IsKnown() || v.IsNull() {
		return ""
	}
	s, st := asString(v)
	if st != known {
		return v.Type().FriendlyName()
	}
	if _, err := netip.ParsePrefix(strings.TrimSpace(s)); s != "" && err != nil {
		return fmt.Sprintf("%q", s)
	}
	return ""
}

func (l *loader) cidrNote(addr string, o *obj, name, bad string, path cty.Path) {
	rng := cmp.Or(o.ranges[name], o.rng)
	msg := fmt.Sprintf("%s: %s: %s is not a CIDR block", addr, name, bad)
	if fv, ok := varAt(o.marks[name], path); ok {
		msg += fmt.Sprintf(" (from variable %q, set at %s:%d)", fv.name, fv.at.Filename, fv.at.Start.Line)
		l.note(fv.at, fmt.Sprintf("variable %q: its value is used at %s:%d where a CIDR block is expected, and %s is not one", fv.name, rng.Filename, rng.Start.Line, bad))
	}
	l.note(rng, msg+"; the value is treated as unknown")
}

// varAt returns the variable a value at path (or the whole attribute)
// came from.
func varAt(pvms []cty.PathValueMarks, path cty.Path) (fromVar, bool) {
	for _, p := range []cty.Path{path, nil} {
		for _, pvm := range pvms {
			if !pvm.Path.Equals(p) {
				continue
			}
			for m := range pvm.Marks {
				if fv, ok := m.(fromVar); ok {
					return fv, true
				}
			}
		}
	}
	return fromVar{}, false
}
