package iampolicy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// githubOIDCTrust is the GitHub Actions trust policy of aws-semantics §7.9.
const githubOIDCTrust = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
      "StringLike": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}
    }
  }]
}`

// vpceLockout is the bucket-policy lockout of aws-semantics §5.5.
const vpceLockout = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*",
 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}}`

func TestParseGitHubOIDC(t *testing.T) {
	d := Parse(githubOIDCTrust)
	if !d.Valid() {
		t.Fatalf("problems: %+v", d.Problems)
	}
	if d.Version != "2012-10-17" || len(d.Statements) != 1 {
		t.Fatalf("got version %q, %d statements", d.Version, len(d.Statements))
	}
	st := d.Statements[0]
	want := Statement{
		Index:     0,
		Effect:    "Allow",
		Principal: Principals{"Federated": {"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Conditions: []Condition{
			{Operator: "StringEquals", Base: "StringEquals", Key: "token.actions.githubusercontent.com:aud", Values: []string{"sts.amazonaws.com"}},
			{Operator: "StringLike", Base: "StringLike", Key: "token.actions.githubusercontent.com:sub", Values: []string{"repo:ORG/REPO:ref:refs/heads/main"}},
		},
	}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("statement\n got %+v\nwant %+v", st, want)
	}
}

func TestParseSingleStatementObjectAndStarPrincipal(t *testing.T) {
	d := Parse(vpceLockout)
	if !d.Valid() || len(d.Statements) != 1 {
		t.Fatalf("problems %+v statements %d", d.Problems, len(d.Statements))
	}
	st := d.Statements[0]
	// aws-semantics §7.4: "*" ≡ {"AWS":"*"}.
	if !reflect.DeepEqual(st.Principal, Principals{"AWS": {"*"}}) {
		t.Errorf("principal = %v", st.Principal)
	}
	if !reflect.DeepEqual(st.Resource, []string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}) {
		t.Errorf("resource = %v", st.Resource)
	}
	c := st.Conditions[0]
	if c.Key != "aws:sourcevpce" || !c.Negated || c.Base != "StringNotEquals" {
		t.Errorf("condition = %+v", c)
	}
	explicit := Parse(`{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*"}]}`)
	if !reflect.DeepEqual(explicit.Statements[0].Principal, st.Principal) {
		t.Errorf("{\"AWS\":\"*\"} = %v, want same as \"*\"", explicit.Statements[0].Principal)
	}
}

func TestParseNormalisation(t *testing.T) {
	d := Parse(`{"Version":"2012-10-17","Id":"p1","Statement":[
	 {"Sid":"a","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::2:root","111122223333","arn:aws:iam::2:root"],"Service":"ec2.amazonaws.com"},
	  "NotAction":["s3:Get*","s3:List*"],"NotResource":"arn:aws:s3:::x",
	  "Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[5,"10"]},
	               "ForAllValues:StringLikeIfExists":{"aws:TagKeys":"env*"},"StringNotEqualsIgnoreCase":{"Aws:UserAgent":"x"}}}]}`)
	if !d.Valid() {
		t.Fatalf("problems: %+v", d.Problems)
	}
	st := d.Statements[0]
	if d.ID != "p1" || st.Sid != "a" {
		t.Errorf("id %q sid %q", d.ID, st.Sid)
	}
	wantP := Principals{"AWS": {"111122223333", "arn:aws:iam::2:root"}, "Service": {"ec2.amazonaws.com"}}
	if !reflect.DeepEqual(st.Principal, wantP) {
		t.Errorf("principal = %v, want sorted and deduplicated %v", st.Principal, wantP)
	}
	if !reflect.DeepEqual(st.NotAction, []string{"s3:Get*", "s3:List*"}) || !reflect.DeepEqual(st.NotResource, []string{"arn:aws:s3:::x"}) {
		t.Errorf("not action %v not resource %v", st.NotAction, st.NotResource)
	}
	want := []Condition{
		{Operator: "Bool", Base: "Bool", Key: "aws:securetransport", Values: []string{"false"}},
		{Operator: "ForAllValues:StringLikeIfExists", Base: "StringLike", Qualifier: "ForAllValues", IfExists: true, Key: "aws:tagkeys", Values: []string{"env*"}},
		{Operator: "NumericLessThan", Base: "NumericLessThan", Key: "s3:max-keys", Values: []string{"5", "10"}},
		{Operator: "StringNotEqualsIgnoreCase", Base: "StringNotEqualsIgnoreCase", Negated: true, Key: "aws:useragent", Values: []string{"x"}},
	}
	if !reflect.DeepEqual(st.Conditions, want) {
		t.Errorf("conditions\n got %+v\nwant %+v", st.Conditions, want)
	}
}

