package awstest

import (
	"net/http"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// bucketACLXML answers GetBucketAcl as S3 does: the owner's FULL_CONTROL
// plus the bucket's grants, minus what S3 does not enforce (every grant
// when Object Ownership disables ACLs, the public ones when
// IgnorePublicAcls is on for the bucket or its account).
func (s *Server) bucketACLXML(b snapshot.Bucket) string {
	owner := "owner-" + b.Account
	grant := func(typ, inner, perm string) string {
		return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="` + typ + `">` + inner + `</Grantee>` + leaf("Permission", perm) + `</Grant>`
	}
	grants := []string{grant("CanonicalUser", leaf("ID", owner), "FULL_CONTROL")}
	if b.ACL != nil && b.ObjectOwnership != snapshot.OwnershipEnforced {
		ignore := s.ignoresPublicACLs(b)
		for _, g := range b.ACL.Grants {
			if ignore && (g.URI == snapshot.GroupAllUsers || g.URI == snapshot.GroupAuthenticatedUsers) {
				continue
			}
			grants = append(grants, grant(g.GranteeType, leaf("ID", g.ID)+leaf("DisplayName", g.DisplayName)+leaf("EmailAddress", g.Email)+leaf("URI", g.URI), g.Permission))
		}
	}
	return `<AccessControlPolicy ` + s3NS + `>` + el("Owner", leaf("ID", owner)) + el("AccessControlList", strings.Join(grants, "")) + `</AccessControlPolicy>`
}

func (s *Server) ignoresPublicACLs(b snapshot.Bucket) bool {
	if b.PublicAccessBlock != nil && b.PublicAccessBlock.IgnorePublicACLs {
		return true
	}
	for _, a := range s.World.Accounts {
		if a.ID == b.Account && a.PublicAccessBlock != nil && a.PublicAccessBlock.IgnorePublicACLs {
			return true
		}
	}
	return false
}

// ownershipControls answers GetBucketOwnershipControls; a bucket with
// none configured answers OwnershipControlsNotFoundError, as S3 does.
func ownershipControls(w http.ResponseWriter, req *request, b snapshot.Bucket) {
	if b.ObjectOwnership == "" {
		writeError(w, req, http.StatusNotFound, "OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
		return
	}
	writeXML(w, `<OwnershipControls `+s3NS+`>`+el("Rule", leaf("ObjectOwnership", b.ObjectOwnership))+`</OwnershipControls>`)
}
