package aws

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vpclint/vpclint/snapshot"
)

// Options configure a scan. The zero value scans the default credentials'
// account in the configured region.
type Options struct {
	// Profile is the shared config profile (--profile).
	Profile string
	// Regions to scan; empty means the configured region (AWS_REGION or the
	// profile's), unless AllRegions.
	Regions []string
	// AllRegions scans every region enabled for each account.
	AllRegions bool
	// RoleARN is assumed before scanning (--role-arn).
	RoleARN string
	// OrgRole scans every active account of the organization by assuming
	// arn:<partition>:iam::<account>:role/<OrgRole> in each (--org-role).
	OrgRole string
	// EndpointURL sends every call to this endpoint (LocalStack and the
	// like). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too. With
	// any custom endpoint S3 uses path-style addressing.
	EndpointURL string

	// Credentials replace the default chain (tests); nil uses the chain.
	Credentials aws.CredentialsProvider
	// HTTPClient replaces the SDK's HTTP client (tests).
	HTTPClient aws.HTTPClient

	// Limits override the per-service client-side limits, keyed by
	// service: ec2, iam, s3, s3control, sts, organizations, logs, and the
	// resource-policy services sqs, sns, kms, lambda, ecr, secretsmanager
	// and es (OpenSearch).
	Limits map[string]Limit
	// MaxAttempts per call, retries included (default 8).
	MaxAttempts int
	// MaxBackoff caps the delay between retries (default 20s).
	MaxBackoff time.Duration
	// Timeout bounds the whole scan (default 30m); CallTimeout one HTTP
	// attempt (default 60s).
	Timeout, CallTimeout time.Duration

	// Progress receives one line per finished account/region/service; nil
	// prints nothing.
	Progress io.Writer
	// Tool is recorded in Origin.Tool.
	Tool string
}

// Limit is a client-side limit for one service: a token-bucket rate and
// the number of calls in flight at once.
type Limit struct {
	// Rate is calls per second, Burst the bucket size.
	Rate  float64
	Burst int
	// Concurrency is the number of calls in flight at once.
	Concurrency int
}

// DefaultLimits are polite to shared production accounts. EC2 throttles
// non-mutating calls per account and region with a 100-token bucket
// refilled at 20/s, so the EC2 limit (applied per account and region)
// stays within it; IAM, S3 and the rest are per account. CloudWatch Logs
// allows FilterLogEvents 5 calls a second per account and region. The
// resource-policy services are limited per account and region, well
// under their smallest published control-plane rates (Lambda's 15 calls a
// second for GetPolicy and ListFunctions together).
var DefaultLimits = map[string]Limit{
	"ec2":            {Rate: 20, Burst: 100, Concurrency: 16},
	"iam":            {Rate: 10, Burst: 20, Concurrency: 4},
	"s3":             {Rate: 100, Burst: 100, Concurrency: 32},
	"s3control":      {Rate: 10, Burst: 10, Concurrency: 2},
	"sts":            {Rate: 10, Burst: 10, Concurrency: 4},
	"organizations":  {Rate: 5, Burst: 5, Concurrency: 1},
	"logs":           {Rate: 5, Burst: 5, Concurrency: 1},
	"sqs":            {Rate: 10, Burst: 10, Concurrency: 4},
	"sns":            {Rate: 10, Burst: 10, Concurrency: 4},
	"kms":            {Rate: 10, Burst: 10, Concurrency: 4},
	"lambda":         {Rate: 10, Burst: 10, Concurrency: 4},
	"ecr":            {Rate: 10, Burst: 10, Concurrency: 4},
	"secretsmanager": {Rate: 10, Burst: 10, Concurrency: 4},
	"es":             {Rate: 5, Burst: 5, Concurrency: 2},
}

// Stats summarise a scan for the one-line summary.
type Stats struct {
	Accounts, Regions int
	// Resources is the number of entities read (before normalisation).
	Resources int
	// Operations is the number of API operations invoked; Calls the HTTP
	// attempts (Operations plus Retries).
	Operations, Calls, Retries int
	Gaps                       int
	Duration                   time.Duration
	// ByOperation counts operations by "service:Operation" (service as
	// the SDK's service id, lower case: ec2, iam, s3, s3control, sts,
	// organizations).
	ByOperation map[string]int
}

// Summary is the one-line summary printed at the end of a scan.
func (s *Stats) Summary() string {
	return fmt.Sprintf("scanned %d account(s), %d region(s): %d resources, %d API calls, %d retries, %d gaps in %s",
		s.Accounts, s.Regions, s.Resources, s.Calls, s.Retries, s.Gaps, s.Duration.Round(10*time.Millisecond))
}

