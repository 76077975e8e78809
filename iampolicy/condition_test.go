package iampolicy

import "testing"

// cond builds a Condition the way Parse would.
func cond(op, key string, vals ...string) Condition {
	c := parseOperator(op)
	c.Key = key
	c.Values = vals
	return c
}

func TestEvalCondition(t *testing.T) {
	ctx := map[string][]string{
		"aws:SourceVpce":        {"vpce-1a2b3c4d"},
		"aws:SourceIp":          {"203.0.113.7"},
		"aws:SecureTransport":   {"true"},
		"aws:TagKeys":           {"env", "team"},
		"s3:max-keys":           {"10"},
		"aws:CurrentTime":       {"2024-06-01T12:00:00Z"},
		"aws:EpochTime":         {"1717243200"},
		"aws:PrincipalArn":      {"arn:aws:iam::123456789012:role/admin"},
		"aws:UserAgent":         {"Boto3/1.0"},
		"s3:x-amz-content-hash": {"aGVsbG8="},
		"aws:SourceIpV6":        {"2001:db8::1"},
	}
	tests := []struct {
		name string
		c    Condition
		want bool
	}{
		{"equals", cond("StringEquals", "aws:sourcevpce", "vpce-1a2b3c4d"), true},
		{"equals is literal (§7.6)", cond("StringEquals", "aws:sourcevpce", "vpce-*"), false},
		{"equals ORs values (§7.6)", cond("StringEquals", "aws:sourcevpce", "vpce-x", "vpce-1a2b3c4d"), true},
		{"key case-insensitive", cond("StringEquals", "AWS:SOURCEVPCE", "vpce-1a2b3c4d"), true},
		{"not equals present match", cond("StringNotEquals", "aws:sourcevpce", "vpce-1a2b3c4d"), false},
		{"negated multi values act as AND (§7.6)", cond("StringNotEquals", "aws:sourcevpce", "vpce-x", "vpce-1a2b3c4d"), false},
		{"negated none match", cond("StringNotEquals", "aws:sourcevpce", "vpce-x", "vpce-y"), true},
		// aws-semantics §7.6 / §5.5: negated operator on a missing key is true.
		{"negated missing key", cond("StringNotEquals", "aws:sourcevpc", "vpc-1"), true},
		{"missing key non-negated is false (§7.6)", cond("StringEquals", "aws:sourcevpc", "vpc-1"), false},
		{"IfExists missing is true (§7.6)", cond("StringEqualsIfExists", "aws:sourcevpc", "vpc-1"), true},
		{"IfExists present mismatch", cond("StringNotEqualsIfExists", "aws:sourcevpce", "vpce-1a2b3c4d"), false},
		{"ignore case", cond("StringEqualsIgnoreCase", "aws:useragent", "boto3/1.0"), true},
		{"not ignore case", cond("StringNotEqualsIgnoreCase", "aws:useragent", "BOTO3/1.0"), false},
		{"like", cond("StringLike", "aws:useragent", "Boto3/*"), true},
		{"not like", cond("StringNotLike", "aws:useragent", "Boto3/*"), false},
		{"arn like", cond("ArnLike", "aws:principalarn", "arn:aws:iam::*:role/admin"), true},
		{"arn equals same as like (§7.6)", cond("ArnEquals", "aws:principalarn", "arn:aws:iam::123456789012:role/*"), true},
		{"arn not like", cond("ArnNotLike", "aws:principalarn", "arn:aws:iam::*:role/break-glass"), true},
		{"bool", cond("Bool", "aws:securetransport", "false"), false},
		{"bool true", cond("Bool", "aws:securetransport", "true"), true},
		{"null true means absent (§7.6)", cond("Null", "aws:sourcevpc", "true"), true},
		{"null false means present", cond("Null", "aws:sourcevpce", "false"), true},
		{"null true on present", cond("Null", "aws:sourcevpce", "true"), false},
		{"numeric lt", cond("NumericLessThan", "s3:max-keys", "11"), true},
		{"numeric lte", cond("NumericLessThanEquals", "s3:max-keys", "10"), true},
		{"numeric gt", cond("NumericGreaterThan", "s3:max-keys", "10"), false},
		{"numeric gte", cond("NumericGreaterThanEquals", "s3:max-keys", "10.0"), true},
		{"numeric ne", cond("NumericNotEquals", "s3:max-keys", "10"), false},
		{"date lt rfc3339", cond("DateLessThan", "aws:currenttime", "2025-01-01T00:00:00Z"), true},
		{"date gt epoch", cond("DateGreaterThan", "aws:currenttime", "1717243201"), false},
		{"date equals epoch vs rfc3339", cond("DateEquals", "aws:epochtime", "2024-06-01T12:00:00Z"), true},
		{"date not equals", cond("DateNotEquals", "aws:currenttime", "2024-06-01T12:00:00Z"), false},
		{"ip in cidr", cond("IpAddress", "aws:sourceip", "203.0.113.0/24"), true},
		{"ip bare", cond("IpAddress", "aws:sourceip", "203.0.113.7"), true},
		{"ip out of cidr", cond("IpAddress", "aws:sourceip", "10.0.0.0/8"), false},
		{"not ip", cond("NotIpAddress", "aws:sourceip", "10.0.0.0/8"), true},
		{"ipv6", cond("IpAddress", "aws:sourceipv6", "2001:db8::/32"), true},
		// aws-semantics §5.4: SourceIp is absent through an endpoint, so NotIpAddress fires.
		{"not ip missing", cond("NotIpAddress", "aws:vpcsourceip", "10.0.0.0/8"), true},
		{"binary", cond("BinaryEquals", "s3:x-amz-content-hash", "aGVsbG8="), true},
		{"unknown operator", cond("StringEqual", "aws:sourcevpce", "vpce-1a2b3c4d"), false},
		// aws-semantics §7.6: ForAnyValue true if any request value matches; absent -> false.
		{"for any value", cond("ForAnyValue:StringEquals", "aws:tagkeys", "team"), true},
		{"for any value none", cond("ForAnyValue:StringEquals", "aws:tagkeys", "owner"), false},
		{"for any value absent", cond("ForAnyValue:StringEquals", "aws:requesttag", "x"), false},
		// aws-semantics §7.6: ForAllValues true if every value matches; absent -> true.
		{"for all values", cond("ForAllValues:StringEquals", "aws:tagkeys", "env", "team", "owner"), true},
		{"for all values partial", cond("ForAllValues:StringEquals", "aws:tagkeys", "env"), false},
		{"for all values absent", cond("ForAllValues:StringEquals", "token.actions.githubusercontent.com:sub", "repo:o/r:*"), true},
		{"for all values negated", cond("ForAllValues:StringNotEquals", "aws:tagkeys", "owner"), true},
		{"for any value negated", cond("ForAnyValue:StringNotEquals", "aws:tagkeys", "env"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EvalCondition(tt.c, ctx); got != tt.want {
				t.Errorf("EvalCondition(%+v) = %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}

func TestEvalConditionOperatorOnly(t *testing.T) {
	// Callers may build a Condition by hand with just Operator set.
	c := Condition{Operator: "StringNotEqualsIfExists", Key: "aws:sourcevpce", Values: []string{"vpce-1"}}
	if !EvalCondition(c, map[string][]string{"aws:SourceVpce": {"vpce-2"}}) {
		t.Error("hand-built negated condition should hold on a mismatch")
	}
	if !EvalCondition(c, nil) {
		t.Error("IfExists on a missing key should hold (§7.6)")
	}
}
