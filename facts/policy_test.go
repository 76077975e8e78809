package facts

import (
	"testing"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// Users' and groups' inline policies and other services' resource policies
// are analysed where the engine places them; a resource policy is judged
// with its own service's caller keys.
func TestAnalysePoliciesUsersGroupsResources(t *testing.T) {
	doc := iampolicy.Parse
	const kmsOpen = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}`
	s := &snapshot.Snapshot{
		Users:  []snapshot.User{{ID: "u", ARN: "arn:aws:iam::111122223333:user/u", InlinePolicies: []snapshot.InlinePolicy{{Name: "p", Document: doc(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}}}},
		Groups: []snapshot.Group{{ID: "g", InlinePolicies: []snapshot.InlinePolicy{{Name: "p", Document: doc(`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)}}}},
		ResourcePolicies: []snapshot.ResourcePolicy{
			{ID: "k", Service: "kms", Meta: snapshot.Meta{Account: "111122223333"}, Policy: doc(kmsOpen)},
			{ID: "q", Service: "sqs", ARN: "arn:aws:sqs:us-east-1:111122223333:q", Policy: doc(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:*"},{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage"}]}`)},
		},
	}
	got := analysePolicies(s)
	for _, at := range []PolicyAt{
		{Collection: "users", ID: "u", Field: inlinePolicies},
		{Collection: "groups", ID: "g", Field: inlinePolicies},
	} {
		if _, ok := got[at]; !ok {
			t.Errorf("no analysis at %v", at.Path())
		}
	}
	if k := got[PolicyAt{Collection: "resource_policies", ID: "k", Field: "policy"}]; k.Public {
		t.Errorf("KMS key pinned by kms:CallerAccount analysed public: %+v", k)
	}
	q := got[PolicyAt{Collection: "resource_policies", ID: "q", Field: "policy"}]
	if !q.Public || len(q.PublicStatements) != 1 || q.PublicStatements[0] != 1 {
		t.Errorf("queue open to * not public at statement 1: %+v", q)
	}
	if len(q.Grants) == 0 || q.Grants[0].Class != iampolicy.ClassCrossAccount {
		t.Errorf("queue's grant to another account (owner from the ARN) not cross-account: %+v", q.Grants)
	}
}
