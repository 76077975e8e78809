package facts

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

func TestEndpointLock(t *testing.T) {
	cases := []struct {
		name, policy, kind string
		denying            []int
	}{
		{"deny everything", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`, "denies_all", []int{1}},
		{"deny the service, two statements", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*Object*","Resource":"*"},{"Effect":"Deny","Principal":"*","NotAction":"s3:*Object*","Resource":"arn:aws:s3:::*"}]}`, "denies_all", []int{0, 1}},
		{"allow another service only", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:*","Resource":"*"}]}`, "allows_nothing", []int{}},
		{"no statement", `{"Version":"2012-10-17","Statement":[]}`, "allows_nothing", []int{}},
		// §5.5: a conditional deny spares the endpoint's own callers.
		{"conditional deny", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, "", nil},
		{"deny one bucket", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, "", nil},
		{"deny one principal", `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/x"},"Action":"*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, "", nil},
		{"allow one principal", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/x"},"Action":"s3:GetObject","Resource":"*"}]}`, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := iampolicy.Parse(c.policy)
			e := snapshot.VPCEndpoint{ID: "vpce-1", Type: "Gateway", ServiceName: "com.amazonaws.us-east-1.s3", Policy: &d}
			l, ok := endpointLock(e)
			if ok != (c.kind != "") || l.Kind != c.kind {
				t.Fatalf("got %+v (%v), want kind %q", l, ok, c.kind)
			}
			if ok && (!slices.Equal(l.Denying, c.denying) || l.Service != "s3" || len(l.Actions) == 0) {
				t.Fatalf("got %+v, want denying %v", l, c.denying)
			}
		})
	}
	// The default policy and an unparsable one are not locks.
	d := iampolicy.Parse(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`)
	if _, ok := endpointLock(snapshot.VPCEndpoint{ServiceName: "com.amazonaws.us-east-1.s3", Policy: &d, PolicyIsDefault: true}); ok {
		t.Error("a default policy is full access")
	}
	bad := iampolicy.Parse(`{"Statement":`)
	if _, ok := endpointLock(snapshot.VPCEndpoint{ServiceName: "com.amazonaws.us-east-1.s3", Policy: &bad}); ok {
		t.Error("an unparsable policy is IAM011's")
	}
}
