package aws

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// iamRead is what IAM returned for one account.
type iamRead struct {
	roles    []iamtypes.RoleDetail
	users    []iamtypes.UserDetail
	groups   []iamtypes.GroupDetail
	policies []iamtypes.ManagedPolicyDetail
	aliases  []string
	oidc     []string
	oidcInfo map[string]*iam.GetOpenIDConnectProviderOutput
	saml     []iamtypes.SAMLProviderListEntry
}

// scanIAM reads roles, customer managed policies and instance profiles in
// one paginated GetAccountAuthorizationDetails, plus the identity
// providers and the account alias.
func (a *account) scanIAM(ctx context.Context) {
	c := iam.NewFromConfig(a.cfg, func(o *iam.Options) {
		if a.s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(a.s.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, a.s.instrument("iam", a.id))
	})
	var d iamRead
	d.oidcInfo = map[string]*iam.GetOpenIDConnectProviderOutput{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	gaps := 0
	call := func(op, resource string, f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				mu.Lock()
				gaps++
				mu.Unlock()
				a.s.gap(snapshot.Gap{Account: a.id, Service: "iam", Operation: op, Resource: resource, Error: errText(err)})
			}
		})
	}
	call("GetAccountAuthorizationDetails", "", func() error {
		p := iam.NewGetAccountAuthorizationDetailsPaginator(c, &iam.GetAccountAuthorizationDetailsInput{
			Filter: []iamtypes.EntityType{
				iamtypes.EntityTypeRole, iamtypes.EntityTypeUser, iamtypes.EntityTypeGroup, iamtypes.EntityTypeLocalManagedPolicy,
			},
			MaxItems: aws.Int32(1000),
		})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			d.roles = append(d.roles, out.RoleDetailList...)
			d.users = append(d.users, out.UserDetailList...)
			d.groups = append(d.groups, out.GroupDetailList...)
			d.policies = append(d.policies, out.Policies...)
		}
		return nil
	})
	call("ListAccountAliases", "", func() error {
		out, err := c.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
		if err == nil {
			d.aliases = out.AccountAliases
		}
		return err
	})
	call("ListSAMLProviders", "", func() error {
		out, err := c.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
		if err == nil {
			d.saml = out.SAMLProviderList
		}
		return err
	})
	call("ListOpenIDConnectProviders", "", func() error {
		out, err := c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
		if err != nil {
			return err
		}
		for _, p := range out.OpenIDConnectProviderList {
			arn := str(p.Arn)
			d.oidc = append(d.oidc, arn)
			call("GetOpenIDConnectProvider", arn, func() error {
				info, err := c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(arn)})
				if err == nil {
					mu.Lock()
					d.oidcInfo[arn] = info
					mu.Unlock()
				}
				return err
			})
		}
		return nil
	})
	wg.Wait()
	n := 0
	a.s.add(func(sn *snapshot.Snapshot) { n = a.addIAM(sn, &d) })
	a.s.prog.done(a.id, "", "iam", n, gaps)
}

func iamTag(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value }

func (a *account) iamMeta(arn string, tags []iamtypes.Tag) snapshot.Meta {
	return snapshot.Meta{Account: a.id, Tags: tagMap(tags, iamTag), Source: &snapshot.Source{ARN: arn, Account: a.id}}
}

// addIAM maps what IAM returned. Policy documents arrive URL-encoded
// (RFC 3986); iampolicy.Parse decodes them and keeps the text.
func (a *account) addIAM(sn *snapshot.Snapshot, d *iamRead) int {
	before := countResources(sn)
	firstRole := len(sn.Roles)
	profiles := instanceProfiles{index: map[string]int{}}
	for i := range sn.Accounts {
		if sn.Accounts[i].ID == a.id && len(d.aliases) > 0 {
			sn.Accounts[i].Alias = d.aliases[0]
		}
	}
	for _, r := range d.roles {
		arn := str(r.Arn)
		role := snapshot.Role{
			ID: arn, Meta: a.iamMeta(arn, r.Tags), Name: str(r.RoleName), ARN: arn, UniqueID: str(r.RoleId), Path: str(r.Path),
			TrustPolicy:   iampolicy.Parse(str(r.AssumeRolePolicyDocument)),
			ServiceLinked: strings.HasPrefix(str(r.Path), "/aws-service-role/"),
		}
		if b := r.PermissionsBoundary; b != nil {
			role.PermissionsBoundaryARN = str(b.PermissionsBoundaryArn)
		}
		role.InlinePolicies = inlinePolicies(r.RolePolicyList)
		role.AttachedPolicyARNs = attachedARNs(r.AttachedManagedPolicies)
		for _, ip := range r.InstanceProfileList {
			profiles.add(a, ip)
		}
		sn.Roles = append(sn.Roles, role)
	}
	profiles.link(sn, firstRole)
	a.addIdentities(sn, d)
	for _, p := range d.policies {
		arn := str(p.Arn)
		mp := snapshot.ManagedPolicy{
			ID: arn, Meta: a.iamMeta(arn, nil), Name: str(p.PolicyName), ARN: arn,
			AWSManaged: strings.HasPrefix(arn, "arn:"+a.partition+":iam::aws:"), AttachmentCount: i32(p.AttachmentCount),
		}
		for _, v := range p.PolicyVersionList {
			if v.IsDefaultVersion || str(v.VersionId) == str(p.DefaultVersionId) {
				mp.Document = iampolicy.Parse(str(v.Document))
				break
			}
		}
		sn.Policies = append(sn.Policies, mp)
	}
	for _, arn := range d.oidc {
		idp := snapshot.IdentityProvider{ID: arn, Type: "oidc", Meta: a.iamMeta(arn, nil)}
		if info := d.oidcInfo[arn]; info != nil {
			idp.Tags = tagMap(info.Tags, iamTag)
			idp.URL, idp.ClientIDs, idp.Thumbprints = str(info.Url), info.ClientIDList, info.ThumbprintList
		} else if _, host, ok := strings.Cut(arn, ":oidc-provider/"); ok {
			idp.URL = host
		}
		sn.IdentityProviders = append(sn.IdentityProviders, idp)
	}
	for _, p := range d.saml {
		arn := str(p.Arn)
		sn.IdentityProviders = append(sn.IdentityProviders, snapshot.IdentityProvider{ID: arn, Type: "saml", Meta: a.iamMeta(arn, nil)})
	}
	return countResources(sn) - before
}

