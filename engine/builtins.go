package engine

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/vpclint/vpclint/iampolicy"
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
	})
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
		return nil, fmt.Errorf("vpclint.iam.evaluate: policy: %w", err)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("vpclint.iam.evaluate: policy: %w", err)
	}
	var doc iampolicy.Document
	if err := doc.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("vpclint.iam.evaluate: policy: %w", err)
	}
	var req evalRequest
	if err := ast.As(request.Value, &req); err != nil {
		return nil, fmt.Errorf("vpclint.iam.evaluate: request must be {principal, action, resource, context}: %w", err)
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
