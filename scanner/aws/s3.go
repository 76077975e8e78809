package aws

import (
	"cmp"
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// "Not configured" answers: absence, not a failure to read.
var absentCodes = map[string]bool{
	"NoSuchBucketPolicy":                     true,
	"NoSuchPublicAccessBlockConfiguration":   true,
	"NoSuchTagSet":                           true,
	"NoSuchPublicAccessBlockConfigurationV2": true,
	"OwnershipControlsNotFoundError":         true,
}

type bucketRead struct {
	name, region string
	policy       *string
	pab          *s3types.PublicAccessBlockConfiguration
	tags         []s3types.Tag
	acl          *s3.GetBucketAclOutput
	ownership    string
}

// scanS3 lists the buckets, then reads each bucket's policy, public access
// block, ACL, Object Ownership and tags in parallel (under the S3 limit), and the account-level
// public access block.
func (a *account) scanS3(ctx context.Context) {
	c := a.s.s3Client(a.cfg, a.id)
	var mu sync.Mutex
	gaps := 0
	gap := func(op, resource string, err error) {
		mu.Lock()
		gaps++
		mu.Unlock()
		a.s.gap(snapshot.Gap{Account: a.id, Service: "s3", Operation: op, Resource: resource, Error: errText(err)})
	}
	var wg sync.WaitGroup
	var accountPAB *s3types.PublicAccessBlockConfiguration
	wg.Go(func() {
		accountPAB = a.accountPublicAccessBlock(ctx, func(err error) { gap("GetPublicAccessBlock", "account", err) })
	})

	var buckets []*bucketRead
	p := s3.NewListBucketsPaginator(c, &s3.ListBucketsInput{MaxBuckets: aws.Int32(10000)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			gap("ListBuckets", "", err)
			break
		}
		for _, b := range out.Buckets {
			buckets = append(buckets, &bucketRead{name: str(b.Name), region: str(b.BucketRegion)})
		}
	}
	for _, b := range buckets {
		wg.Go(func() { a.readBucket(ctx, c, b, &wg, gap) })
	}
	wg.Wait()

	n := 0
	a.s.add(func(sn *snapshot.Snapshot) {
		for i := range sn.Accounts {
			if sn.Accounts[i].ID == a.id {
				sn.Accounts[i].PublicAccessBlock = pab(accountPAB)
			}
		}
		for _, b := range buckets {
			arn := "arn:" + a.partition + ":s3:::" + b.name
			out := snapshot.Bucket{
				ID: b.name, Name: b.name, ARN: arn, PublicAccessBlock: pab(b.pab),
				Meta: snapshot.Meta{Account: a.id, Region: b.region, Source: &snapshot.Source{ARN: arn, Account: a.id, Region: b.region}},
			}
			if len(b.tags) > 0 {
				out.Tags = map[string]string{}
				for _, t := range b.tags {
					out.Tags[str(t.Key)] = str(t.Value)
				}
			}
			if b.policy != nil && *b.policy != "" {
				d := iampolicy.Parse(*b.policy)
				out.Policy = &d
			}
			out.ACL, out.ObjectOwnership = bucketACL(b.acl), b.ownership
			sn.Buckets = append(sn.Buckets, out)
			n++
		}
	})
	a.s.prog.done(a.id, "", "s3", n, gaps)
}

// s3Client is an S3 client for cfg's account (acct keys its limit).
func (s *scanner) s3Client(cfg aws.Config, acct string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.opt.EndpointURL)
		}
		// Emulators serve buckets at path-style URLs; virtual-hosted
		// names would need wildcard DNS for the custom host.
		o.UsePathStyle = o.UsePathStyle || o.BaseEndpoint != nil
		o.APIOptions = append(o.APIOptions, s.instrument("s3", acct))
	})
}

// bucketRegion is the region a GetBucketLocation answer names: empty is
// us-east-1 and the legacy "EU" is eu-west-1.
func bucketRegion(loc s3types.BucketLocationConstraint) string {
	if loc == "EU" {
		return "eu-west-1"
	}
	return cmp.Or(string(loc), "us-east-1")
}

