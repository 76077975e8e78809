package iampolicy

import "testing"

func TestMatchWildcard(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"repo:ORG/*", "repo:ORG/REPO:ref:refs/heads/main", true},  // aws-semantics §7.6: StringLike '*' spans ':'
		{"repo:ORG/*", "repo:org/REPO:ref:refs/heads/main", false}, // case-sensitive
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "aéc", true}, // '?' is one character, not one byte
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"", "", true},
		{"", "x", false},
		{"**", "anything", true},
	}
	for _, tt := range tests {
		if got := MatchWildcard(tt.pattern, tt.s); got != tt.want {
			t.Errorf("MatchWildcard(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestMatchAction(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"iam:ListAccessKeys", "IAM:listaccesskeys", true}, // aws-semantics §7.7: actions are case-insensitive
		{"iam:*AccessKey*", "iam:CreateAccessKey", true},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"*", "ec2:RunInstances", true},
		{"s3:*", "s3express:CreateSession", false},
	}
	for _, tt := range tests {
		if got := MatchAction(tt.pattern, tt.action); got != tt.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestMatchARN(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "anything", true},
		// aws-semantics §7.7: '*' spans '/' in the resource part.
		{"arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test/3/x", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/x", false}, // case-sensitive
		// aws-semantics §7.6: components are matched separately, so '*' cannot swallow ':'.
		{"arn:aws:iam::*", "arn:aws:iam::123456789012:role/x", false},
		{"arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:role/x", true},
		{"arn:aws:sns:*:*:topic", "arn:aws:sns:us-east-1:1:topic", true},
		{"arn:aws:logs:*:*:log-group:x:*", "arn:aws:logs:eu-west-1:1:log-group:x:log-stream:y", true},
		{"arn:aws:s3:::b", "arn:aws:s3:::b/key", false},
		{"arn:aws:s3:::b*", "arn:aws:s3", false}, // fewer than six components
		{"arn:aws:s3:::b", "b", false},
	}
	for _, tt := range tests {
		if got := MatchARN(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
	// StringLike over the same strings gives a different answer (§7.6).
	if !MatchWildcard("arn:aws:iam::*", "arn:aws:iam::123456789012:role/x") {
		t.Error("StringLike '*' should span ':'")
	}
}
