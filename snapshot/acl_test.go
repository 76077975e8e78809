package snapshot

import (
	"reflect"
	"testing"
)

func TestCannedACL(t *testing.T) {
	cases := map[string][]ACLGrant{
		"private":            {},
		"Private":            {},
		"public-read":        {{GranteeType: "Group", URI: GroupAllUsers, Permission: "READ"}},
		"PublicReadWrite":    {{GranteeType: "Group", URI: GroupAllUsers, Permission: "READ"}, {GranteeType: "Group", URI: GroupAllUsers, Permission: "WRITE"}},
		"authenticated-read": {{GranteeType: "Group", URI: GroupAuthenticatedUsers, Permission: "READ"}},
		"LogDeliveryWrite":   {{GranteeType: "Group", URI: GroupLogDelivery, Permission: "WRITE"}, {GranteeType: "Group", URI: GroupLogDelivery, Permission: "READ_ACP"}},
		"bucket-owner-read":  {},
	}
	for name, want := range cases {
		acl, ok := CannedACL(name)
		if !ok || !reflect.DeepEqual(acl.Grants, want) {
			t.Errorf("CannedACL(%q) = %+v, %v; want %+v", name, acl, ok, want)
		}
	}
	if acl, _ := CannedACL("PublicRead"); acl.Canned != "public-read" {
		t.Errorf("CloudFormation's PublicRead is kept as %q, want S3's public-read", acl.Canned)
	}
	for _, bad := range []string{"", "public", "private-read", "PUBLIC-READ"} {
		if _, ok := CannedACL(bad); ok {
			t.Errorf("CannedACL(%q) accepted a name S3 does not know", bad)
		}
	}
	// The table is not shared with callers.
	a, _ := CannedACL("public-read")
	a.Grants[0].Permission = "WRITE"
	if b, _ := CannedACL("public-read"); b.Grants[0].Permission != "READ" {
		t.Error("CannedACL returned the table's own slice")
	}
}
