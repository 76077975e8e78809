package iampolicy

import (
	"reflect"
	"testing"
)

func TestClassifyPrincipal(t *testing.T) {
	const owner = "111111111111"
	tests := []struct {
		typ, value string
		class      PrincipalClass
		account    string
	}{
		{"AWS", "*", ClassPublic, ""},
		{"AWS", "arn:aws:iam::*:root", ClassPublic, ""},
		{"AWS", "111111111111", ClassSameAccount, owner},
		{"AWS", "arn:aws:iam::111111111111:role/x", ClassSameAccount, owner},
		{"AWS", "222222222222", ClassCrossAccount, "222222222222"},
		{"AWS", "arn:aws:sts::222222222222:assumed-role/r/s", ClassCrossAccount, "222222222222"},
		{"AWS", "AROADBQP57FF2AEXAMPLE", ClassUniqueID, ""}, // aws-semantics §7.3: deleted role
		{"AWS", "AIDACKCEVSQ6C2EXAMPLE", ClassUniqueID, ""},
		{"AWS", "not-an-arn", ClassUnknown, ""},
		{"Service", "ec2.amazonaws.com", ClassService, ""},
		{"Federated", "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", ClassOIDC, owner},
		{"Federated", "arn:aws:iam::111111111111:saml-provider/okta", ClassSAML, owner},
		{"Federated", "cognito-identity.amazonaws.com", ClassOIDC, ""},
		{"Federated", "accounts.google.com", ClassOIDC, ""},
		{"Federated", "example.com", ClassUnknown, ""},
		{"CanonicalUser", "79a59df900b949e55d96a1e698fbace", ClassCanonical, ""},
		{"Groups", "x", ClassUnknown, ""},
	}
	for _, tt := range tests {
		class, account := ClassifyPrincipal(tt.typ, tt.value, owner)
		if class != tt.class || account != tt.account {
			t.Errorf("ClassifyPrincipal(%q, %q) = %s, %q; want %s, %q", tt.typ, tt.value, class, account, tt.class, tt.account)
		}
	}
	if class, _ := ClassifyPrincipal("AWS", owner, ""); class != ClassCrossAccount {
		t.Errorf("unknown owner: %s, want cross_account", class)
	}
}

func TestGrants(t *testing.T) {
	d := Parse(`{"Statement":[
	 {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":["222222222222","arn:aws:iam::111111111111:root"]},"Action":"sts:AssumeRole"},
	 {"Effect":"Deny","NotPrincipal":{"AWS":"AROADBQP57FF2AEXAMPLE"},"Action":"*"},
	 {"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	want := []Grant{
		{Statement: 0, Effect: "Allow", Type: "AWS", Value: "222222222222", Class: ClassCrossAccount, Account: "222222222222"},
		{Statement: 0, Effect: "Allow", Type: "AWS", Value: "arn:aws:iam::111111111111:root", Class: ClassSameAccount, Account: "111111111111"},
		{Statement: 0, Effect: "Allow", Type: "Service", Value: "ec2.amazonaws.com", Class: ClassService},
		{Statement: 1, Effect: "Deny", Type: "AWS", Value: "AROADBQP57FF2AEXAMPLE", Class: ClassUniqueID, NotPrincipal: true},
	}
	if got := Grants(d, "111111111111"); !reflect.DeepEqual(got, want) {
		t.Errorf("Grants\n got %+v\nwant %+v", got, want)
	}
}
