package aws_test

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// IAM users and groups come from the same GetAccountAuthorizationDetails
// as roles (paged across entity kinds): inline and attached policies, and
// group membership by name resolved to the group's ARN.
func TestScanUsersAndGroups(t *testing.T) {
	isolate(t)
	w := world(t)
	const acct = "111122223333"
	meta := snapshot.Meta{Account: acct}
	grp := "arn:aws:iam::" + acct + ":group/ops/admins"
	admin := iampolicy.Parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	w.Groups = []snapshot.Group{{
		ID: grp, Meta: meta, Name: "admins", ARN: grp, UniqueID: "AGPAADMINS", Path: "/ops/",
		InlinePolicies: []snapshot.InlinePolicy{{Name: "all", Document: admin}},
	}}
	w.Users = []snapshot.User{{
		ID: "arn:aws:iam::" + acct + ":user/alice", Meta: meta, Name: "alice", ARN: "arn:aws:iam::" + acct + ":user/alice",
		UniqueID: "AIDAALICE", Path: "/", GroupIDs: []string{grp},
		AttachedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		InlinePolicies:     []snapshot.InlinePolicy{{Name: "s3", Document: iampolicy.Parse(`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)}},
	}}
	srv := awstest.New(w)
	defer srv.Close()
	srv.PageSize = 2
	snap, _ := scan(t, options(srv))
	if len(readGaps(snap.Coverage)) != 0 {
		t.Fatalf("unexpected gaps: %+v", snap.Coverage)
	}
	if len(snap.Users) != 1 || len(snap.Groups) != 1 {
		t.Fatalf("users %+v groups %+v", snap.Users, snap.Groups)
	}
	u, g := snap.Users[0], snap.Groups[0]
	if !slices.Equal(u.GroupIDs, []string{grp}) || u.UniqueID != "AIDAALICE" ||
		!slices.Equal(u.AttachedPolicyARNs, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}) ||
		len(u.InlinePolicies) != 1 || len(u.InlinePolicies[0].Document.Statements) != 1 {
		t.Errorf("user %+v", u)
	}
	if g.Path != "/ops/" || len(g.InlinePolicies) != 1 || g.InlinePolicies[0].Document.Statements[0].Action[0] != "*" {
		t.Errorf("group %+v", g)
	}
}
