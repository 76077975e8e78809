package iampolicy

import (
	"encoding/json"
	"regexp"
	"strings"
)

// LambdaPermission is one permission as Lambda's AddPermission takes it
// (aws_lambda_permission, AWS::Lambda::Permission). Lambda keeps no
// policy text of its own for it: it writes one statement into the
// function's resource policy, and Document builds that statement so the
// permission is judged like any other resource policy.
type LambdaPermission struct {
	Sid, Principal, Action, Resource string
	// Conditions maps AddPermission's parameter name (one of
	// LambdaConditionParams) to its value.
	Conditions map[string]string
}

// lambdaConditionKeys is the condition AddPermission writes for each of
// its parameters.
var lambdaConditionKeys = map[string]struct{ op, key string }{
	"SourceArn":           {"ArnLike", "AWS:SourceArn"},
	"SourceAccount":       {"StringEquals", "AWS:SourceAccount"},
	"PrincipalOrgID":      {"StringEquals", "aws:PrincipalOrgID"},
	"EventSourceToken":    {"StringEquals", "lambda:EventSourceToken"},
	"FunctionUrlAuthType": {"StringEquals", "lambda:FunctionUrlAuthType"},
}

// LambdaConditionParams are the AddPermission parameters that become
// conditions, in a fixed order.
var LambdaConditionParams = []string{"SourceArn", "SourceAccount", "PrincipalOrgID", "EventSourceToken", "FunctionUrlAuthType"}

// bareAccount is an account id as Lambda accepts it for Principal.
var bareAccount = regexp.MustCompile(`^\d{12}$`)

// Document is the statement Lambda writes for the permission: an account
// id or ARN principal is an AWS principal, anything else but "*" a
// service.
func (p LambdaPermission) Document() Document {
	var who any = "*"
	switch {
	case p.Principal == "*":
	case bareAccount.MatchString(p.Principal) || strings.HasPrefix(p.Principal, "arn:"):
		who = map[string]string{"AWS": p.Principal}
	default:
		who = map[string]string{"Service": p.Principal}
	}
	st := map[string]any{"Effect": "Allow", "Principal": who, "Action": p.Action, "Resource": p.Resource}
	if p.Sid != "" {
		st["Sid"] = p.Sid
	}
	cond := map[string]map[string]string{}
	for param, v := range p.Conditions {
		c, ok := lambdaConditionKeys[param]
		if !ok {
			continue
		}
		if cond[c.op] == nil {
			cond[c.op] = map[string]string{}
		}
		cond[c.op][c.key] = v
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	text, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
	if err != nil {
		panic("lambda permission: " + err.Error()) // maps of strings always encode
	}
	return Parse(string(text))
}
