package iampolicy

import (
	"reflect"
	"testing"
)

var (
	userOf1   = Principal{Type: "AWS", ID: "arn:aws:iam::111111111111:user/alice"}
	roleOf1   = Principal{Type: "AWS", ID: "arn:aws:iam::111111111111:role/path/deploy"}
	sessOf1   = Principal{Type: "AWS", ID: "arn:aws:sts::111111111111:assumed-role/deploy/ci-42"}
	userOf2   = Principal{Type: "AWS", ID: "arn:aws:iam::222222222222:user/bob", Account: "222222222222"}
	anonymous = Principal{Type: "Anonymous"}
	ec2       = Principal{Type: "Service", ID: "ec2.amazonaws.com"}
	github    = Principal{Type: "Federated", ID: "token.actions.githubusercontent.com"}
)

func TestMatchPrincipal(t *testing.T) {
	tests := []struct {
		name string
		p    Principals
		who  Principal
		want bool
	}{
		{"star matches anonymous (§7.4)", Principals{"AWS": {"*"}}, anonymous, true},
		{"star matches services", Principals{"AWS": {"*"}}, ec2, true},
		{"account id is the whole account (§7.4)", Principals{"AWS": {"111111111111"}}, userOf1, true},
		{"root arn is the whole account (§7.4)", Principals{"AWS": {"arn:aws:iam::111111111111:root"}}, sessOf1, true},
		{"account id other account", Principals{"AWS": {"111111111111"}}, userOf2, false},
		{"account id not anonymous", Principals{"AWS": {"111111111111"}}, anonymous, false},
		{"role matches role", Principals{"AWS": {"arn:aws:iam::111111111111:role/path/deploy"}}, roleOf1, true},
		{"role matches its session", Principals{"AWS": {"arn:aws:iam::111111111111:role/path/deploy"}}, sessOf1, true},
		{"role does not match other role's session", Principals{"AWS": {"arn:aws:iam::111111111111:role/deploy2"}}, sessOf1, false},
		{"user exact", Principals{"AWS": {"arn:aws:iam::111111111111:user/alice"}}, userOf1, true},
		{"user case-sensitive (§7.4)", Principals{"AWS": {"arn:aws:iam::111111111111:user/Alice"}}, userOf1, false},
		{"no partial wildcard (§7.4)", Principals{"AWS": {"arn:aws:iam::111111111111:user/*"}}, userOf1, false},
		{"service case-insensitive", Principals{"Service": {"EC2.amazonaws.com"}}, ec2, true},
		{"service vs aws", Principals{"Service": {"ec2.amazonaws.com"}}, userOf1, false},
		{"federated provider arn", Principals{"Federated": {"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}}, github, true},
		{"federated other provider", Principals{"Federated": {"accounts.google.com"}}, github, false},
		{"canonical", Principals{"CanonicalUser": {"79a59df900b949e55d96a1e698fbace"}}, Principal{Type: "CanonicalUser", ID: "79a59df900b949e55d96a1e698fbace"}, true},
		{"nil principals", nil, userOf1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchPrincipal(tt.p, tt.who); got != tt.want {
				t.Errorf("MatchPrincipal(%v, %+v) = %v, want %v", tt.p, tt.who, got, tt.want)
			}
		})
	}
}

func TestEvaluateVpceLockout(t *testing.T) {
	d := Parse(`{"Version":"2012-10-17","Statement":[
	 {"Sid":"allow","Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
	 {"Sid":"lock","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
	  "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`)
	get := Request{Principal: userOf1, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	// aws-semantics §5.5: the console has no aws:SourceVpce, the negated operator is true, the Deny fires.
	got := Evaluate(d, get)
	if got.Decision != ExplicitDeny || !reflect.DeepEqual(got.Denying, []int{1}) || !reflect.DeepEqual(got.Allowing, []int{0}) {
		t.Errorf("console request = %+v", got)
	}
	get.Context = map[string][]string{"aws:sourcevpce": {"vpce-1a2b3c4d"}}
	if got := Evaluate(d, get); got.Decision != Allow {
		t.Errorf("through the endpoint = %+v, want allow", got)
	}
	put := Request{Principal: userOf1, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k", Context: get.Context}
	if got := Evaluate(d, put); got.Decision != ImplicitDeny || got.Allowing != nil || got.Denying != nil {
		t.Errorf("unallowed action = %+v, want implicit deny", got)
	}
}

func TestEvaluateGitHubOIDC(t *testing.T) {
	d := Parse(githubOIDCTrust)
	req := Request{Principal: github, Action: "sts:AssumeRoleWithWebIdentity", Context: map[string][]string{
		"token.actions.githubusercontent.com:aud": {"sts.amazonaws.com"},
		"token.actions.githubusercontent.com:sub": {"repo:ORG/REPO:ref:refs/heads/main"},
	}}
	if got := Evaluate(d, req); got.Decision != Allow {
		t.Errorf("main branch = %+v", got)
	}
	req.Context["token.actions.githubusercontent.com:sub"] = []string{"repo:EVIL/REPO:ref:refs/heads/main"}
	if got := Evaluate(d, req); got.Decision != ImplicitDeny {
		t.Errorf("other org = %+v", got)
	}
	req.Principal = userOf1
	if got := Evaluate(d, req); got.Decision != ImplicitDeny {
		t.Errorf("non-federated caller = %+v", got)
	}
}

func TestEvaluateNotElements(t *testing.T) {
	// aws-semantics §7.5: Allow + NotAction iam:* is admin except IAM.
	d := Parse(`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
	 {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:role/path/deploy"},"Action":"s3:DeleteBucket","NotResource":"arn:aws:s3:::keep"}]}`)
	tests := []struct {
		req  Request
		want Decision
	}{
		{Request{Principal: userOf1, Action: "ec2:RunInstances", Resource: "arn:aws:ec2:us-east-1:111111111111:instance/i-1"}, Allow},
		{Request{Principal: userOf1, Action: "IAM:CreateUser"}, ImplicitDeny},
		{Request{Principal: userOf1, Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::other"}, ExplicitDeny},
		{Request{Principal: userOf1, Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::keep"}, Allow},
		{Request{Principal: sessOf1, Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::other"}, Allow},
	}
	for _, tt := range tests {
		if got := Evaluate(d, tt.req); got.Decision != tt.want {
			t.Errorf("Evaluate(%+v) = %+v, want %s", tt.req, got, tt.want)
		}
	}
}

func TestEvaluateSkipsInvalidEffect(t *testing.T) {
	d := Parse(`{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`)
	if got := Evaluate(d, Request{Principal: userOf1, Action: "s3:GetObject"}); got.Decision != ImplicitDeny {
		t.Errorf("lowercase effect = %+v, want implicit deny", got)
	}
}
