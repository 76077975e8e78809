package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/reach"
)

var registerOnce sync.Once

// Register adds vpclint's builtins to OPA's global table, once. Global
// registration (not rego.Function) is needed because we compile with our
// own compiler, and it makes the builtins visible to `vpclint-opa test`.
func Register() {
	registerOnce.Do(func() {
		rego.RegisterBuiltin2(&rego.Function{
			Name:        "vpclint.iam.evaluate",
			Description: "Evaluates an IAM policy (a document object, vpclint's saved form, or policy text) against a request {principal:{type,id,account}, action, resource, context:{key:[values]}} and returns {decision, allowing, denying}.",
			Decl:        types.NewFunction(types.Args(types.A, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
			Memoize:     true,
		}, iamEvaluate)
		rego.RegisterBuiltin3(&rego.Function{
			Name:        "vpclint.reach",
			Description: "Evaluates traffic (tcp/443, udp/53, icmp, icmp/3/4, all, a protocol number) from src to dst (instance id, network interface id, IP address or \"internet\") in the snapshot vpclint is checking, and returns the verdict {result, source, destination, traffic, hops, blocks, unknowns, notes}. Only available when vpclint evaluates a snapshot.",
			Decl:        types.NewFunction(types.Args(types.Named("src", types.S), types.Named("dst", types.S), types.Named("traffic", types.S)), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
			Memoize:     true,
		}, reachBuiltin)
	})
}

// modelKey is the context key of the reach model of the snapshot being
// checked: Check sets it so vpclint.reach evaluates against the model the
// facts were computed from instead of rebuilding one per call.
type modelKey struct{}

func withModel(ctx context.Context, m *reach.Model) context.Context {
	return context.WithValue(ctx, modelKey{}, m)
}

// Errors leave out "vpclint.reach: ": OPA prefixes builtin errors with the
// builtin's name.
var errNoModel = errors.New("no snapshot model (only available when vpclint evaluates a snapshot)")

func reachBuiltin(bctx rego.BuiltinContext, src, dst, traffic *ast.Term) (*ast.Term, error) {
	var m *reach.Model
	if bctx.Context != nil {
		m, _ = bctx.Context.Value(modelKey{}).(*reach.Model)
	}
	if m == nil {
		return nil, errNoModel
	}
	var names [3]string
	for i, t := range []*ast.Term{src, dst, traffic} {
		str, ok := t.Value.(ast.String)
		if !ok {
			return nil, fmt.Errorf("operand %d must be a string, got %s", i+1, ast.ValueName(t.Value))
		}
		names[i] = string(str)
	}
	tr, err := reach.ParseTraffic(names[2])
	if err != nil {
		return nil, err
	}
	from, err := m.Resolve(names[0])
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	to, err := m.Resolve(names[1])
	if err != nil {
		return nil, fmt.Errorf("destination: %w", err)
	}
	v := m.Reach(from, to, tr)
	v.Hops, v.Blocks = nonNil(v.Hops), nonNil(v.Blocks)
	obj, err := toValue(v)
	if err != nil {
		return nil, err
	}
	// Every list is present, empty or not (the JSON omits empty unknowns
	// and notes), so rules can count them.
	if o, ok := obj.(ast.Object); ok {
		for _, k := range []string{"unknowns", "notes"} {
			if o.Get(ast.StringTerm(k)) == nil {
				o.Insert(ast.StringTerm(k), ast.ArrayTerm())
			}
		}
	}
	return ast.NewTerm(obj), nil
}

type evalRequest struct {
	Principal iampolicy.Principal `json:"principal"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context"`
}

func iamEvaluate(_ rego.BuiltinContext, policy, request *ast.Term) (*ast.Term, error) {
	raw, err := ast.JSON(policy.Value)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	var doc iampolicy.Document
	if err := doc.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	var req evalRequest
	if err := ast.As(request.Value, &req); err != nil {
		return nil, fmt.Errorf("request must be {principal, action, resource, context}: %w", err)
	}
	res := iampolicy.Evaluate(doc, iampolicy.Request{Principal: req.Principal, Action: req.Action, Resource: req.Resource, Context: req.Context})
	v, err := ast.InterfaceToValue(map[string]any{
		"decision": string(res.Decision),
		"allowing": nonNil(res.Allowing),
		"denying":  nonNil(res.Denying),
	})
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(v), nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
