package snapshot

// The S3 predefined groups an ACL can grant to (S3-UG acl-overview.html,
// "Amazon S3 predefined groups").
const (
	// GroupAllUsers is anyone, signed or anonymous.
	GroupAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers"
	// GroupAuthenticatedUsers is every AWS account, not only the owner's.
	GroupAuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	// GroupLogDelivery is S3 server access log delivery.
	GroupLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery"
)

// OwnershipEnforced is the Object Ownership setting that disables ACLs.
const OwnershipEnforced = "BucketOwnerEnforced"

func groupGrants(uri string, perms ...string) []ACLGrant {
	out := make([]ACLGrant, len(perms))
	for i, p := range perms {
		out[i] = ACLGrant{GranteeType: "Group", URI: uri, Permission: p}
	}
	return out
}

// cannedACLs are the grants each canned ACL adds on a bucket besides the
// owner's FULL_CONTROL (S3-UG acl-overview.html#canned-acl).
// bucket-owner-read and bucket-owner-full-control are for objects: "If
// you specify this canned ACL when creating a bucket, Amazon S3 ignores
// it." aws-exec-read gives Amazon EC2 READ to fetch AMI bundles; its
// canonical id is not published, so only the display name is kept.
var cannedACLs = map[string][]ACLGrant{
	"private":                   {},
	"public-read":               groupGrants(GroupAllUsers, "READ"),
	"public-read-write":         groupGrants(GroupAllUsers, "READ", "WRITE"),
	"authenticated-read":        groupGrants(GroupAuthenticatedUsers, "READ"),
	"log-delivery-write":        groupGrants(GroupLogDelivery, "WRITE", "READ_ACP"),
	"aws-exec-read":             {{GranteeType: "CanonicalUser", DisplayName: "Amazon EC2", Permission: "READ"}},
	"bucket-owner-read":         {},
	"bucket-owner-full-control": {},
}

// CannedACL expands a canned ACL name as S3 writes it (public-read) or as
// CloudFormation's AccessControl does (PublicRead); false for a name S3
// does not know.
func CannedACL(name string) (*BucketACL, bool) {
	canon := name
	if c, ok := cfnCanned[name]; ok {
		canon = c
	}
	g, ok := cannedACLs[canon]
	if !ok {
		return nil, false
	}
	return &BucketACL{Canned: canon, Grants: append([]ACLGrant{}, g...)}, true
}

// cfnCanned maps AWS::S3::Bucket AccessControl values to S3's names.
var cfnCanned = map[string]string{
	"Private": "private", "PublicRead": "public-read", "PublicReadWrite": "public-read-write",
	"AuthenticatedRead": "authenticated-read", "LogDeliveryWrite": "log-delivery-write",
	"AwsExecRead": "aws-exec-read", "BucketOwnerRead": "bucket-owner-read",
	"BucketOwnerFullControl": "bucket-owner-full-control",
}
