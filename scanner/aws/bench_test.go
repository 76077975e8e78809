package aws_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/internal/gen"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// benchParams is a generated account of about 20,000 resources in 4
// regions (one account, so every call is in the critical-path formula).
var benchParams = gen.Params{
	Seed: 1, Accounts: 1, Regions: 4,
	VPCs: 40, Subnets: 800, SecurityGroups: 4000, SGRules: 30000,
	ENIs: 8000, Instances: 4000, NACLs: 200, NACLEntries: 4000, RouteTables: 400,
	Roles: 1500, Buckets: 500, Peerings: 10, Endpoints: 40,
}

// BenchmarkScan scans the generated account through the local server with
// injected latency per call (VPCLINT_BENCH_LATENCY, default 50ms) and
// reports the calls made against the minimum for the account and the wall
// time against the critical-path bound (see BENCHMARKS.md for both
// formulas).
func BenchmarkScan(b *testing.B) {
	latency := 50 * time.Millisecond
	if v := os.Getenv("VPCLINT_BENCH_LATENCY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		latency = d
	}
	world := gen.Generate(benchParams)
	acct := world.Accounts[0].ID
	for i := range world.PrefixLists { // AWS-managed lists: served in the account's regions
		if world.PrefixLists[i].Account == "" {
			world.PrefixLists[i].Account = acct
		}
	}
	var regions []string
	for _, r := range world.Regions {
		regions = append(regions, r.Name)
	}
	addResourcePolicies(world, acct, regions, 50)
	isolateB(b)
	srv := awstest.New(world)
	defer srv.Close()
	srv.Latency = latency
	opt := scanaws.Options{
		EndpointURL: srv.URL, Credentials: staticCreds(), Regions: regions, Timeout: 10 * time.Minute,
	}
	minCalls, bound := minimum(world, regions, latency)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		snap, st, err := scanaws.Scan(context.Background(), opt)
		wall := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(readGaps(snap.Coverage)) != 0 {
			b.Fatalf("gaps: %+v", snap.Coverage)
		}
		b.ReportMetric(float64(st.Resources), "resources")
		b.ReportMetric(float64(st.Operations), "calls")
		b.ReportMetric(float64(minCalls), "min-calls")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "wall/bound")
	}
}

func ceilDiv(n, d int) int { return max(1, (n+d-1)/d) }

