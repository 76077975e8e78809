package awstest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// EncodePolicy URL-encodes a policy document as IAM returns it (RFC 3986).
func EncodePolicy(text string) string {
	return strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
}

func iamTags(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return members("Tags", renderAll(keys, func(k string) string { return leaf("Key", k) + el("Value", esc(tags[k])) }))
}

func nameOf(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// iam answers GetAccountAuthorizationDetails (Marker/IsTruncated paging
// over roles and policies together) and the provider and alias lists.
func (s *Server) iam(w http.ResponseWriter, req *request) {
	world, p := s.World, req.params
	mine := func(m snapshot.Meta) bool { return m.Account == req.account }
	switch req.op {
	case "GetAccountAuthorizationDetails":
		var items []string // "R" or "P" + XML
		for _, r := range world.Roles {
			if mine(r.Meta) {
				items = append(items, "R"+s.roleXML(r))
			}
		}
		for _, u := range world.Users {
			if mine(u.Meta) {
				items = append(items, "U"+userXML(u))
			}
		}
		for _, g := range world.Groups {
			if mine(g.Meta) {
				items = append(items, "G"+groupXML(g))
			}
		}
		for _, pol := range world.Policies {
			if mine(pol.Meta) {
				items = append(items, "P"+policyXML(pol))
			}
		}
		pg, next := s.page(items, p.Get("Marker"), intParam(p, "MaxItems"))
		kinds := map[byte][]string{}
		for _, it := range pg {
			kinds[it[0]] = append(kinds[it[0]], it[1:])
		}
		truncated := boolLeaf("IsTruncated", next != "") + leaf("Marker", next)
		writeXML(w, queryResponse("iam", req.op, members("RoleDetailList", kinds['R']), members("GroupDetailList", kinds['G']),
			members("UserDetailList", kinds['U']), members("Policies", kinds['P']), truncated))
	case "ListAccountAliases":
		var aliases []string
		for _, a := range world.Accounts {
			if a.ID == req.account && a.Alias != "" {
				aliases = append(aliases, esc(a.Alias))
			}
		}
		writeXML(w, queryResponse("iam", req.op, members("AccountAliases", aliases), boolLeaf("IsTruncated", false)))
	case "ListOpenIDConnectProviders", "ListSAMLProviders":
		typ, list := "oidc", "OpenIDConnectProviderList"
		if req.op == "ListSAMLProviders" {
			typ, list = "saml", "SAMLProviderList"
		}
		var items []string
		for _, idp := range world.IdentityProviders {
			if mine(idp.Meta) && idp.Type == typ {
				items = append(items, leaf("Arn", idp.ID))
			}
		}
		writeXML(w, queryResponse("iam", req.op, members(list, items)))
	case "GetOpenIDConnectProvider":
		arn := p.Get("OpenIDConnectProviderArn")
		i := slices.IndexFunc(world.IdentityProviders, func(x snapshot.IdentityProvider) bool { return x.ID == arn })
		if i < 0 {
			writeError(w, req, http.StatusNotFound, "NoSuchEntity", "OpenIDConnect Provider not found for arn "+arn)
			return
		}
		idp := world.IdentityProviders[i]
		writeXML(w, queryResponse("iam", req.op, leaf("Url", idp.URL), members("ClientIDList", texts(idp.ClientIDs)),
			members("ThumbprintList", texts(idp.Thumbprints)), leaf("CreateDate", "2024-01-01T00:00:00Z"), iamTags(idp.Tags)))
	default:
		writeError(w, req, http.StatusBadRequest, "InvalidAction", "Could not find operation "+req.op)
	}
}

func docText(d iampolicy.Document) string { return d.Text }

// identityPolicies renders inline and attached policies as
// GetAccountAuthorizationDetails lists them for users and groups.
func identityPolicies(kind string, inline []snapshot.InlinePolicy, attached []string) string {
	var in, at []string
	for _, p := range inline {
		in = append(in, leaf("PolicyName", p.Name)+leaf("PolicyDocument", EncodePolicy(docText(p.Document))))
	}
	for _, a := range attached {
		at = append(at, leaf("PolicyName", nameOf(a))+leaf("PolicyArn", a))
	}
	return members(kind+"PolicyList", in) + members("AttachedManagedPolicies", at)
}

func userXML(u snapshot.User) string {
	groups := make([]string, 0, len(u.GroupIDs))
	for _, g := range u.GroupIDs {
		groups = append(groups, esc(nameOf(g)))
	}
	return leaf("Path", u.Path) + leaf("UserName", u.Name) + leaf("UserId", u.UniqueID) + leaf("Arn", u.ARN) +
		leaf("CreateDate", "2024-01-01T00:00:00Z") + identityPolicies("User", u.InlinePolicies, u.AttachedPolicyARNs) +
		members("GroupList", groups) + iamTags(u.Tags)
}

func groupXML(g snapshot.Group) string {
	return leaf("Path", g.Path) + leaf("GroupName", g.Name) + leaf("GroupId", g.UniqueID) + leaf("Arn", g.ARN) +
		leaf("CreateDate", "2024-01-01T00:00:00Z") + identityPolicies("Group", g.InlinePolicies, g.AttachedPolicyARNs)
}

func (s *Server) roleXML(r snapshot.Role) string {
	var inline, attached, profiles []string
	for _, p := range r.InlinePolicies {
		inline = append(inline, leaf("PolicyName", p.Name)+leaf("PolicyDocument", EncodePolicy(docText(p.Document))))
	}
	for _, a := range r.AttachedPolicyARNs {
		attached = append(attached, leaf("PolicyName", nameOf(a))+leaf("PolicyArn", a))
	}
	for _, ip := range s.World.InstanceProfiles {
		if !slices.Contains(ip.RoleIDs, r.ID) && !s.ProfilesUnderEveryRole {
			continue
		}
		var roles []string
		for _, rid := range ip.RoleIDs {
			roles = append(roles, leaf("Path", "/")+leaf("RoleName", nameOf(rid))+leaf("RoleId", "AROA"+strings.ToUpper(nameOf(rid)))+
				leaf("Arn", rid)+leaf("CreateDate", "2024-01-01T00:00:00Z"))
		}
		profiles = append(profiles, leaf("Path", "/")+leaf("InstanceProfileName", ip.Name)+leaf("InstanceProfileId", "AIPA"+strings.ToUpper(ip.Name))+
			leaf("Arn", ip.ARN)+leaf("CreateDate", "2024-01-01T00:00:00Z")+members("Roles", roles)+iamTags(ip.Tags))
	}
	out := leaf("Path", r.Path) + leaf("RoleName", r.Name) + leaf("RoleId", r.UniqueID) + leaf("Arn", r.ARN) +
		leaf("CreateDate", "2024-01-01T00:00:00Z") + leaf("AssumeRolePolicyDocument", EncodePolicy(docText(r.TrustPolicy))) +
		members("InstanceProfileList", profiles) + members("RolePolicyList", inline) + members("AttachedManagedPolicies", attached) + iamTags(r.Tags)
	if r.PermissionsBoundaryARN != "" {
		out += el("PermissionsBoundary", leaf("PermissionsBoundaryType", "Policy")+leaf("PermissionsBoundaryArn", r.PermissionsBoundaryARN))
	}
	return out
}

func policyXML(p snapshot.ManagedPolicy) string {
	return leaf("PolicyName", p.Name) + leaf("PolicyId", "ANPA"+strings.ToUpper(p.Name)) + leaf("Arn", p.ARN) + leaf("Path", "/") +
		leaf("DefaultVersionId", "v2") + el("AttachmentCount", strconv.Itoa(p.AttachmentCount)) + boolLeaf("IsAttachable", true) +
		leaf("CreateDate", "2024-01-01T00:00:00Z") + leaf("UpdateDate", "2024-01-02T00:00:00Z") +
		members("PolicyVersionList", []string{
			leaf("Document", EncodePolicy(docText(p.Document))) + leaf("VersionId", "v2") + boolLeaf("IsDefaultVersion", true) + leaf("CreateDate", "2024-01-02T00:00:00Z"),
			leaf("Document", EncodePolicy(`{"Version":"2012-10-17","Statement":[]}`)) + leaf("VersionId", "v1") + boolLeaf("IsDefaultVersion", false),
		})
}

// sts answers GetCallerIdentity and AssumeRole. Assumed credentials carry
// the account in their access key id ("ASIA" + account).
func (s *Server) sts(w http.ResponseWriter, req *request) {
	switch req.op {
	case "GetCallerIdentity":
		arn := "arn:aws:iam::" + req.account + ":user/scanner"
		if req.account != s.BaseAccount {
			arn = "arn:aws:sts::" + req.account + ":assumed-role/scanner/vpclint-scan"
		}
		writeXML(w, queryResponse("sts", req.op, leaf("Arn", arn), leaf("UserId", "AIDAVPCLINT"), leaf("Account", req.account)))
	case "AssumeRole":
		roleARN := req.params.Get("RoleArn")
		acct := strings.Split(roleARN, ":")[4]
		if !slices.ContainsFunc(s.World.Accounts, func(a snapshot.Account) bool { return a.ID == acct }) {
			writeError(w, req, http.StatusForbidden, "AccessDenied", "not authorized to perform sts:AssumeRole on "+roleARN)
			return
		}
		writeXML(w, queryResponse("sts", req.op,
			el("Credentials", leaf("AccessKeyId", "ASIA"+acct)+leaf("SecretAccessKey", "secret")+leaf("SessionToken", "token")+leaf("Expiration", "2099-01-01T00:00:00Z")),
			el("AssumedRoleUser", leaf("AssumedRoleId", "AROAVPCLINT:"+req.params.Get("RoleSessionName"))+leaf("Arn", "arn:aws:sts::"+acct+":assumed-role/"+nameOf(roleARN)+"/"+req.params.Get("RoleSessionName")))))
	default:
		writeError(w, req, http.StatusBadRequest, "InvalidAction", "Could not find operation "+req.op)
	}
}

const s3NS = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`

func pabXML(p *snapshot.PublicAccessBlock) string {
	return `<PublicAccessBlockConfiguration ` + s3NS + `>` + boolLeaf("BlockPublicAcls", p.BlockPublicACLs) + boolLeaf("IgnorePublicAcls", p.IgnorePublicACLs) +
		boolLeaf("BlockPublicPolicy", p.BlockPublicPolicy) + boolLeaf("RestrictPublicBuckets", p.RestrictPublicBuckets) + `</PublicAccessBlockConfiguration>`
}

// s3 answers path-style S3 REST calls; a virtual-hosted request (bucket in
// the Host) is refused, so tests prove path-style addressing.
func (s *Server) s3(w http.ResponseWriter, req *request) {
	if host := req.r.Host; strings.Count(host, ".") > 3 || strings.HasPrefix(host, "bucket") {
		writeError(w, req, http.StatusBadRequest, "InvalidRequest", "virtual-hosted addressing is not served here: "+host)
		return
	}
	if req.op == "ListObjectsV2" || req.op == "GetObject" {
		s.s3Objects(w, req)
		return
	}
	var mine []snapshot.Bucket
	for _, b := range s.World.Buckets {
		if b.Account == req.account {
			mine = append(mine, b)
		}
	}
	if req.op == "ListBuckets" {
		items := renderAll(mine, func(b snapshot.Bucket) string {
			return "<Bucket>" + leaf("Name", b.Name) + leaf("CreationDate", "2024-01-01T00:00:00.000Z") + leaf("BucketRegion", b.Region) + "</Bucket>"
		})
		pg, next := s.page(items, req.params.Get("continuation-token"), intParam(req.params, "max-buckets"))
		writeXML(w, `<ListAllMyBucketsResult `+s3NS+`>`+el("Owner", leaf("ID", "owner-"+req.account))+el("Buckets", strings.Join(pg, ""))+leaf("ContinuationToken", next)+`</ListAllMyBucketsResult>`)
		return
	}
	name := strings.Trim(req.r.URL.Path, "/")
	i := slices.IndexFunc(mine, func(b snapshot.Bucket) bool { return b.Name == name })
	if i < 0 {
		writeError(w, req, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	b := mine[i]
	switch req.op {
	case "GetBucketPolicy":
		if b.Policy == nil {
			writeError(w, req, http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(b.Policy.Text))
	case "GetPublicAccessBlock":
		if b.PublicAccessBlock == nil {
			writeError(w, req, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
			return
		}
		writeXML(w, pabXML(b.PublicAccessBlock))
	case "GetBucketTagging":
		if len(b.Tags) == 0 {
			writeError(w, req, http.StatusNotFound, "NoSuchTagSet", "The TagSet does not exist")
			return
		}
		keys := make([]string, 0, len(b.Tags))
		for k := range b.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		tags := renderAll(keys, func(k string) string { return el("Tag", leaf("Key", k)+el("Value", esc(b.Tags[k]))) })
		writeXML(w, `<Tagging `+s3NS+`>`+el("TagSet", strings.Join(tags, ""))+`</Tagging>`)
	case "GetBucketAcl":
		writeXML(w, s.bucketACLXML(b))
	case "GetBucketOwnershipControls":
		ownershipControls(w, req, b)
	case "GetBucketLocation":
		loc := b.Region
		if loc == "us-east-1" {
			loc = ""
		}
		writeXML(w, `<LocationConstraint `+s3NS+`>`+esc(loc)+`</LocationConstraint>`)
	default:
		writeError(w, req, http.StatusBadRequest, "NotImplemented", req.op+" is not served")
	}
}

func (s *Server) s3control(w http.ResponseWriter, req *request) {
	acct := req.r.Header.Get("X-Amz-Account-Id")
	for _, a := range s.World.Accounts {
		if a.ID == acct && a.PublicAccessBlock != nil {
			writeXML(w, pabXML(a.PublicAccessBlock))
			return
		}
	}
	writeError(w, req, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
}

// organizations answers ListAccounts in JSON 1.1.
func (s *Server) organizations(w http.ResponseWriter, req *request) {
	if req.op != "ListAccounts" {
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
		return
	}
	var items []string
	for _, a := range s.World.Accounts {
		b, err := json.Marshal(map[string]string{
			"Id": a.ID, "Arn": "arn:aws:organizations::" + s.BaseAccount + ":account/o-vpclint/" + a.ID, "Email": a.ID + "@example.com",
			"Name": cmpOr(a.Alias, a.ID), "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": "CREATED",
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		items = append(items, string(b))
	}
	pg, next := s.page(items, req.params.Get("NextToken"), 20)
	out := `{"Accounts":[` + strings.Join(pg, ",") + `]`
	if next != "" {
		out += `,"NextToken":"` + next + `"`
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_, _ = w.Write([]byte(out + "}"))
}
