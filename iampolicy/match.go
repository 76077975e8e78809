package iampolicy

import "strings"

// MatchWildcard is StringLike matching (aws-semantics §7.6): case-sensitive,
// '*' matches any run of characters (':' and '/' included) and '?' exactly
// one character.
func MatchWildcard(pattern, s string) bool {
	return globRunes([]rune(pattern), []rune(s))
}

// globRunes is the iterative star-backtracking matcher: linear memory and no
// recursion, so hostile patterns cannot blow the stack.
func globRunes(p, s []rune) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// MatchAction matches an action pattern such as "iam:*AccessKey*".
// Actions are case-insensitive (aws-semantics §7.7).
func MatchAction(pattern, action string) bool {
	return MatchWildcard(strings.ToLower(pattern), strings.ToLower(action))
}

// MatchARN is ArnLike matching (aws-semantics §7.6, §7.7): each of the six
// ':'-separated components is matched separately, the sixth being the rest
// of the string, so '*' never spans a ':' before the resource part. A lone
// "*" matches anything; a pattern or ARN with fewer than six components
// does not match (it is not an ARN).
func MatchARN(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) < 6 || len(ap) < 6 {
		return false
	}
	for i := range pp {
		if !MatchWildcard(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// hasWildcard reports whether a policy value is not a fixed literal.
func hasWildcard(s string) bool {
	return strings.ContainsAny(s, "*?") || strings.Contains(s, "${")
}
