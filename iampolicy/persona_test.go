package iampolicy

import (
	"slices"
	"testing"
)

const acct = "111122223333"

// The aws-semantics §5.5 lockout: Deny unless aws:SourceVpce.
const sourceVpceLockout = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnlessVpce","Effect":"Deny","Principal":"*","Action":"s3:*",
 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`

func personaByName(t *testing.T, ps []Persona, name string) Persona {
	t.Helper()
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no persona %q", name)
	return Persona{}
}

func TestDefaultPersonasShape(t *testing.T) {
	ps := DefaultPersonas(acct)
	if len(ps) != 4 {
		t.Fatalf("want 4 personas, got %d", len(ps))
	}
	for _, p := range ps {
		if _, ok := lookup(p.Context, "aws:SourceVpce"); ok {
			t.Errorf("%s: internet persona carries aws:SourceVpce", p.Name)
		}
		if v, _ := lookup(p.Context, "aws:SecureTransport"); !slices.Equal(v, []string{"true"}) {
			t.Errorf("%s: aws:SecureTransport = %v", p.Name, v)
		}
	}
	svc := personaByName(t, ps, "AWS service")
	if svc.Principal.Type != "Service" {
		t.Errorf("service persona type %q", svc.Principal.Type)
	}
	if _, ok := lookup(svc.Context, "aws:PrincipalOrgID"); ok {
		t.Error("service principals never carry aws:PrincipalOrgID (§7.8)")
	}
	if _, ok := lookup(svc.Context, "aws:SourceIp"); ok {
		t.Error("service persona carries aws:SourceIp")
	}
	admin := personaByName(t, ps, "admin role")
	if v, _ := lookup(admin.Context, "aws:PrincipalArn"); !slices.Equal(v, []string{"arn:aws:iam::111122223333:role/Admin"}) {
		t.Errorf("admin aws:PrincipalArn = %v", v)
	}
	if !MatchPrincipal(Principals{"AWS": {"arn:aws:iam::111122223333:role/Admin"}}, admin.Principal) {
		t.Error("admin session does not match its role ARN")
	}
}

// §5.5: StringNotEquals on an absent key is true, so every persona that does
// not come through the endpoint is explicitly denied; a caller through it is not.
func TestLockoutDeniesEveryInternetPersona(t *testing.T) {
	d := Parse(sourceVpceLockout)
	for _, p := range DefaultPersonas(acct) {
		for _, act := range []string{"s3:GetObject", "s3:ListBucket", "s3:PutBucketPolicy"} {
			a := p.Evaluate(d, act, "arn:aws:s3:::b")
			if a.Decision != ExplicitDeny || !slices.Equal(a.Denying, []int{0}) || a.Uncertain {
				t.Errorf("%s %s: %+v", p.Name, act, a)
			}
		}
	}
	ep := EndpointPersona(acct, "us-east-1", "vpce-1a2b3c4d", "vpc-1", "10.0.0.10")
	if _, ok := lookup(ep.Context, "aws:SourceIp"); ok {
		t.Error("endpoint persona carries aws:SourceIp (§5.4)")
	}
	if a := ep.Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/*"); a.Decision != ImplicitDeny {
		t.Errorf("through the endpoint: %+v", a)
	}
	other := EndpointPersona(acct, "us-east-1", "vpce-other", "vpc-2", "")
	if a := other.Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/*"); a.Decision != ExplicitDeny {
		t.Errorf("through another endpoint: %+v", a)
	}
}

// The safer pattern of §5.5 exempts service principals and a break-glass role.
func TestExemptionsSpareServiceAndBreakGlass(t *testing.T) {
	d := Parse(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
	 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"},"Bool":{"aws:PrincipalIsAWSService":"false"},
	  "ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Admin"}}}]}`)
	ps := DefaultPersonas(acct)
	want := map[string]Decision{"console user": ExplicitDeny, "admin role": ImplicitDeny, "CI role": ExplicitDeny, "AWS service": ImplicitDeny}
	for _, p := range ps {
		if got := p.Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/*").Decision; got != want[p.Name] {
			t.Errorf("%s: got %s want %s", p.Name, got, want[p.Name])
		}
	}
}

// aws:PrincipalOrgID is unknown for people when the organization is not
// known: a Deny resting on its absence is uncertain; for services it is not.
func TestOrgIDDenyUncertainForPeople(t *testing.T) {
	d := Parse(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
	 "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`)
	ps := DefaultPersonas(acct)
	a := personaByName(t, ps, "console user").Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/*")
	if a.Decision != ExplicitDeny || !a.Uncertain || !slices.Equal(a.UnknownKeys, []string{"aws:principalorgid"}) {
		t.Errorf("console user: %+v", a)
	}
	s := personaByName(t, ps, "AWS service").Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/*")
	if s.Decision != ExplicitDeny || s.Uncertain {
		t.Errorf("service: %+v", s)
	}
	// A second, certain Deny makes the outcome certain.
	d2 := Parse(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}},
	 {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`)
	if a := personaByName(t, ps, "console user").Evaluate(d2, "s3:GetObject", "arn:aws:s3:::b/*"); a.Uncertain || !slices.Equal(a.Denying, []int{0, 1}) {
		t.Errorf("two denies: %+v", a)
	}
}

func TestAssessImplicitDenyUncertain(t *testing.T) {
	d := Parse(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceOrgID":"o-1"}}}]}`)
	ep := EndpointPersona(acct, "", "vpce-1", "vpc-1", "")
	a := ep.Evaluate(d, "s3:GetObject", "arn:aws:s3:::b/k")
	if a.Decision != ImplicitDeny || !a.Uncertain || !slices.Equal(a.UnknownKeys, []string{"aws:resourceorgid"}) {
		t.Errorf("%+v", a)
	}
	if a := ep.Evaluate(d, "s3:PutObject", "arn:aws:s3:::b/k"); a.Uncertain {
		t.Errorf("action not granted at all is certain: %+v", a)
	}
}

func TestParsePrincipal(t *testing.T) {
	cases := []struct {
		in   string
		want Principal
		err  bool
	}{
		{"anonymous", Principal{Type: "Anonymous"}, false},
		{"service:logging.s3.amazonaws.com", Principal{Type: "Service", ID: "logging.s3.amazonaws.com"}, false},
		{"111122223333", Principal{Type: "AWS", ID: "arn:aws:iam::111122223333:root", Account: acct}, false},
		{"arn:aws:iam::111122223333:role/Admin", Principal{Type: "AWS", ID: "arn:aws:iam::111122223333:role/Admin", Account: acct}, false},
		{"arn:aws:sts::111122223333:assumed-role/ci/run", Principal{Type: "AWS", ID: "arn:aws:sts::111122223333:assumed-role/ci/run", Account: acct}, false},
		{"arn:aws:iam::*:role/x", Principal{}, true},
		{"arn:aws:s3:::bucket", Principal{}, true},
		{"service:", Principal{}, true},
		{"bob", Principal{}, true},
	}
	for _, c := range cases {
		got, err := ParsePrincipal(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParsePrincipal(%q) = %+v, %v", c.in, got, err)
		}
	}
}

func TestNewPersonaDerivesKeys(t *testing.T) {
	p, err := NewPersona("deploy", "arn:aws:sts::111122223333:assumed-role/deploy/x", map[string][]string{"aws:sourceip": {"198.51.100.7"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := lookup(p.Context, "aws:PrincipalArn"); !slices.Equal(v, []string{"arn:aws:iam::111122223333:role/deploy"}) {
		t.Errorf("PrincipalArn %v", v)
	}
	if v, _ := lookup(p.Context, "aws:SourceIp"); !slices.Equal(v, []string{"198.51.100.7"}) {
		t.Errorf("SourceIp %v (configured key must be kept, once)", v)
	}
	s, err := NewPersona("elb logs", "service:logdelivery.elasticloadbalancing.amazonaws.com", map[string][]string{"aws:SourceVpce": {"vpce-9"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := lookup(s.Context, "aws:PrincipalIsAWSService"); !slices.Equal(v, []string{"true"}) || s.ViaEndpoint != "vpce-9" {
		t.Errorf("service persona %+v", s)
	}
	if _, err := NewPersona("x", "nobody", nil); err == nil {
		t.Error("bad principal accepted")
	}
}

// §5.3: in an endpoint policy "AWS": "<account>" means the root user only.
func TestRootOnly(t *testing.T) {
	d := Parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}]}`)
	role := Principal{Type: "AWS", ID: "arn:aws:sts::111122223333:assumed-role/app/i-1", Account: acct}
	if Evaluate(d, Request{Principal: role, Action: "s3:GetObject"}).Decision != Allow {
		t.Fatal("as a resource policy the account grant covers the role (§7.2)")
	}
	if got := Evaluate(RootOnly(d, role), Request{Principal: role, Action: "s3:GetObject"}).Decision; got != ImplicitDeny {
		t.Errorf("endpoint policy, role: %s", got)
	}
	root := Principal{Type: "AWS", ID: "arn:aws:iam::111122223333:root", Account: acct}
	if got := Evaluate(RootOnly(d, root), Request{Principal: root, Action: "s3:GetObject"}).Decision; got != Allow {
		t.Errorf("endpoint policy, root: %s", got)
	}
	if d.Statements[0].Principal["AWS"][0] != acct {
		t.Error("RootOnly modified its input")
	}
	star := Parse(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`)
	if Evaluate(RootOnly(star, role), Request{Principal: role, Action: "s3:GetObject"}).Decision != Allow {
		t.Error("Principal * must still match")
	}
}

func TestActionsFor(t *testing.T) {
	if got := ActionsFor("s3:GetObject", "s3"); !slices.Equal(got, []string{"s3:GetObject"}) {
		t.Errorf("literal: %v", got)
	}
	if got := ActionsFor("s3:Get*", "s3"); !slices.Equal(got, []string{"s3:GetObject", "s3:GetBucketLocation"}) {
		t.Errorf("Get*: %v", got)
	}
	if got := ActionsFor("*", "dynamodb"); len(got) != len(representativeActions["dynamodb"]) {
		t.Errorf("*: %v", got)
	}
	if got := ActionsFor("dynamodb:*", "s3"); got != nil {
		t.Errorf("other service: %v", got)
	}
	if got := NotActionsFor([]string{"s3:Delete*", "s3:Put*"}, "s3"); !slices.Equal(got, []string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"}) {
		t.Errorf("NotAction: %v", got)
	}
}