func TestParseURLEncodedTrustPolicy(t *testing.T) {
	// IAM GetRole returns AssumeRolePolicyDocument URL-encoded; '+' must survive.
	enc := "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Sid%22%3A%22a+b%22%7D%5D%7D"
	d := Parse(enc)
	if !d.Valid() {
		t.Fatalf("problems: %+v", d.Problems)
	}
	if !strings.HasPrefix(d.Text, `{"Version":"2012-10-17"`) {
		t.Errorf("text not decoded: %q", d.Text)
	}
	st := d.Statements[0]
	if st.Sid != "a+b" || st.Principal["Service"][0] != "ec2.amazonaws.com" {
		t.Errorf("statement = %+v", st)
	}
	bad := Parse("%7B%ZZ")
	if bad.Valid() || !strings.Contains(bad.Problems[0].Message, "url-encoded") {
		t.Errorf("bad encoding problems = %+v", bad.Problems)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		wantPath   string
		wantMsg    string
		wantLine   int
		statements int
	}{
		{"padded statement key", "{\"Version\":\"2012-10-17\",\n\"Statement \":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "Statement ", `surrounding whitespace`, 2, 1},
		{"unknown top key", `{"Statement":[],"Foo":1}`, "Foo", `unknown key "Foo": expected one of Version, Id, Statement`, 1, 0},
		{"lowercase key", `{"Statement":{"effect":"Allow","Action":"*"}}`, "Statement[0].effect", `unknown key "effect"`, 1, 1},
		{"both action kinds", `{"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*"}}`, "Statement[0]", "both Action and NotAction", 1, 1},
		{"missing action", `{"Statement":{"Effect":"Allow","Resource":"*"}}`, "Statement[0]", "neither Action nor NotAction", 1, 1},
		{"missing effect", `{"Statement":{"Action":"*"}}`, "Statement[0]", "missing Effect", 1, 1},
		{"lowercase effect", `{"Statement":{"Effect":"allow","Action":"*"}}`, "Statement[0].Effect", `effect "allow" is invalid`, 1, 1},
		{"syntax error", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",, }\n  ]\n}", "", "invalid json", 3, 0},
		{"array policy", `[{"Effect":"Allow"}]`, "", "policy must be a json object", 1, 0},
		{"scalar policy", `"*"`, "", "policy must be a json object", 1, 0},
		{"empty", "  ", "", "empty policy", 0, 0},
		{"missing statement", `{"Version":"2012-10-17"}`, "", "missing Statement", 1, 0},
		{"bad version", `{"Version":"2012-10-18","Statement":[]}`, "Version", "unsupported version", 1, 0},
		{"unknown operator", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEqual":{"k":"v"}}}}`, "Statement[0].Condition.StringEqual", "unknown condition operator", 1, 1},
		{"principal and notprincipal", `{"Statement":{"Effect":"Deny","Action":"*","Principal":"*","NotPrincipal":{"AWS":"1"}}}`, "Statement[0]", "both Principal and NotPrincipal", 1, 1},
		{"duplicate key", `{"Statement":{"Effect":"Allow","Effect":"Deny","Action":"*"}}`, "Statement[0].Effect", "duplicate key", 1, 1},
		{"string principal", `{"Statement":{"Effect":"Allow","Action":"*","Principal":"arn:aws:iam::1:root"}}`, "Statement[0].Principal", "expected \"*\"", 1, 1},
		{"statement not object", `{"Statement":[1]}`, "Statement[0]", "statement must be a json object", 1, 0},
		{"non-string action", `{"Statement":{"Effect":"Allow","Action":["s3:Get",7]}}`, "Statement[0].Action[1]", "expected a string", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(tt.text)
			if d.Valid() {
				t.Fatal("want a problem, got none")
			}
			if len(d.Statements) != tt.statements {
				t.Errorf("statements = %d, want %d", len(d.Statements), tt.statements)
			}
			for _, p := range d.Problems {
				if p.Path == tt.wantPath && strings.Contains(p.Message, tt.wantMsg) {
					if p.Line != tt.wantLine {
						t.Errorf("line = %d, want %d", p.Line, tt.wantLine)
					}
					return
				}
			}
			t.Errorf("no problem at %q containing %q in %+v", tt.wantPath, tt.wantMsg, d.Problems)
		})
	}
}

func TestParsePaddedKeyStillParsed(t *testing.T) {
	d := Parse(`{"Statement ":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if len(d.Statements) != 1 || d.Statements[0].Action[0] != "s3:GetObject" {
		t.Fatalf("statements = %+v", d.Statements)
	}
}

func TestParseSyntaxErrorColumn(t *testing.T) {
	d := Parse("{\"Statement\": [}")
	p := d.Problems[0]
	if p.Line != 1 || p.Column != 16 {
		t.Errorf("syntax error at %d:%d, want 1:16 (%s)", p.Line, p.Column, p.Message)
	}
}

func TestParseDeepNesting(t *testing.T) {
	deep := `{"Statement":{"Effect":"Allow","Action":"*","Condition":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}}"
	d := Parse(deep)
	if d.Valid() || !strings.Contains(d.Problems[0].Message, "nested deeper") {
		t.Fatalf("problems = %+v", d.Problems)
	}
	if d.Statements == nil {
		t.Error("statements must be an empty slice, not nil")
	}
}

func TestDocumentJSON(t *testing.T) {
	d := Parse(githubOIDCTrust)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"text", "version", "statements"} {
		if _, ok := m[k]; !ok {
			t.Errorf("saved form lacks %q: %s", k, b)
		}
	}
	var back Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, d)
	}

	var raw Document // a bare policy object is the policy itself
	if err := json.Unmarshal([]byte(vpceLockout), &raw); err != nil || raw.Statements[0].Effect != "Deny" {
		t.Errorf("raw object: err %v doc %+v", err, raw)
	}
	var str Document // a JSON string holds policy text, possibly URL-encoded
	if err := json.Unmarshal([]byte(`"%7B%22Statement%22%3A%5B%5D%7D"`), &str); err != nil || str.Text != `{"Statement":[]}` {
		t.Errorf("string: err %v text %q", err, str.Text)
	}
	var null Document
	if err := json.Unmarshal([]byte(`null`), &null); err != nil || !null.IsZero() {
		t.Errorf("null: err %v doc %+v", err, null)
	}
	for _, bad := range []string{`5`, `[1]`, `true`} {
		var x Document
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("%s: want error", bad)
		}
	}
	zero, err := json.Marshal(Document{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(zero), `"statements":[]`) {
		t.Errorf("zero document = %s", zero)
	}
}

func TestParseManyProblemsStaysLinear(t *testing.T) {
	// Each problem needs a line number; rescanning the text per problem
	// would make this quadratic (minutes instead of milliseconds).
	const n = 200000
	text := `{"Statement":{"Effect":"Allow","Action":[` + strings.Repeat("1,\n", n-1) + "1]}}"
	d := Parse(text)
	if len(d.Problems) != n {
		t.Fatalf("problems = %d, want %d", len(d.Problems), n)
	}
	if last := d.Problems[n-1]; last.Line != n || last.Column != 1 {
		t.Errorf("last problem at %d:%d, want %d:1", last.Line, last.Column, n)
	}
}
