package cloudformation

import (
	"encoding/base64"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// intrinsics maps each intrinsic function to its evaluator. It is built per
// template (the evaluators call back into eval, so a package-level table
// would be an initialization cycle).
func (t *tmpl) intrinsics() map[string]func(*yaml.Node, int) any {
	return map[string]func(*yaml.Node, int) any{
		"Ref":             t.refFn,
		"Condition":       func(arg *yaml.Node, depth int) any { return t.condition(arg.Value, arg, depth) },
		"Fn::GetAtt":      t.getAttFn,
		"Fn::Sub":         t.sub,
		"Fn::Join":        t.join,
		"Fn::Select":      t.selectFn,
		"Fn::Split":       t.split,
		"Fn::If":          t.ifFn,
		"Fn::Equals":      t.equals,
		"Fn::And":         func(arg *yaml.Node, depth int) any { return t.logical("Fn::And", arg, depth) },
		"Fn::Or":          func(arg *yaml.Node, depth int) any { return t.logical("Fn::Or", arg, depth) },
		"Fn::Not":         t.not,
		"Fn::FindInMap":   t.findInMap,
		"Fn::ImportValue": t.importValue,
		"Fn::GetAZs":      func(*yaml.Node, int) any { return unknownVal{why: "Fn::GetAZs"} },
		"Fn::Base64":      t.base64,
		"Fn::Cidr":        t.cidr,
		"Fn::Transform":   t.transform,
	}
}

// operands evaluates the two arguments of fn in order; stop is what fn
// returns when the list is malformed or an operand is unknown.
func (t *tmpl) operands(fn string, arg *yaml.Node, depth int) (nodes []*yaml.Node, vals []any, stop any) {
	a, ok := t.args(fn, arg, depth, 2, 2)
	if !ok {
		return nil, nil, unknownVal{why: "error"}
	}
	vals = make([]any, len(a))
	for i, x := range a {
		vals[i] = t.eval(x, depth+1)
	}
	if u, ok := firstUnknown(vals...); ok {
		return nil, nil, u
	}
	return a, vals, nil
}

func (t *tmpl) refFn(arg *yaml.Node, _ int) any {
	if arg.Kind != yaml.ScalarNode {
		return t.fail(arg, "Ref takes a name")
	}
	return t.ref(arg.Value, arg)
}

func (t *tmpl) getAttFn(arg *yaml.Node, depth int) any {
	var res, attr string
	switch {
	case arg.Kind == yaml.ScalarNode:
		var ok bool
		if res, attr, ok = strings.Cut(arg.Value, "."); !ok {
			return t.fail(arg, "Fn::GetAtt takes LogicalId.Attribute")
		}
	case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
		res = asText(t.eval(arg.Content[0], depth+1))
		a := t.eval(arg.Content[1], depth+1)
		if u, ok := a.(unknownVal); ok {
			return u.derived()
		}
		attr = asText(a)
	default:
		return t.fail(arg, "Fn::GetAtt takes [LogicalId, Attribute]")
	}
	return t.getAtt(res, attr, arg, depth)
}

func (t *tmpl) join(arg *yaml.Node, depth int) any {
	a, v, stop := t.operands("Fn::Join", arg, depth)
	if stop != nil {
		return stop
	}
	delim, list := v[0], v[1]
	items, ok := list.([]any)
	if !ok {
		return t.fail(a[1], "Fn::Join takes a list to join")
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if u, ok := it.(unknownVal); ok {
			return u.derived()
		}
		s, ok := text(it)
		if !ok {
			return t.fail(a[1], "Fn::Join can only join strings")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, asText(delim))
}

func (t *tmpl) selectFn(arg *yaml.Node, depth int) any {
	_, v, stop := t.operands("Fn::Select", arg, depth)
	if stop != nil {
		return stop
	}
	idx, list := v[0], v[1]
	i, err := strconv.Atoi(asText(idx))
	items, isList := list.([]any)
	if err != nil || !isList {
		return t.fail(arg, "Fn::Select takes [index, list]")
	}
	if i < 0 || i >= len(items) {
		return t.fail(arg, "Fn::Select index %d is out of range (the list has %d items)", i, len(items))
	}
	return items[i]
}

func (t *tmpl) split(arg *yaml.Node, depth int) any {
	_, v, stop := t.operands("Fn::Split", arg, depth)
	if stop != nil {
		return stop
	}
	delim, s := v[0], v[1]
	str, ok := text(s)
	if !ok || asText(delim) == "" {
		return t.fail(arg, "Fn::Split takes [delimiter, string]")
	}
	parts := strings.Split(str, asText(delim))
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out
}

func (t *tmpl) ifFn(arg *yaml.Node, depth int) any {
	a, ok := t.args("Fn::If", arg, depth, 3, 3)
	if !ok {
		return unknownVal{why: "error"}
	}
	c := t.condition(a[0].Value, a[0], depth)
	switch c {
	case true:
		return t.eval(a[1], depth+1)
	case false:
		return t.eval(a[2], depth+1)
	}
	return unknownVal{why: "condition " + a[0].Value}
}

func (t *tmpl) equals(arg *yaml.Node, depth int) any {
	_, v, stop := t.operands("Fn::Equals", arg, depth)
	if stop != nil {
		return stop
	}
	return canonical(v[0]) == canonical(v[1])
}

// logical is Fn::And and Fn::Or: a decided operand settles it, an unknown
// one leaves it unknown unless another settles it.
func (t *tmpl) logical(fn string, arg *yaml.Node, depth int) any {
	a, ok := t.args(fn, arg, depth, 1, 10)
	if !ok {
		return unknownVal{why: "error"}
	}
	var unknown any
	for _, c := range a {
		v := t.eval(c, depth+1)
		b, isBool := asBool(v)
		switch {
		case !isBool:
			if u, ok := v.(unknownVal); ok {
				unknown = u.derived()
				continue
			}
			return t.fail(c, "%s takes conditions", fn)
		case fn == "Fn::And" && !b:
			return false
		case fn == "Fn::Or" && b:
			return true
		}
	}
	if unknown != nil {
		return unknown
	}
	return fn == "Fn::And"
}

func (t *tmpl) not(arg *yaml.Node, depth int) any {
	a, ok := t.args("Fn::Not", arg, depth, 1, 1)
	if !ok {
		return unknownVal{why: "error"}
	}
	v := t.eval(a[0], depth+1)
	if u, ok := v.(unknownVal); ok {
		return u.derived()
	}
	b, ok := asBool(v)
	if !ok {
		return t.fail(a[0], "Fn::Not takes a condition")
	}
	return !b
}

func (t *tmpl) importValue(arg *yaml.Node, depth int) any {
	v := t.eval(arg, depth+1)
	return unknownVal{why: "Fn::ImportValue " + asText(v)}
}

func (t *tmpl) base64(arg *yaml.Node, depth int) any {
	v := t.eval(arg, depth+1)
	if u, ok := v.(unknownVal); ok {
		return u.derived()
	}
	s, ok := text(v)
	if !ok {
		return t.fail(arg, "Fn::Base64 takes a string")
	}
	return base64.StdEncoding.EncodeToString([]byte(s))
}

func (t *tmpl) transform(*yaml.Node, int) any {
	t.gap("Fn::Transform", "a macro inside the template is not expanded; the values it would produce are unknown")
	return unknownVal{why: "Fn::Transform"}
}
