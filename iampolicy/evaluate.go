package iampolicy

import (
	"regexp"
	"strings"
)

// Request is one access request to evaluate against a single policy.
type Request struct {
	Principal Principal
	Action    string
	Resource  string
	// Context holds condition keys in any case; an absent key is missing
	// (aws-semantics §7.6).
	Context map[string][]string
}

// Principal is the caller of a Request.
type Principal struct {
	Type    string // "AWS" | "Service" | "Federated" | "CanonicalUser" | "Anonymous"
	ID      string // ARN, service name, provider ARN or name; "" for anonymous
	Account string // 12-digit account of the principal when known
}

// Decision is the outcome of evaluating one policy.
type Decision string

// Decisions returned by Evaluate.
const (
	Allow        Decision = "allow"
	ExplicitDeny Decision = "explicit_deny"
	ImplicitDeny Decision = "implicit_deny"
)

// Result is an evaluation outcome with the Index of every statement that
// applied, split by effect.
type Result struct {
	Decision Decision
	Allowing []int
	Denying  []int
}

// Evaluate evaluates a single policy (aws-semantics §7.1): any applying Deny
// wins, else any applying Allow, else implicit deny. A statement without
// Principal or NotPrincipal applies to everyone (identity policies), and
// one without Resource or NotResource applies to every resource (trust
// policies); an empty req.Resource matches any Resource element.
func Evaluate(d Document, req Request) Result {
	var r Result
	for _, st := range d.Statements {
		if !applies(st, req) {
			continue
		}
		switch st.Effect {
		case "Deny":
			r.Denying = append(r.Denying, st.Index)
		case "Allow":
			r.Allowing = append(r.Allowing, st.Index)
		}
	}
	switch {
	case len(r.Denying) > 0:
		r.Decision = ExplicitDeny
	case len(r.Allowing) > 0:
		r.Decision = Allow
	default:
		r.Decision = ImplicitDeny
	}
	return r
}

func applies(st Statement, req Request) bool {
	return principalApplies(st, req.Principal) &&
		listApplies(st.Action, st.NotAction, req.Action, MatchAction, false) &&
		(req.Resource == "" || listApplies(st.Resource, st.NotResource, req.Resource, MatchARN, true)) &&
		conditionsHold(st.Conditions, req.Context)
}

func principalApplies(st Statement, who Principal) bool {
	switch {
	case st.Principal != nil:
		return MatchPrincipal(st.Principal, who)
	case st.NotPrincipal != nil:
		return !MatchPrincipal(st.NotPrincipal, who)
	}
	return true
}

// listApplies handles Action/NotAction and Resource/NotResource alike;
// absentOK says whether a statement with neither element applies.
func listApplies(in, notIn []string, v string, match func(string, string) bool, absentOK bool) bool {
	switch {
	case in != nil:
		return matchesAny(in, v, match)
	case notIn != nil:
		return !matchesAny(notIn, v, match)
	}
	return absentOK
}

func matchesAny(patterns []string, v string, match func(string, string) bool) bool {
	for _, p := range patterns {
		if match(p, v) {
			return true
		}
	}
	return false
}

func conditionsHold(cs []Condition, ctx map[string][]string) bool {
	for _, c := range cs {
		if !EvalCondition(c, ctx) {
			return false
		}
	}
	return true
}

// MatchPrincipal reports whether who is one of the principals in p
// (aws-semantics §7.4). "*" matches everyone including anonymous callers;
// an account ID or its :root ARN matches every principal of that account;
// a role ARN matches the role and its assumed-role sessions. Partial
// wildcards are not principal syntax and are compared literally, except a
// wildcard account field, which is treated as any account.
func MatchPrincipal(p Principals, who Principal) bool {
	for typ, vals := range p {
		for _, v := range vals {
			if matchPrincipalValue(typ, v, who) {
				return true
			}
		}
	}
	return false
}

func matchPrincipalValue(typ, v string, who Principal) bool {
	if v == "*" && typ == "AWS" {
		return true
	}
	if !strings.EqualFold(typ, who.Type) {
		return false
	}
	switch typ {
	case "AWS":
		return matchAWSPrincipal(v, who)
	case "Service":
		return strings.EqualFold(v, who.ID)
	case "Federated":
		return v == who.ID || providerName(v) == providerName(who.ID)
	case "CanonicalUser":
		return v == who.ID
	}
	return false
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

func matchAWSPrincipal(v string, who Principal) bool {
	if v == who.ID {
		return true
	}
	if accountID.MatchString(v) {
		return principalAccount(who) == v
	}
	a, ok := splitARN(v)
	if !ok {
		return false
	}
	if a.account == "*" {
		return true
	}
	if a.resource == "root" {
		return principalAccount(who) == a.account
	}
	if role, ok := strings.CutPrefix(a.resource, "role/"); ok && a.service == "iam" {
		return isSessionOf(who.ID, a, role[strings.LastIndexByte(role, '/')+1:])
	}
	return false
}

// isSessionOf: session ARNs drop the role path
// (arn:aws:sts::A:assumed-role/NAME/session).
func isSessionOf(id string, role arnParts, name string) bool {
	s, ok := splitARN(id)
	if !ok || s.service != "sts" || s.partition != role.partition || s.account != role.account {
		return false
	}
	rest, ok := strings.CutPrefix(s.resource, "assumed-role/"+name+"/")
	return ok && rest != ""
}

func principalAccount(who Principal) string {
	if who.Account != "" {
		return who.Account
	}
	if a, ok := splitARN(who.ID); ok {
		return a.account
	}
	return ""
}

// providerName reduces an OIDC/SAML provider ARN to the host or name that
// federated callers are usually identified by.
func providerName(s string) string {
	for _, marker := range []string{":oidc-provider/", ":saml-provider/"} {
		if _, after, ok := strings.Cut(s, marker); ok {
			return after
		}
	}
	return s
}

type arnParts struct {
	partition, service, region, account, resource string
}

func splitARN(s string) (arnParts, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) < 6 || p[0] != "arn" {
		return arnParts{}, false
	}
	return arnParts{p[1], p[2], p[3], p[4], p[5]}, true
}
