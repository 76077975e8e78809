package aws

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// rpItem is one resource that may carry a resource policy. policy is set
// when the list call already returned it (OpenSearch), so no get follows.
type rpItem struct {
	name, arn string
	policy    *string
}

// rpService reads one service's resource policies in a region: list the
// resources (reporting its own failures through gap), then one get per
// resource. get answers "" for a resource without a policy.
type rpService struct {
	service, rtype, getOp string
	// absent are the error codes of a get that mean "no policy" or "the
	// resource went away since the list": absence, not a failure to read.
	absent map[string]bool
	open   func(aws.Config) rpReader
}

// rpReader reads one service in one account and region.
type rpReader interface {
	list(ctx context.Context, gap func(op, resource string, err error)) []rpItem
	// get answers the resource's policy ("" when it has none) and its ARN
	// when the list did not give it.
	get(ctx context.Context, it rpItem) (policy, arn string, err error)
}

// rpServices are the services whose resource policies the scan reads
// (issue #12 item 3), in the snapshot's service names.
var rpServices = []rpService{
	{
		service: "sqs", rtype: "queue", getOp: "GetQueueAttributes",
		absent: codes("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
		open:   func(c aws.Config) rpReader { return queues{sqs.NewFromConfig(c)} },
	},
	{
		service: "sns", rtype: "topic", getOp: "GetTopicAttributes", absent: codes("NotFound"),
		open: func(c aws.Config) rpReader { return topics{sns.NewFromConfig(c)} },
	},
	{
		service: "kms", rtype: "key", getOp: "GetKeyPolicy", absent: codes("NotFoundException"),
		open: func(c aws.Config) rpReader { return keys{kms.NewFromConfig(c)} },
	},
	{
		service: "lambda", rtype: "function", getOp: "GetPolicy", absent: codes("ResourceNotFoundException"),
		open: func(c aws.Config) rpReader { return functions{lambda.NewFromConfig(c)} },
	},
	{
		service: "ecr", rtype: "repository", getOp: "GetRepositoryPolicy",
		absent: codes("RepositoryPolicyNotFoundException", "RepositoryNotFoundException"),
		open:   func(c aws.Config) rpReader { return repositories{ecr.NewFromConfig(c)} },
	},
	{
		service: "secretsmanager", rtype: "secret", getOp: "GetResourcePolicy", absent: codes("ResourceNotFoundException"),
		open: func(c aws.Config) rpReader { return secrets{secretsmanager.NewFromConfig(c)} },
	},
	{service: "es", rtype: "domain", open: func(c aws.Config) rpReader { return domains{opensearch.NewFromConfig(c)} }},
}

func codes(cs ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range cs {
		m[c] = true
	}
	return m
}

// scanResourcePolicies reads the region's resource policies, every
// service in parallel and each resource's get under the service's limit.
// Only resources with a policy become entities, as in Terraform.
func (a *account) scanResourcePolicies(ctx context.Context, region string) {
	var mu sync.Mutex
	var out []snapshot.ResourcePolicy
	gaps := 0
	var wg sync.WaitGroup
	for _, svc := range rpServices {
		wg.Go(func() {
			r := svc.open(a.regionalConfig(svc.service, region))
			gap := func(op, resource string, err error) {
				mu.Lock()
				gaps++
				mu.Unlock()
				a.s.gap(snapshot.Gap{Account: a.id, Region: region, Service: svc.service, Operation: op, Resource: resource, Error: errText(err)})
			}
			got := a.readPolicies(ctx, svc, r, region, gap)
			mu.Lock()
			out = append(out, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	a.s.add(func(sn *snapshot.Snapshot) { sn.ResourcePolicies = append(sn.ResourcePolicies, out...) })
	a.s.prog.done(a.id, region, "policies", len(out), gaps)
}

// readPolicies lists one service's resources and reads each one's policy.
func (a *account) readPolicies(ctx context.Context, svc rpService, r rpReader, region string, gap func(op, resource string, err error)) []snapshot.ResourcePolicy {
	items := r.list(ctx, gap)
	var wg sync.WaitGroup
	for i := range items {
		it := &items[i]
		if it.policy != nil {
			continue
		}
		wg.Go(func() {
			text, arn, err := r.get(ctx, *it)
			switch {
			case err != nil && !svc.absent[errorCode(err)]:
				gap(svc.getOp, it.arn, err)
			case err == nil:
				it.policy = &text
				it.arn = cmp.Or(arn, it.arn)
			}
		})
	}
	wg.Wait()
	var out []snapshot.ResourcePolicy
	for _, it := range items {
		if it.policy == nil || *it.policy == "" {
			continue
		}
		src := &snapshot.Source{ARN: it.arn, Account: a.id, Region: region}
		out = append(out, snapshot.ResourcePolicy{
			ID: it.arn, Meta: snapshot.Meta{Account: a.id, Region: region, Source: src},
			Service: svc.service, ResourceType: svc.rtype, Name: it.name, ARN: it.arn, Policy: iampolicy.Parse(*it.policy),
		})
	}
	return out
}

// regionalConfig is the account's configuration for one regional service:
// the region, the custom endpoint and vpclint's limit for the service in
// this account and region.
func (a *account) regionalConfig(service, region string) aws.Config {
	cfg := a.cfg.Copy()
	cfg.Region = region
	if a.s.opt.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(a.s.opt.EndpointURL)
	}
	cfg.APIOptions = append(slices.Clone(cfg.APIOptions), a.s.instrument(service, a.id+"/"+region))
	return cfg
}

type (
	queues       struct{ c *sqs.Client }
	topics       struct{ c *sns.Client }
	keys         struct{ c *kms.Client }
	functions    struct{ c *lambda.Client }
	repositories struct{ c *ecr.Client }
	secrets      struct{ c *secretsmanager.Client }
	domains      struct{ c *opensearch.Client }
)

// lastSegment is the name at the end of a URL or ARN path.
func lastSegment(s string) string { return s[strings.LastIndexAny(s, "/:")+1:] }

func (r queues) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, sqs.NewListQueuesPaginator(r.c, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)}), func(page *sqs.ListQueuesOutput) {
		for _, u := range page.QueueUrls {
			out = append(out, rpItem{name: lastSegment(u), arn: u})
		}
	})
	if err != nil {
		gap("ListQueues", "", err)
	}
	return out
}

