package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// origin marks the value of a resource's identifying attribute
// (aws_iam_role.app.name, aws_subnet.a[0].id) with the resource's
// address. The mark rides on the value through locals, variables, module
// inputs and outputs, so a reference links to the resource by address
// even when the value is known only after apply (a role name that
// interpolates the account id).
type origin struct{ addr string }

// identityAttrs are the attributes other resources use to refer to a
// resource: whichever one a reference reads, it names that resource
// (function_name: a Lambda function; url: an SQS queue; key_id: a KMS
// key; domain_name: an OpenSearch domain).
var identityAttrs = []string{
	"id", "arn", "name", "unique_id", "bucket", "policy_id",
	"function_name", "url", "key_id", "domain_name",
}

// markIdentity marks the identifying attributes of an instance's value
// with its address, replacing any origin they carried: they name this
// resource, whatever their expression referenced.
func markIdentity(addr string, attrs map[string]cty.Value) {
	for _, a := range identityAttrs {
		if v, ok := attrs[a]; ok {
			v, _ = v.UnmarkDeep()
			attrs[a] = v.Mark(origin{addr})
		}
	}
}

// passThrough lists the functions whose result is one of their
// arguments, or a collection of their elements, unchanged.
var passThrough = map[string]bool{
	"tolist": true, "toset": true, "tostring": true, "one": true, "element": true,
	"try": true, "concat": true, "flatten": true, "compact": true,
}

// passesThrough reports whether an expression yields the values it
// references unchanged (a reference, an index, a splat, a list of
// references, a conditional between them). Any other expression builds a
// new value ("${aws_s3_bucket.b.id}-logs" names a different bucket), so
// its result keeps no origin.
func passesThrough(e hcl.Expression) bool {
	switch x := hcl.UnwrapExpression(e).(type) {
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr, *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.RelativeTraversalExpr:
		return passesThrough(x.Source)
	case *hclsyntax.IndexExpr:
		return passesThrough(x.Collection)
	case *hclsyntax.SplatExpr:
		return passesThrough(x.Source) && passesThrough(x.Each)
	case *hclsyntax.TemplateWrapExpr:
		return passesThrough(x.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return passesThrough(x.Expression)
	case *hclsyntax.ConditionalExpr:
		return passesThrough(x.TrueResult) && passesThrough(x.FalseResult)
	case *hclsyntax.ForExpr:
		return passesThrough(x.ValExpr)
	case *hclsyntax.TupleConsExpr:
		return allPassThrough(x.Exprs)
	case *hclsyntax.ObjectConsExpr:
		vals := make([]hclsyntax.Expression, len(x.Items))
		for i, it := range x.Items {
			vals[i] = it.ValueExpr
		}
		return allPassThrough(vals)
	case *hclsyntax.FunctionCallExpr:
		return passThrough[x.Name] && allPassThrough(x.Args)
	case *hclsyntax.TemplateExpr:
		return len(x.Parts) == 1 && passesThrough(x.Parts[0])
	}
	return false
}

func allPassThrough(es []hclsyntax.Expression) bool {
	for _, e := range es {
		if !passesThrough(e) {
			return false
		}
	}
	return true
}

// withoutOrigins removes the origin marks of a value, keeping any other.
func withoutOrigins(v cty.Value) cty.Value {
	if !v.ContainsMarked() {
		return v
	}
	v, pvms := v.UnmarkDeepWithPaths()
	var keep []cty.PathValueMarks
	for _, pvm := range pvms {
		ms := cty.ValueMarks{}
		for m := range pvm.Marks {
			if _, ok := m.(origin); !ok {
				ms[m] = struct{}{}
			}
		}
		if len(ms) > 0 {
			keep = append(keep, cty.PathValueMarks{Path: pvm.Path, Marks: ms})
		}
	}
	return v.MarkWithPaths(keep)
}

// originAt returns the one resource address the value at path was read
// from, if there is exactly one.
func originAt(pvms []cty.PathValueMarks, path cty.Path) (string, bool) {
	var addrs []string
	for _, pvm := range pvms {
		if !pvm.Path.Equals(path) {
			continue
		}
		for m := range pvm.Marks {
			if o, ok := m.(origin); ok && !slices.Contains(addrs, o.addr) {
				addrs = append(addrs, o.addr)
			}
		}
	}
	if len(addrs) != 1 {
		return "", false
	}
	return addrs[0], true
}

// elementPath is the path of element i of a list attribute.
func elementPath(i int) cty.Path {
	return cty.Path{cty.IndexStep{Key: cty.NumberIntVal(int64(i))}}
}