// minimum computes, from the account's contents, the fewest calls that
// read it (the formula in doc.go and BENCHMARKS.md) and the critical-path
// bound on wall time at the default limits.
func minimum(w *snapshot.Snapshot, regions []string, lat time.Duration) (int, time.Duration) {
	lim := scanaws.DefaultLimits
	total := 1 // sts:GetCallerIdentity
	lane := time.Duration(0)
	for _, r := range regions {
		in := func(m snapshot.Meta) bool { return m.Region == r }
		var rules int
		referenced := map[string]bool{}
		for _, g := range w.SecurityGroups {
			if in(g.Meta) {
				rules += len(g.Ingress) + len(g.Egress)
				for _, x := range slices.Concat(g.Ingress, g.Egress) {
					if x.PrefixListID != "" {
						referenced[x.PrefixListID] = true
					}
				}
			}
		}
		for _, t := range w.RouteTables {
			for _, x := range t.Routes {
				if in(t.Meta) && x.DestinationPrefixListID != "" {
					referenced[x.DestinationPrefixListID] = true
				}
			}
		}
		dnsVPCs := map[string]bool{}
		for _, e := range w.VPCEndpoints {
			if in(e.Meta) && e.Type == "Interface" && e.PrivateDNSEnabled {
				dnsVPCs[e.VPCID] = true
			}
		}
		pages := []int{
			ceilDiv(countIn(w.VPCs, in, func(x snapshot.VPC) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.Subnets, in, func(x snapshot.Subnet) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.SecurityGroups, in, func(x snapshot.SecurityGroup) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(rules, 1000),
			ceilDiv(countIn(w.NetworkACLs, in, func(x snapshot.NetworkACL) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.RouteTables, in, func(x snapshot.RouteTable) snapshot.Meta { return x.Meta }), 100),
			ceilDiv(countIn(w.InternetGateways, in, func(x snapshot.InternetGateway) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.EgressOnlyInternetGateways, in, func(x snapshot.EgressOnlyInternetGateway) snapshot.Meta { return x.Meta }), 255),
			ceilDiv(countIn(w.NATGateways, in, func(x snapshot.NATGateway) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countPeerings(w.PeeringConnections, r), 1000),
			ceilDiv(countIn(w.VPCEndpoints, in, func(x snapshot.VPCEndpoint) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.PrefixLists, in, func(x snapshot.PrefixList) snapshot.Meta { return x.Meta }), 100),
			ceilDiv(countIn(w.NetworkInterfaces, in, func(x snapshot.NetworkInterface) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.Instances, in, func(x snapshot.Instance) snapshot.Meta { return x.Meta }), 1000),
			ceilDiv(countIn(w.FlowLogs, in, func(x snapshot.FlowLog) snapshot.Meta { return x.Meta }), 1000),
		}
		calls, depth := 0, 0
		for _, p := range pages {
			calls += p
			depth = max(depth, p)
		}
		second := 0
		for _, pl := range w.PrefixLists {
			if in(pl.Meta) && referenced[pl.ID] {
				calls += ceilDiv(len(pl.Entries), 100)
				second = max(second, ceilDiv(len(pl.Entries), 100))
			}
		}
		calls += 2 * len(dnsVPCs)
		if len(dnsVPCs) > 0 {
			second = max(second, 1)
		}
		total += calls
		lane = max(lane, laneTime(depth+second, calls, lim["ec2"], lat))
		for svc, n := range resourcePolicyCalls(w, in) {
			total += n
			lane = max(lane, laneTime(2, n, lim[svc], lat))
		}
	}
	// IAM: GAAD pages in sequence; OIDC list then one get per provider.
	roles, oidc := 0, 0
	for _, r := range w.Roles {
		if r.Account == w.Accounts[0].ID {
			roles++
		}
	}
	pols := len(w.Policies)
	for _, p := range w.IdentityProviders {
		if p.Type == "oidc" {
			oidc++
		}
	}
	gaad := ceilDiv(roles+pols, 1000)
	iamCalls := gaad + 3 + oidc
	total += iamCalls
	depth := max(gaad, 1+min(oidc, 1))
	lane = max(lane, laneTime(depth, iamCalls, lim["iam"], lat))
	// S3: list, then three reads per bucket in parallel; S3 Control alongside.
	buckets := len(w.Buckets)
	s3Calls := ceilDiv(buckets, 10000) + 5*buckets
	total += s3Calls + 1
	lane = max(lane, laneTime(ceilDiv(buckets, 10000)+1, s3Calls, lim["s3"], lat))
	return total, lat + lane // + sts:GetCallerIdentity first
}

// laneTime is the least time one limiter lane needs: its dependent chain,
// its calls through the in-flight cap, and its calls through the rate
// limit beyond the initial burst.
func laneTime(depth, calls int, l scanaws.Limit, lat time.Duration) time.Duration {
	chain := time.Duration(depth) * lat
	waves := time.Duration(ceilDiv(calls, l.Concurrency)) * lat
	rated := time.Duration(float64(max(0, calls-l.Burst)) / l.Rate * float64(time.Second))
	return max(chain, waves, rated)
}

// rpPage is each resource-policy service's largest list page (doc.go).
var rpPage = map[string]int{"sqs": 1000, "sns": 100, "kms": 1000, "lambda": 50, "ecr": 1000, "secretsmanager": 100}

// resourcePolicyCalls counts, per service, the fewest calls that read a
// region's resource policies: the list pages, then one get per resource
// (OpenSearch: one list and one DescribeDomains per five domains).
func resourcePolicyCalls(w *snapshot.Snapshot, in func(snapshot.Meta) bool) map[string]int {
	n := map[string]int{}
	for _, p := range w.ResourcePolicies {
		if in(p.Meta) {
			n[p.Service]++
		}
	}
	out := map[string]int{"es": 1 + (n["es"]+4)/5}
	for svc, page := range rpPage {
		out[svc] = ceilDiv(n[svc], page) + n[svc]
	}
	return out
}

// addResourcePolicies gives the account perService resources with a
// policy of each resource-policy service in each region.
func addResourcePolicies(w *snapshot.Snapshot, acct string, regions []string, perService int) {
	kinds := map[string]string{"sqs": "queue", "sns": "topic", "kms": "key", "lambda": "function", "ecr": "repository", "secretsmanager": "secret", "es": "domain"}
	for _, r := range regions {
		for svc, typ := range kinds {
			for i := range perService {
				name := fmt.Sprintf("%s-%d", typ, i)
				arn := fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", svc, r, acct, typ, name)
				w.ResourcePolicies = append(w.ResourcePolicies, snapshot.ResourcePolicy{
					ID: arn, ARN: arn, Meta: snapshot.Meta{Account: acct, Region: r}, Service: svc, ResourceType: typ, Name: name,
					Policy: iampolicy.Parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"*","Resource":"*"}]}`),
				})
			}
		}
	}
}

func countIn[T any](xs []T, in func(snapshot.Meta) bool, meta func(T) snapshot.Meta) int {
	n := 0
	for _, x := range xs {
		if in(meta(x)) {
			n++
		}
	}
	return n
}

func countPeerings(ps []snapshot.PeeringConnection, region string) int {
	n := 0
	for _, p := range ps {
		if p.Region == region || p.Requester.Region == region || p.Accepter.Region == region {
			n++
		}
	}
	return n
}

func isolateB(b *testing.B) {
	b.Helper()
	dir := b.TempDir()
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": dir + "/config", "AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials", "AWS_PROFILE": "",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "", "AWS_CA_BUNDLE": "", "AWS_REGION": "",
	} {
		b.Setenv(k, v)
	}
}
