package iampolicy

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// matcher reports whether one request value satisfies one policy value for
// the positive form of an operator.
type matcher func(policy, request string) bool

type operator struct {
	match   matcher
	negated bool
}

// operators maps every known base operator name to its positive matcher;
// negated operators share the matcher of their positive twin.
var operators = map[string]operator{
	"StringEquals":              {stringEquals, false},
	"StringNotEquals":           {stringEquals, true},
	"StringEqualsIgnoreCase":    {strings.EqualFold, false},
	"StringNotEqualsIgnoreCase": {strings.EqualFold, true},
	"StringLike":                {MatchWildcard, false},
	"StringNotLike":             {MatchWildcard, true},
	"ArnEquals":                 {MatchARN, false},
	"ArnLike":                   {MatchARN, false},
	"ArnNotEquals":              {MatchARN, true},
	"ArnNotLike":                {MatchARN, true},
	"Bool":                      {boolEquals, false},
	"Null":                      {nil, false},
	"NumericEquals":             {numeric(func(c int) bool { return c == 0 }), false},
	"NumericNotEquals":          {numeric(func(c int) bool { return c == 0 }), true},
	"NumericLessThan":           {numeric(func(c int) bool { return c < 0 }), false},
	"NumericLessThanEquals":     {numeric(func(c int) bool { return c <= 0 }), false},
	"NumericGreaterThan":        {numeric(func(c int) bool { return c > 0 }), false},
	"NumericGreaterThanEquals":  {numeric(func(c int) bool { return c >= 0 }), false},
	"DateEquals":                {date(func(c int) bool { return c == 0 }), false},
	"DateNotEquals":             {date(func(c int) bool { return c == 0 }), true},
	"DateLessThan":              {date(func(c int) bool { return c < 0 }), false},
	"DateLessThanEquals":        {date(func(c int) bool { return c <= 0 }), false},
	"DateGreaterThan":           {date(func(c int) bool { return c > 0 }), false},
	"DateGreaterThanEquals":     {date(func(c int) bool { return c >= 0 }), false},
	"IpAddress":                 {ipContains, false},
	"NotIpAddress":              {ipContains, true},
	"BinaryEquals":              {binaryEquals, false},
}

func stringEquals(a, b string) bool { return a == b }

func boolEquals(policy, request string) bool {
	pb, err1 := strconv.ParseBool(strings.ToLower(policy))
	rb, err2 := strconv.ParseBool(strings.ToLower(request))
	return err1 == nil && err2 == nil && pb == rb
}

// numeric and date build matchers comparing request against policy; cmp
// gets request<policy as -1 so "NumericLessThan" reads naturally.
func numeric(ok func(int) bool) matcher {
	return func(policy, request string) bool {
		p, err1 := strconv.ParseFloat(policy, 64)
		r, err2 := strconv.ParseFloat(request, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		return ok(cmpFloat(r, p))
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func date(ok func(int) bool) matcher {
	return func(policy, request string) bool {
		p, ok1 := parseDate(policy)
		r, ok2 := parseDate(request)
		if !ok1 || !ok2 {
			return false
		}
		return ok(r.Compare(p))
	}
}

// parseDate accepts the forms AWS documents: ISO 8601 / RFC 3339 (with or
// without a time part) and epoch seconds.
func parseDate(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ipContains accepts CIDRs or bare addresses on the policy side; IPv4-mapped
// IPv6 request addresses are unmapped so they match IPv4 CIDRs.
func ipContains(policy, request string) bool {
	addr, err := netip.ParseAddr(request)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	pfx, ok := parsePrefix(policy)
	return ok && pfx.Contains(addr)
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if pfx, err := netip.ParsePrefix(s); err == nil {
		return pfx.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

func binaryEquals(policy, request string) bool {
	p, err1 := base64.StdEncoding.DecodeString(policy)
	r, err2 := base64.StdEncoding.DecodeString(request)
	if err1 != nil || err2 != nil {
		return policy == request
	}
	return bytes.Equal(p, r)
}

// EvalCondition evaluates one condition against request context keys
// (compared case-insensitively) following aws-semantics §7.6. Unknown
// operators evaluate to false.
func EvalCondition(c Condition, ctx map[string][]string) bool {
	if c.Base == "" {
		parsed := parseOperator(c.Operator)
		c.Base, c.Qualifier, c.IfExists = parsed.Base, parsed.Qualifier, parsed.IfExists
	}
	op, ok := operators[c.Base]
	if !ok {
		return false
	}
	vals, present := lookup(ctx, c.Key)
	if c.Base == "Null" {
		return evalNull(c.Values, present)
	}
	if !present {
		return missing(c, op)
	}
	one := func(v string) bool { return matchOne(op, c.Values, v) }
	switch c.Qualifier {
	case "ForAllValues":
		return allOf(vals, one)
	case "ForAnyValue":
		return anyOf(vals, one)
	}
	if op.negated {
		return allOf(vals, one)
	}
	return anyOf(vals, one)
}

// missing: set qualifiers decide first (ForAllValues is vacuously true),
// then IfExists, then negation (a negated operator on a missing key is true).
func missing(c Condition, op operator) bool {
	switch c.Qualifier {
	case "ForAllValues":
		return true
	case "ForAnyValue":
		return false
	}
	return c.IfExists || op.negated
}

// matchOne applies the OR over policy values; a negated operator must match
// none of them, which is why multiple values behave as AND.
func matchOne(op operator, policy []string, request string) bool {
	hit := false
	for _, p := range policy {
		if op.match(p, request) {
			hit = true
			break
		}
	}
	return hit != op.negated
}

func evalNull(policy []string, present bool) bool {
	for _, p := range policy {
		b, err := strconv.ParseBool(strings.ToLower(p))
		if err == nil && b != present {
			return true
		}
	}
	return false
}

// lookup merges every context key that matches case-insensitively, in key
// order so the result is deterministic. An empty list counts as missing.
func lookup(ctx map[string][]string, key string) ([]string, bool) {
	key = strings.ToLower(key)
	var names []string
	for k := range ctx {
		if strings.EqualFold(k, key) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var vals []string
	for _, k := range names {
		vals = append(vals, ctx[k]...)
	}
	return vals, len(vals) > 0
}

func allOf(vals []string, f func(string) bool) bool {
	for _, v := range vals {
		if !f(v) {
			return false
		}
	}
	return true
}

func anyOf(vals []string, f func(string) bool) bool {
	return slices.ContainsFunc(vals, f)
}