// instanceProfiles collects the instance profiles listed under roles, each
// once. A profile's own role list decides which role it carries: an
// endpoint may list a profile under a role its list does not name, and
// trusting the listing would give instances a role they do not have.
type instanceProfiles struct {
	list  []snapshot.InstanceProfile
	index map[string]int
}

func (p *instanceProfiles) add(a *account, ip iamtypes.InstanceProfile) {
	arn := str(ip.Arn)
	i, ok := p.index[arn]
	if !ok {
		i = len(p.list)
		p.index[arn] = i
		p.list = append(p.list, snapshot.InstanceProfile{ID: arn, Meta: a.iamMeta(arn, ip.Tags), Name: str(ip.InstanceProfileName), ARN: arn})
	}
	for _, r := range ip.Roles {
		if id := str(r.Arn); !slices.Contains(p.list[i].RoleIDs, id) {
			p.list[i].RoleIDs = append(p.list[i].RoleIDs, id)
		}
	}
}

// link appends the profiles and names each on the roles (from firstRole
// on) that its role list holds.
func (p *instanceProfiles) link(sn *snapshot.Snapshot, firstRole int) {
	for _, prof := range p.list {
		for i := range sn.Roles[firstRole:] {
			role := &sn.Roles[firstRole+i]
			if slices.Contains(prof.RoleIDs, role.ID) {
				role.InstanceProfileIDs = append(role.InstanceProfileIDs, prof.ID)
			}
		}
	}
	sn.InstanceProfiles = append(sn.InstanceProfiles, p.list...)
}

// addIdentities maps IAM users and groups; a user's groups arrive as
// names and become the groups' ids (ARNs).
func (a *account) addIdentities(sn *snapshot.Snapshot, d *iamRead) {
	groupARN := map[string]string{}
	for _, g := range d.groups {
		arn := str(g.Arn)
		groupARN[str(g.GroupName)] = arn
		grp := snapshot.Group{ID: arn, Meta: a.iamMeta(arn, nil), Name: str(g.GroupName), ARN: arn, UniqueID: str(g.GroupId), Path: str(g.Path)}
		grp.InlinePolicies = inlinePolicies(g.GroupPolicyList)
		grp.AttachedPolicyARNs = attachedARNs(g.AttachedManagedPolicies)
		sn.Groups = append(sn.Groups, grp)
	}
	for _, u := range d.users {
		arn := str(u.Arn)
		usr := snapshot.User{ID: arn, Meta: a.iamMeta(arn, u.Tags), Name: str(u.UserName), ARN: arn, UniqueID: str(u.UserId), Path: str(u.Path)}
		if b := u.PermissionsBoundary; b != nil {
			usr.PermissionsBoundaryARN = str(b.PermissionsBoundaryArn)
		}
		usr.InlinePolicies = inlinePolicies(u.UserPolicyList)
		usr.AttachedPolicyARNs = attachedARNs(u.AttachedManagedPolicies)
		for _, name := range u.GroupList {
			usr.GroupIDs = append(usr.GroupIDs, cmp.Or(groupARN[name], "arn:"+a.partition+":iam::"+a.id+":group/"+name))
		}
		sn.Users = append(sn.Users, usr)
	}
}

// inlinePolicies are a role's, group's or user's inline policies as
// GetAccountAuthorizationDetails lists them.
func inlinePolicies(list []iamtypes.PolicyDetail) []snapshot.InlinePolicy {
	var out []snapshot.InlinePolicy
	for _, p := range list {
		out = append(out, snapshot.InlinePolicy{Name: str(p.PolicyName), Document: iampolicy.Parse(str(p.PolicyDocument))})
	}
	return out
}

// attachedARNs are the ARNs of the managed policies attached to a role,
// group or user.
func attachedARNs(list []iamtypes.AttachedPolicy) []string {
	var out []string
	for _, p := range list {
		out = append(out, str(p.PolicyArn))
	}
	return out
}
