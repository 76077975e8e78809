package iampolicy

import (
	"regexp"
	"sort"
	"strings"
)

// PrincipalClass is the kind of trust a principal value grants.
type PrincipalClass string

// Principal classes returned by ClassifyPrincipal.
const (
	ClassPublic       PrincipalClass = "public"
	ClassSameAccount  PrincipalClass = "same_account"
	ClassCrossAccount PrincipalClass = "cross_account"
	ClassService      PrincipalClass = "service"
	ClassOIDC         PrincipalClass = "federated_oidc"
	ClassSAML         PrincipalClass = "federated_saml"
	ClassUniqueID     PrincipalClass = "unique_id"
	ClassCanonical    PrincipalClass = "canonical_user"
	ClassUnknown      PrincipalClass = "unknown"
)

// Grant is one principal value named by one statement.
type Grant struct {
	Statement    int            `json:"statement"`
	Effect       string         `json:"effect"`
	Type         string         `json:"type"`
	Value        string         `json:"value"`
	Class        PrincipalClass `json:"class"`
	Account      string         `json:"account,omitempty"`
	NotPrincipal bool           `json:"not_principal,omitempty"`
}

// uniqueID matches IAM unique principal IDs, which is what a trust policy
// shows once the named role or user was deleted (aws-semantics §7.3).
var uniqueID = regexp.MustCompile(`^(AROA|AIDA|AGPA|ANPA|AIPA)[A-Z0-9]{12,}$`)

// webIdentityProviders are the well-known OIDC providers that are named
// without an ARN (aws-semantics §7.3).
var webIdentityProviders = map[string]bool{
	"accounts.google.com":            true,
	"graph.facebook.com":             true,
	"www.amazon.com":                 true,
	"cognito-identity.amazonaws.com": true,
}

// ClassifyPrincipal classifies one principal value of type typ ("AWS",
// "Service", "Federated", "CanonicalUser") relative to ownerAccount and
// returns the account it names, if any. With an empty ownerAccount every
// specific account counts as cross-account, the conservative reading.
func ClassifyPrincipal(typ, value, ownerAccount string) (PrincipalClass, string) {
	switch typ {
	case "AWS":
		return classifyAWS(value, ownerAccount)
	case "Service":
		return ClassService, ""
	case "Federated":
		return classifyFederated(value)
	case "CanonicalUser":
		return ClassCanonical, ""
	}
	return ClassUnknown, ""
}

func classifyAWS(value, owner string) (PrincipalClass, string) {
	if value == "*" {
		return ClassPublic, ""
	}
	if uniqueID.MatchString(value) {
		return ClassUniqueID, ""
	}
	account := value
	if !accountID.MatchString(value) {
		a, ok := splitARN(value)
		if !ok {
			return ClassUnknown, ""
		}
		if strings.ContainsAny(a.account, "*?") {
			return ClassPublic, ""
		}
		if !accountID.MatchString(a.account) {
			return ClassUnknown, ""
		}
		account = a.account
	}
	if owner != "" && account == owner {
		return ClassSameAccount, account
	}
	return ClassCrossAccount, account
}

func classifyFederated(value string) (PrincipalClass, string) {
	account := ""
	if a, ok := splitARN(value); ok {
		account = a.account
	}
	switch {
	case strings.Contains(value, ":oidc-provider/"):
		return ClassOIDC, account
	case strings.Contains(value, ":saml-provider/"):
		return ClassSAML, account
	case webIdentityProviders[strings.ToLower(value)]:
		return ClassOIDC, ""
	}
	return ClassUnknown, account
}

// Grants lists one Grant per (statement, principal value), in statement
// order, then principal type order, then value order; Principal values
// come before NotPrincipal values.
func Grants(d Document, ownerAccount string) []Grant {
	var out []Grant
	for _, st := range d.Statements {
		out = appendGrants(out, st, st.Principal, false, ownerAccount)
		out = appendGrants(out, st, st.NotPrincipal, true, ownerAccount)
	}
	return out
}

func appendGrants(out []Grant, st Statement, p Principals, not bool, owner string) []Grant {
	types := make([]string, 0, len(p))
	for t := range p {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		for _, v := range p[t] {
			class, account := ClassifyPrincipal(t, v, owner)
			out = append(out, Grant{
				Statement: st.Index, Effect: st.Effect, Type: t, Value: v,
				Class: class, Account: account, NotPrincipal: not,
			})
		}
	}
	return out
}