// readBucket reads one bucket's region (only when ListBuckets did not
// give it), then its policy, public access block, ACL, Object Ownership
// and tags in parallel.
func (a *account) readBucket(ctx context.Context, c *s3.Client, b *bucketRead, wg *sync.WaitGroup, gap func(string, string, error)) {
	if b.region == "" {
		out, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(b.name)})
		if err != nil {
			gap("GetBucketLocation", b.name, err)
		} else {
			b.region = bucketRegion(out.LocationConstraint)
		}
	}
	// Per-bucket calls go to the bucket's region (S3 redirects otherwise).
	region := b.region
	inRegion := func(o *s3.Options) {
		if region != "" {
			o.Region = region
		}
	}
	wg.Go(func() {
		out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(b.name)}, inRegion)
		switch {
		case err == nil:
			b.policy = out.Policy
		case !absentCodes[errorCode(err)]:
			gap("GetBucketPolicy", b.name, err)
		}
	})
	wg.Go(func() {
		out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(b.name)}, inRegion)
		switch {
		case err == nil:
			b.pab = out.PublicAccessBlockConfiguration
		case !absentCodes[errorCode(err)]:
			gap("GetPublicAccessBlock", b.name, err)
		}
	})
	wg.Go(func() {
		out, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: aws.String(b.name)}, inRegion)
		if err != nil {
			gap("GetBucketAcl", b.name, err)
			return
		}
		b.acl = out
	})
	wg.Go(func() {
		out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(b.name)}, inRegion)
		switch {
		case err == nil && out.OwnershipControls != nil:
			for _, r := range out.OwnershipControls.Rules {
				b.ownership = string(r.ObjectOwnership)
			}
		case err != nil && !absentCodes[errorCode(err)]:
			gap("GetBucketOwnershipControls", b.name, err)
		}
	})
	wg.Go(func() {
		out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b.name)}, inRegion)
		switch {
		case err == nil:
			b.tags = out.TagSet
		case !absentCodes[errorCode(err)]:
			gap("GetBucketTagging", b.name, err)
		}
	})
}

func pab(c *s3types.PublicAccessBlockConfiguration) *snapshot.PublicAccessBlock {
	if c == nil {
		return nil
	}
	return &snapshot.PublicAccessBlock{
		BlockPublicACLs: boolv(c.BlockPublicAcls), IgnorePublicACLs: boolv(c.IgnorePublicAcls),
		BlockPublicPolicy: boolv(c.BlockPublicPolicy), RestrictPublicBuckets: boolv(c.RestrictPublicBuckets),
	}
}

// accountPublicAccessBlock reads the account-level S3 Block Public Access
// setting through S3 Control.
func (a *account) accountPublicAccessBlock(ctx context.Context, onErr func(error)) *s3types.PublicAccessBlockConfiguration {
	c := s3control.NewFromConfig(a.cfg, func(o *s3control.Options) {
		if a.s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(a.s.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, a.s.instrument("s3control", a.id))
		if o.BaseEndpoint != nil {
			o.APIOptions = append(o.APIOptions, stripAccountHost(a.id))
		}
	})
	out, err := c.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(a.id)})
	if err != nil {
		if !absentCodes[errorCode(err)] {
			onErr(err)
		}
		return nil
	}
	if p := out.PublicAccessBlockConfiguration; p != nil {
		return &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
			BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets,
		}
	}
	return nil
}

// stripAccountHost undoes S3 Control's "{AccountId}." host prefix on a
// custom endpoint: emulators answer on the endpoint's own host (the
// account travels in the x-amz-account-id header as well), and an IP
// address or localhost cannot take a DNS label in front.
func stripAccountHost(acct string) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Finalize.Insert(middleware.FinalizeMiddlewareFunc("vpclintS3ControlHost", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				req.URL.Host = strings.TrimPrefix(req.URL.Host, acct+".")
				req.Host = ""
				if u, err := url.Parse(req.URL.String()); err == nil {
					req.URL = u
				}
			}
			return next.HandleFinalize(ctx, in)
		}), "ResolveEndpointV2", middleware.After)
	}
}

// bucketACL converts a GetBucketAcl answer, leaving out the owner's own
// grants. S3 answers with the ACL it enforces: none of the public grants
// that IgnorePublicAcls ignores, only the owner's when ACLs are disabled.
func bucketACL(out *s3.GetBucketAclOutput) *snapshot.BucketACL {
	if out == nil {
		return nil
	}
	owner := ""
	if out.Owner != nil {
		owner = str(out.Owner.ID)
	}
	acl := &snapshot.BucketACL{Grants: []snapshot.ACLGrant{}}
	for _, g := range out.Grants {
		if g.Grantee == nil {
			continue
		}
		gr := snapshot.ACLGrant{
			GranteeType: string(g.Grantee.Type), URI: str(g.Grantee.URI), ID: str(g.Grantee.ID),
			Email: str(g.Grantee.EmailAddress), DisplayName: str(g.Grantee.DisplayName), Permission: string(g.Permission),
		}
		if gr.GranteeType == "" {
			gr.GranteeType = granteeType(gr)
		}
		if gr.GranteeType == "CanonicalUser" && gr.ID == owner {
			continue
		}
		acl.Grants = append(acl.Grants, gr)
	}
	return acl
}

// granteeType tells a grantee's type from the field it carries: the type
// travels in an xsi:type attribute that some SDKs and endpoints drop.
func granteeType(g snapshot.ACLGrant) string {
	switch {
	case g.URI != "":
		return "Group"
	case g.Email != "":
		return "AmazonCustomerByEmail"
	}
	return "CanonicalUser"
}