// scanner holds the state shared by one scan.
type scanner struct {
	opt      Options
	base     aws.Config
	endpoint string
	counters *counters
	limits   *limiters

	mu   sync.Mutex
	snap *snapshot.Snapshot
	gaps []snapshot.Gap
	prog *progress
}

// Scan reads the accounts and regions opt names into one snapshot,
// normalised. It returns an error only when nothing can be scanned (no
// credentials, no region, the first identity call failing); everything
// else becomes a coverage gap. When ctx is cancelled the snapshot holds
// what was read, with Origin.Incomplete set.
func Scan(ctx context.Context, opt Options) (*snapshot.Snapshot, *Stats, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, cmp.Or(opt.Timeout, 30*time.Minute))
	defer cancel()
	s := &scanner{
		opt:      opt,
		counters: newCounters(),
		limits:   newLimiters(opt.Limits),
		snap:     &snapshot.Snapshot{Schema: snapshot.SchemaV1, Origin: snapshot.Origin{Kind: "live", Tool: opt.Tool}},
		prog:     &progress{w: opt.Progress},
	}
	base, err := s.loadConfig(ctx)
	if err != nil {
		return nil, nil, err
	}
	s.base = base
	s.endpoint = endpointOf(opt.EndpointURL, base)
	s.snap.Origin.Endpoint = s.endpoint

	baseClient := sts.NewFromConfig(base, s.stsOptions("sts"))
	who, err := baseClient.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, nil, fmt.Errorf("scan: who am I (sts:GetCallerIdentity): %w", err)
	}
	partition := partitionOf(aws.ToString(who.Arn))
	targets := []target{{account: aws.ToString(who.Account), cfg: base}}
	switch {
	case opt.OrgRole != "":
		targets, err = s.orgTargets(ctx, base, partition)
		if err != nil {
			return nil, nil, err
		}
	case opt.RoleARN != "":
		targets = []target{{account: accountOfARN(opt.RoleARN), cfg: s.assume(base, opt.RoleARN)}}
	}
	if len(opt.Regions) == 0 && !opt.AllRegions && base.Region == "" {
		return nil, nil, errors.New("scan: no region: give --region, --all-regions, or set AWS_REGION")
	}

	var wg sync.WaitGroup
	sem := make(chan struct{}, 4) // accounts in parallel
	for _, t := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			s.scanAccount(ctx, t, partition)
		})
	}
	wg.Wait()

	snap := s.finish(ctx, targets)
	st := s.counters.stats()
	st.Accounts = len(targets)
	st.Regions = countEnabled(snap.Regions)
	st.Resources = countResources(snap)
	st.Gaps = len(snap.Coverage)
	if err := snap.Normalize(); err != nil {
		return snap, st, fmt.Errorf("scan: the snapshot read does not normalise: %w", err)
	}
	st.Duration = time.Since(start)
	return snap, st, nil
}

// target is one account to scan, with credentials for it.
type target struct {
	account string
	cfg     aws.Config
}

func (s *scanner) loadConfig(ctx context.Context) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = cmp.Or(s.opt.MaxAttempts, 8)
					so.MaxBackoff = cmp.Or(s.opt.MaxBackoff, 20*time.Second)
					so.Backoff = retry.NewExponentialJitterBackoff(so.MaxBackoff)
				})
			})
		}),
	}
	if s.opt.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.opt.Profile))
	}
	if s.opt.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(s.opt.Credentials))
	}
	if s.opt.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(s.opt.EndpointURL))
	}
	if len(s.opt.Regions) > 0 {
		opts = append(opts, config.WithDefaultRegion(s.opt.Regions[0]))
	}
	var hc aws.HTTPClient = awshttp.NewBuildableClient().WithTimeout(cmp.Or(s.opt.CallTimeout, 60*time.Second))
	if s.opt.HTTPClient != nil {
		hc = s.opt.HTTPClient
	}
	opts = append(opts, config.WithHTTPClient(hc))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("scan: load AWS config: %w", err)
	}
	if cfg.Region == "" && s.opt.AllRegions {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

// endpointOf names the custom endpoint a scan used: the flag, else
// AWS_ENDPOINT_URL (or the profile's endpoint_url), else the
// service-specific variables.
func endpointOf(flag string, cfg aws.Config) string {
	if flag != "" {
		return flag
	}
	if cfg.BaseEndpoint != nil {
		return *cfg.BaseEndpoint
	}
	var per []string
	for _, svc := range []string{"EC2", "IAM", "S3", "S3_CONTROL", "STS", "ORGANIZATIONS", "SQS", "SNS", "KMS", "LAMBDA", "ECR", "SECRETS_MANAGER", "OPENSEARCH"} {
		if v := os.Getenv("AWS_ENDPOINT_URL_" + svc); v != "" {
			per = append(per, strings.ToLower(svc)+"="+v)
		}
	}
	return strings.Join(per, " ")
}

func (s *scanner) stsOptions(key string) func(*sts.Options) {
	return func(o *sts.Options) {
		if s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, s.instrument("sts", key))
	}
}