// getQueuePolicy reads a queue's policy and ARN; the list gave only its
// URL (kept as the resource name of a gap).
func (r queues) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(it.arn),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy, sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", "", err
	}
	return out.Attributes["Policy"], out.Attributes["QueueArn"], nil
}

func (r topics) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, sns.NewListTopicsPaginator(r.c, &sns.ListTopicsInput{}), func(page *sns.ListTopicsOutput) {
		for _, t := range page.Topics {
			out = append(out, rpItem{name: lastSegment(str(t.TopicArn)), arn: str(t.TopicArn)})
		}
	})
	if err != nil {
		gap("ListTopics", "", err)
	}
	return out
}

func (r topics) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(it.arn)})
	if err != nil {
		return "", "", err
	}
	return out.Attributes["Policy"], "", nil
}

func (r keys) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, kms.NewListKeysPaginator(r.c, &kms.ListKeysInput{Limit: aws.Int32(1000)}), func(page *kms.ListKeysOutput) {
		for _, k := range page.Keys {
			out = append(out, rpItem{name: str(k.KeyId), arn: str(k.KeyArn)})
		}
	})
	if err != nil {
		gap("ListKeys", "", err)
	}
	return out
}

// getKeyPolicy reads the key policy; "default" is the only name KMS has.
func (r keys) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(it.name), PolicyName: aws.String("default")})
	if err != nil {
		return "", "", err
	}
	return str(out.Policy), "", nil
}

// listFunctions lists the functions' $LATEST; permissions added to a
// version or alias (a qualified ARN) are not read.
func (r functions) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, lambda.NewListFunctionsPaginator(r.c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)}), func(page *lambda.ListFunctionsOutput) {
		for _, f := range page.Functions {
			out = append(out, rpItem{name: str(f.FunctionName), arn: str(f.FunctionArn)})
		}
	})
	if err != nil {
		gap("ListFunctions", "", err)
	}
	return out
}

func (r functions) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(it.name)})
	if err != nil {
		return "", "", err
	}
	return str(out.Policy), "", nil
}

func (r repositories) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, ecr.NewDescribeRepositoriesPaginator(r.c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)}), func(page *ecr.DescribeRepositoriesOutput) {
		for _, r := range page.Repositories {
			out = append(out, rpItem{name: str(r.RepositoryName), arn: str(r.RepositoryArn)})
		}
	})
	if err != nil {
		gap("DescribeRepositories", "", err)
	}
	return out
}

func (r repositories) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String(it.name)})
	if err != nil {
		return "", "", err
	}
	return str(out.PolicyText), "", nil
}

func (r secrets) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	var out []rpItem
	err := drain(ctx, secretsmanager.NewListSecretsPaginator(r.c, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(100)}), func(page *secretsmanager.ListSecretsOutput) {
		for _, s := range page.SecretList {
			out = append(out, rpItem{name: str(s.Name), arn: str(s.ARN)})
		}
	})
	if err != nil {
		gap("ListSecrets", "", err)
	}
	return out
}

func (r secrets) get(ctx context.Context, it rpItem) (string, string, error) {
	out, err := r.c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String(it.arn)})
	if err != nil {
		return "", "", err
	}
	return str(out.ResourcePolicy), "", nil
}

// listDomains lists the OpenSearch and Elasticsearch domains, then reads
// their access policies five domains a call (DescribeDomains' maximum).
func (r domains) list(ctx context.Context, gap func(op, resource string, err error)) []rpItem {
	names, err := r.c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		gap("ListDomainNames", "", err)
		return nil
	}
	var all []string
	for _, d := range names.DomainNames {
		all = append(all, str(d.DomainName))
	}
	var out []rpItem
	for batch := range slices.Chunk(all, 5) {
		got, err := r.c.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
		if err != nil {
			gap("DescribeDomains", strings.Join(batch, ","), err)
			continue
		}
		for _, d := range got.DomainStatusList {
			out = append(out, rpItem{name: str(d.DomainName), arn: str(d.ARN), policy: aws.String(str(d.AccessPolicies))})
		}
	}
	return out
}

// get is never called: DescribeDomains gave every domain's policy.
func (r domains) get(context.Context, rpItem) (string, string, error) { return "", "", nil }
