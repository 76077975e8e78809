package iampolicy

import "testing"

// A permission's principal decides the statement's principal type, and
// each condition parameter the key Lambda writes (Lambda's AddPermission
// reference): an account id is an AWS principal, a service name a Service.
func TestLambdaPermissionDocument(t *testing.T) {
	cases := []struct {
		p      LambdaPermission
		public bool
	}{
		{LambdaPermission{Principal: "*", Action: "lambda:InvokeFunction", Resource: "*"}, true},
		{LambdaPermission{Principal: "*", Action: "lambda:InvokeFunction", Resource: "*", Conditions: map[string]string{"SourceAccount": "111122223333"}}, false},
		{LambdaPermission{Principal: "444455556666", Action: "lambda:InvokeFunction", Resource: "*"}, false},
		{LambdaPermission{Principal: "s3.amazonaws.com", Action: "lambda:InvokeFunction", Resource: "*"}, false},
	}
	for _, c := range cases {
		d := c.p.Document()
		if len(d.Problems) > 0 || len(d.Statements) != 1 {
			t.Fatalf("%+v: %d statements, problems %v", c.p, len(d.Statements), d.Problems)
		}
		if got, _ := IsPublicFor(d, "lambda"); got != c.public {
			t.Errorf("%+v: public %v, want %v", c.p, got, c.public)
		}
	}
	d := LambdaPermission{Principal: "444455556666", Action: "lambda:InvokeFunction", Resource: "*"}.Document()
	if p := d.Statements[0].Principal["AWS"]; len(p) != 1 || p[0] != "444455556666" {
		t.Errorf("account principal: %+v, want AWS 444455556666", d.Statements[0].Principal)
	}
	d = LambdaPermission{Principal: "s3.amazonaws.com", Action: "lambda:InvokeFunction", Resource: "*"}.Document()
	if p := d.Statements[0].Principal["Service"]; len(p) != 1 {
		t.Errorf("service principal: %+v", d.Statements[0].Principal)
	}
}