func (s *scanner) assume(base aws.Config, roleARN string) aws.Config {
	cfg := base.Copy()
	client := sts.NewFromConfig(base, s.stsOptions("sts"))
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(client, roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "vpclint-scan"
	}))
	return cfg
}

// orgTargets lists the organization's active accounts and assumes OrgRole
// in each.
func (s *scanner) orgTargets(ctx context.Context, base aws.Config, partition string) ([]target, error) {
	client := organizations.NewFromConfig(base, func(o *organizations.Options) {
		if s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, s.instrument("organizations", "organizations"))
	})
	var out []target
	p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{MaxResults: aws.Int32(20)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("scan: list the organization's accounts (organizations:ListAccounts): %w", err)
		}
		for _, a := range page.Accounts {
			if a.State != "" && a.State != orgtypes.AccountStateActive || a.State == "" && a.Status != orgtypes.AccountStatusActive {
				continue
			}
			id := aws.ToString(a.Id)
			arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, id, s.opt.OrgRole)
			out = append(out, target{account: id, cfg: s.assume(base, arn)})
		}
	}
	slices.SortFunc(out, func(a, b target) int { return cmp.Compare(a.account, b.account) })
	return out, nil
}

// scanAccount reads one account: IAM and S3 once, EC2 and the regional
// services' resource policies per region, all in parallel.
func (s *scanner) scanAccount(ctx context.Context, t target, partition string) {
	acct := t.account
	if s.opt.RoleARN != "" || s.opt.OrgRole != "" {
		// Resolve the assumed credentials' account once, so a role that
		// cannot be assumed is one gap, not one per call.
		client := sts.NewFromConfig(t.cfg, s.stsOptions(acct+"/sts"))
		who, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			s.gap(snapshot.Gap{Account: acct, Service: "sts", Operation: "AssumeRole", Error: errText(err)})
			return
		}
		acct = aws.ToString(who.Account)
	}
	s.add(func(sn *snapshot.Snapshot) {
		sn.Accounts = append(sn.Accounts, snapshot.Account{ID: acct, Source: &snapshot.Source{ARN: "arn:" + partition + ":iam::" + acct + ":root", Account: acct}})
	})
	regions, disabled := s.regions(ctx, t.cfg, acct)
	s.add(func(sn *snapshot.Snapshot) {
		for _, r := range regions {
			sn.Regions = append(sn.Regions, snapshot.Region{ID: acct + "/" + r, Account: acct, Name: r, Enabled: true})
		}
		for _, r := range disabled {
			sn.Regions = append(sn.Regions, snapshot.Region{ID: acct + "/" + r, Account: acct, Name: r})
		}
	})
	a := &account{s: s, id: acct, partition: partition, cfg: t.cfg}
	var wg sync.WaitGroup
	wg.Go(func() { a.scanIAM(ctx) })
	wg.Go(func() { a.scanS3(ctx) })
	for _, r := range regions {
		wg.Go(func() { a.scanEC2(ctx, r) })
		wg.Go(func() { a.scanResourcePolicies(ctx, r) })
	}
	wg.Wait()
}

// regions returns the regions to scan and, with AllRegions, the regions
// not enabled for the account.
func (s *scanner) regions(ctx context.Context, cfg aws.Config, acct string) ([]string, []string) {
	if !s.opt.AllRegions {
		if len(s.opt.Regions) > 0 {
			return s.opt.Regions, nil
		}
		return []string{cfg.Region}, nil
	}
	client := ec2.NewFromConfig(cfg, s.ec2Options(acct, cfg.Region))
	out, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		s.gap(snapshot.Gap{Account: acct, Region: cfg.Region, Service: "ec2", Operation: "DescribeRegions", Error: errText(err)})
		return []string{cfg.Region}, nil
	}
	var on, off []string
	for _, r := range out.Regions {
		switch aws.ToString(r.OptInStatus) {
		case "", "opt-in-not-required", "opted-in":
			on = append(on, aws.ToString(r.RegionName))
		default:
			off = append(off, aws.ToString(r.RegionName))
		}
	}
	slices.Sort(on)
	slices.Sort(off)
	return on, off
}

// add merges entities into the snapshot under the lock.
func (s *scanner) add(f func(*snapshot.Snapshot)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.snap)
}

func (s *scanner) gap(g snapshot.Gap) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gaps = append(s.gaps, g)
}

