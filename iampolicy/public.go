package iampolicy

import (
	"net/netip"
	"slices"
)

// fixingKeys are the condition keys that, pinned to fixed values, make an
// otherwise public Allow non-public (S3 block-public-access definition,
// aws-semantics §10.2). aws:PrincipalAccount is deliberately absent: the
// reference does not list it.
var fixingKeys = map[string]bool{
	"aws:sourceip":      true,
	"aws:sourcearn":     true,
	"aws:sourcevpc":     true,
	"aws:sourcevpce":    true,
	"aws:sourceowner":   true,
	"aws:sourceaccount": true,
	"s3:x-amz-server-side-encryption-aws-kms-key-id": true,
	"aws:userid":                true,
	"s3:dataaccesspointarn":     true,
	"s3:dataaccesspointaccount": true,
	"aws:principalorgid":        true,
}

// resourceFixingKeys are the keys that, besides fixingKeys, pin the caller
// of a non-S3 resource policy to fixed values, as IAM Access Analyzer and
// the KMS public-access check read them: the caller's account or ARN, and
// for KMS the calling account of a key operation.
var resourceFixingKeys = map[string]map[string]bool{
	"":    {"aws:principalaccount": true, "aws:principalarn": true},
	"kms": {"aws:principalaccount": true, "aws:principalarn": true, "kms:calleraccount": true},
}

// fixingOperators are the non-negated operators that pin a key to the
// listed values; with no wildcard in the values Like behaves as Equals.
var fixingOperators = map[string]bool{
	"StringEquals":           true,
	"StringEqualsIgnoreCase": true,
	"StringLike":             true,
	"ArnEquals":              true,
	"ArnLike":                true,
}

var rfc1918 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// IsPublic applies the S3 "public policy" test of aws-semantics §10.2 to the
// Allow statements: an Allow is public when its principal is not fixed
// ("*", a wildcard account, or any NotPrincipal) and no condition pins one
// of the fixing keys to fixed values. It returns the Index of every public
// statement.
func IsPublic(d Document) (bool, []int) { return isPublic(d, nil) }

// IsPublicFor is IsPublic for the resource policy of another service (sqs,
// sns, kms, lambda, ecr, secretsmanager, es): the same fixed-value test,
// with the caller's account or ARN (and kms:CallerAccount for KMS) pinning
// the caller too.
func IsPublicFor(d Document, service string) (bool, []int) {
	extra, ok := resourceFixingKeys[service]
	if !ok {
		extra = resourceFixingKeys[""]
	}
	return isPublic(d, extra)
}

func isPublic(d Document, extra map[string]bool) (bool, []int) {
	var idx []int
	for _, st := range d.Statements {
		if st.Effect == "Allow" && publicStatement(st, extra) {
			idx = append(idx, st.Index)
		}
	}
	return len(idx) > 0, idx
}

func publicStatement(st Statement, extra map[string]bool) bool {
	if st.NotPrincipal != nil {
		return true
	}
	if !openPrincipal(st.Principal) {
		return false
	}
	return !slices.ContainsFunc(st.Conditions, func(c Condition) bool { return fixes(c, extra) })
}

// openPrincipal: any non-fixed value opens the statement because principal
// values are ORed. A statement without Principal is an identity policy and
// cannot make a resource public.
func openPrincipal(p Principals) bool {
	for typ, vals := range p {
		for _, v := range vals {
			if hasWildcard(v) {
				return true
			}
			if class, _ := ClassifyPrincipal(typ, v, ""); class == ClassPublic {
				return true
			}
		}
	}
	return false
}

// fixes requires a plain (unqualified, not IfExists) positive operator:
// IfExists and ForAllValues pass when the key is absent, so they pin nothing.
func fixes(c Condition, extra map[string]bool) bool {
	pinning := fixingKeys[c.Key] || extra[c.Key]
	if c.Qualifier != "" || c.IfExists || !pinning || len(c.Values) == 0 {
		return false
	}
	if c.Key == "aws:sourceip" {
		return c.Base == "IpAddress" && allOf(c.Values, narrowCIDR)
	}
	if !fixingOperators[c.Base] {
		return false
	}
	for _, v := range c.Values {
		if v == "" || hasWildcard(v) {
			return false
		}
	}
	return true
}

// narrowCIDR: ranges broader than /8 (IPv4) or /32 (IPv6) are public
// unless they lie inside RFC 1918 space (aws-semantics §10.2).
func narrowCIDR(v string) bool {
	pfx, ok := parsePrefix(v)
	if !ok {
		return false
	}
	if pfx.Addr().Is4() {
		if pfx.Bits() >= 8 {
			return true
		}
		for _, r := range rfc1918 {
			if r.Bits() <= pfx.Bits() && r.Contains(pfx.Addr()) {
				return true
			}
		}
		return false
	}
	return pfx.Bits() >= 32
}