// finish collapses gaps, deduplicates entities seen from both sides
// (peerings across accounts or regions) and records the inputs.
func (s *scanner) finish(ctx context.Context, targets []target) *snapshot.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.snap
	sn.Coverage = append(collapseGaps(s.gaps), policyGaps(sn)...)
	if ctx.Err() != nil {
		sn.Origin.Incomplete = true
	}
	sn.PeeringConnections = dedupePeerings(sn.PeeringConnections)
	sn.InstanceProfiles = dedupe(sn.InstanceProfiles, func(p snapshot.InstanceProfile) string { return p.ID })
	sn.PrefixLists = dedupe(sn.PrefixLists, func(p snapshot.PrefixList) string { return p.Account + "/" + p.Region + "/" + p.ID })
	var inputs []string
	for _, r := range sn.Regions {
		if r.Enabled {
			inputs = append(inputs, r.ID)
		}
	}
	if len(inputs) == 0 {
		for _, t := range targets {
			inputs = append(inputs, t.account)
		}
	}
	slices.Sort(inputs)
	sn.Origin.Inputs = inputs
	sn.Origin.Captured = time.Now().UTC().Format(time.RFC3339)
	return sn
}

// collapseGaps turns "every EC2 list operation of a region failed" (a
// disabled region, credentials not valid there) into one gap for the
// region, naming the first failure.
func collapseGaps(gaps []snapshot.Gap) []snapshot.Gap {
	type key struct{ account, region string }
	failed := map[key]map[string]snapshot.Gap{}
	for _, g := range gaps {
		if g.Service == "ec2" && g.Region != "" && slices.Contains(ec2ListOperations, g.Operation) {
			k := key{g.Account, g.Region}
			if failed[k] == nil {
				failed[k] = map[string]snapshot.Gap{}
			}
			failed[k][g.Operation] = g
		}
	}
	var out []snapshot.Gap
	for k, ops := range failed {
		if len(ops) == len(ec2ListOperations) {
			first := ops[ec2ListOperations[0]]
			for _, op := range ec2ListOperations {
				if g := ops[op]; !strings.HasPrefix(g.Error, "retries exhausted") {
					first = g
					break
				}
			}
			out = append(out, snapshot.Gap{Account: k.account, Region: k.region, Service: "ec2", Error: "every EC2 operation failed; " + first.Operation + ": " + first.Error})
		}
	}
	for _, g := range gaps {
		if g.Service == "ec2" && len(failed[key{g.Account, g.Region}]) == len(ec2ListOperations) {
			continue
		}
		out = append(out, g)
	}
	slices.SortStableFunc(out, func(a, b snapshot.Gap) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region), cmp.Compare(a.Service, b.Service),
			cmp.Compare(a.Operation, b.Operation), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Error, b.Error))
	})
	return out
}

func dedupe[T any](xs []T, key func(T) string) []T {
	seen := map[string]bool{}
	return slices.DeleteFunc(xs, func(x T) bool {
		k := key(x)
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// dedupePeerings keeps one copy of a peering read from both sides: the
// requester's.
func dedupePeerings(ps []snapshot.PeeringConnection) []snapshot.PeeringConnection {
	isRequesterCopy := func(p snapshot.PeeringConnection) bool {
		return p.Account == p.Requester.AccountID && p.Region == p.Requester.Region
	}
	slices.SortStableFunc(ps, func(a, b snapshot.PeeringConnection) int {
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		ra, rb := isRequesterCopy(a), isRequesterCopy(b)
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region))
	})
	return dedupe(ps, func(p snapshot.PeeringConnection) string { return p.ID })
}

func countEnabled(rs []snapshot.Region) int {
	n := 0
	for _, r := range rs {
		if r.Enabled {
			n++
		}
	}
	return n
}

func countResources(s *snapshot.Snapshot) int {
	return len(s.VPCs) + len(s.Subnets) + len(s.SecurityGroups) + len(s.NetworkACLs) + len(s.RouteTables) +
		len(s.InternetGateways) + len(s.EgressOnlyInternetGateways) + len(s.NATGateways) + len(s.PeeringConnections) +
		len(s.VPCEndpoints) + len(s.PrefixLists) + len(s.NetworkInterfaces) + len(s.Instances) + len(s.InstanceProfiles) +
		len(s.Roles) + len(s.Users) + len(s.Groups) + len(s.Policies) + len(s.IdentityProviders) + len(s.Buckets) + len(s.FlowLogs) +
		len(s.ResourcePolicies)
}

// partitionOf reads the partition from an ARN ("aws" when unknown).
func partitionOf(arn string) string {
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

func accountOfARN(arn string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		return parts[4]
	}
	return ""
}
