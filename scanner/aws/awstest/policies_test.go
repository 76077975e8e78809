package awstest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

const acct = "111111111111"

func policyText(sid string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}`
}

// policyWorld has, for each service, "a-SVC" with a policy and "b-SVC"
// without one in us-east-1 and "c-SVC" with one in eu-west-1. SNS and
// KMS entities carry only an ARN, the others only a name.
func policyWorld() *snapshot.Snapshot {
	w := &snapshot.Snapshot{Accounts: []snapshot.Account{{ID: acct}}}
	for _, svc := range []string{"sqs", "sns", "kms", "lambda", "ecr", "secretsmanager", "es"} {
		for _, r := range []struct{ name, region, text string }{
			{"a-" + svc, "us-east-1", policyText(svc)},
			{"b-" + svc, "us-east-1", ""},
			{"c-" + svc, "eu-west-1", policyText("other-" + svc)},
		} {
			p := snapshot.ResourcePolicy{
				ID: svc + "/" + r.name, Meta: snapshot.Meta{Account: acct, Region: r.region}, Service: svc,
				Name: r.name, Policy: iampolicy.Document{Text: r.text},
			}
			switch svc {
			case "sns":
				p.Name, p.ARN = "", "arn:aws:sns:"+r.region+":"+acct+":"+r.name
			case "kms":
				p.Name, p.ARN = "", "arn:aws:kms:"+r.region+":"+acct+":key/"+r.name
			}
			w.ResourcePolicies = append(w.ResourcePolicies, p)
		}
	}
	return w
}

func sdkConfig(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(awstest.BaseAccessKey, awstest.BaseSecretKey, ""),
		BaseEndpoint: aws.String(url),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		},
	}
}

// policyCase lists a service's resources (ids as the scanner passes them
// back) and reads one's policy (nil without one).
type policyCase struct {
	service string
	list    func(context.Context) ([]string, error)
	get     func(context.Context, string) (*string, error)
	// ids of a- and b- as list returns them.
	ids func(url string) []string
	// absentCode is the API error code of b's get; "" when the answer is
	// an empty policy instead.
	absentCode string
}

func collect[T any, P interface {
	HasMorePages() bool
	NextPage(context.Context, ...O) (T, error)
}, O any](ctx context.Context, p P, ids func(T) []string,
) ([]string, error) {
	var out []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, ids(page)...)
	}
	return out, nil
}

func names(prefix, svc, suffix string) func(string) []string {
	return func(string) []string { return []string{prefix + "a-" + svc + suffix, prefix + "b-" + svc + suffix} }
}

func policyCases(cfg aws.Config) []policyCase {
	return append(append(queueTopicKeyCases(cfg), functionRepoSecretCases(cfg)...), domainCase(cfg))
}

func queueTopicKeyCases(cfg aws.Config) []policyCase {
	sq, sn, km := sqs.NewFromConfig(cfg), sns.NewFromConfig(cfg), kms.NewFromConfig(cfg)
	return []policyCase{{
		service: "sqs",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, sqs.NewListQueuesPaginator(sq, &sqs.ListQueuesInput{}), func(o *sqs.ListQueuesOutput) []string { return o.QueueUrls })
		},
		get: func(ctx context.Context, u string) (*string, error) {
			out, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &u, AttributeNames: []sqstypes.QueueAttributeName{"Policy", "QueueArn"}})
			if err != nil {
				return nil, err
			}
			if out.Attributes["QueueArn"] != "arn:aws:sqs:us-east-1:"+acct+":"+u[strings.LastIndex(u, "/")+1:] {
				return nil, errors.New("QueueArn " + out.Attributes["QueueArn"])
			}
			if p, ok := out.Attributes["Policy"]; ok {
				return &p, nil
			}
			return nil, nil
		},
		ids: func(url string) []string { return names(url+"/"+acct+"/", "sqs", "")(url) },
	}, {
		service: "sns",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, sns.NewListTopicsPaginator(sn, &sns.ListTopicsInput{}), func(o *sns.ListTopicsOutput) []string {
				var arns []string
				for _, t := range o.Topics {
					arns = append(arns, aws.ToString(t.TopicArn))
				}
				return arns
			})
		},
		get: func(ctx context.Context, arn string) (*string, error) {
			out, err := sn.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &arn})
			if err != nil {
				return nil, err
			}
			if out.Attributes["TopicArn"] != arn {
				return nil, errors.New("TopicArn " + out.Attributes["TopicArn"])
			}
			if p, ok := out.Attributes["Policy"]; ok {
				return &p, nil
			}
			return nil, nil
		},
		ids: names("arn:aws:sns:us-east-1:"+acct+":", "sns", ""),
	}, {
		service: "kms",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, kms.NewListKeysPaginator(km, &kms.ListKeysInput{}), func(o *kms.ListKeysOutput) []string {
				var ids []string
				for _, k := range o.Keys {
					if !strings.HasSuffix(aws.ToString(k.KeyArn), ":key/"+aws.ToString(k.KeyId)) {
						return []string{"bad KeyArn " + aws.ToString(k.KeyArn)}
					}
					ids = append(ids, aws.ToString(k.KeyId))
				}
				return ids
			})
		},
		get: func(ctx context.Context, id string) (*string, error) {
			out, err := km.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: &id})
			if err != nil {
				return nil, err
			}
			return out.Policy, nil
		},
		ids: names("", "kms", ""),
	}}
}

func functionRepoSecretCases(cfg aws.Config) []policyCase {
	lm, ec, sm := lambda.NewFromConfig(cfg), ecr.NewFromConfig(cfg), secretsmanager.NewFromConfig(cfg)
	return []policyCase{{
		service: "lambda",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, lambda.NewListFunctionsPaginator(lm, &lambda.ListFunctionsInput{}), func(o *lambda.ListFunctionsOutput) []string {
				var ids []string
				for _, f := range o.Functions {
					ids = append(ids, aws.ToString(f.FunctionName))
				}
				return ids
			})
		},
		get: func(ctx context.Context, name string) (*string, error) {
			out, err := lm.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: &name})
			if err != nil {
				return nil, err
			}
			return out.Policy, nil
		},
		ids: names("", "lambda", ""), absentCode: "ResourceNotFoundException",
	}, {
		service: "ecr",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, ecr.NewDescribeRepositoriesPaginator(ec, &ecr.DescribeRepositoriesInput{}), func(o *ecr.DescribeRepositoriesOutput) []string {
				var ids []string
				for _, r := range o.Repositories {
					ids = append(ids, aws.ToString(r.RepositoryName))
				}
				return ids
			})
		},
		get: func(ctx context.Context, name string) (*string, error) {
			out, err := ec.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: &name})
			if err != nil {
				return nil, err
			}
			return out.PolicyText, nil
		},
		ids: names("", "ecr", ""), absentCode: "RepositoryPolicyNotFoundException",
	}, {
		service: "secretsmanager",
		list: func(ctx context.Context) ([]string, error) {
			return collect(ctx, secretsmanager.NewListSecretsPaginator(sm, &secretsmanager.ListSecretsInput{}), func(o *secretsmanager.ListSecretsOutput) []string {
				var ids []string
				for _, x := range o.SecretList {
					ids = append(ids, aws.ToString(x.ARN))
				}
				return ids
			})
		},
		get: func(ctx context.Context, arn string) (*string, error) {
			out, err := sm.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: &arn})
			if err != nil {
				return nil, err
			}
			return out.ResourcePolicy, nil
		},
		ids: names("arn:aws:secretsmanager:us-east-1:"+acct+":secret:", "secretsmanager", "-AbCdEf"),
	}}
}

// domainCase reads OpenSearch domains, which ListDomainNames does not page.
func domainCase(cfg aws.Config) policyCase {
	os := opensearch.NewFromConfig(cfg)
	return policyCase{
		service: "es",
		list: func(ctx context.Context) ([]string, error) {
			out, err := os.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
			if err != nil {
				return nil, err
			}
			var ids []string
			for _, d := range out.DomainNames {
				ids = append(ids, aws.ToString(d.DomainName))
			}
			return ids, nil
		},
		get: func(ctx context.Context, name string) (*string, error) {
			out, err := os.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: []string{name, "unknown"}})
			if err != nil {
				return nil, err
			}
			if len(out.DomainStatusList) != 1 || aws.ToString(out.DomainStatusList[0].ARN) != "arn:aws:es:us-east-1:"+acct+":domain/"+name {
				return nil, errors.New("unexpected DomainStatusList")
			}
			if p := out.DomainStatusList[0].AccessPolicies; aws.ToString(p) != "" {
				return p, nil
			}
			return nil, nil
		},
		ids: names("", "es", ""),
	}
}

func TestResourcePolicies(t *testing.T) {
	for _, pageSize := range []int{0, 1} {
		srv := awstest.New(policyWorld())
		t.Cleanup(srv.Close)
		srv.PageSize = pageSize
		for _, c := range policyCases(sdkConfig(srv.URL)) {
			ctx := t.Context()
			ids, err := c.list(ctx)
			if err != nil {
				t.Fatalf("%s (page size %d): list: %v", c.service, pageSize, err)
			}
			if want := c.ids(srv.URL); !slices.Equal(ids, want) {
				t.Fatalf("%s (page size %d): list = %q, want %q", c.service, pageSize, ids, want)
			}
			p, err := c.get(ctx, ids[0])
			if err != nil || aws.ToString(p) != policyText(c.service) {
				t.Errorf("%s: get %s = %q, %v; want the policy", c.service, ids[0], aws.ToString(p), err)
			}
			p, err = c.get(ctx, ids[1])
			var api smithy.APIError
			switch {
			case c.absentCode == "" && (err != nil || p != nil):
				t.Errorf("%s: get %s = %q, %v; want no policy", c.service, ids[1], aws.ToString(p), err)
			case c.absentCode != "" && (!errors.As(err, &api) || api.ErrorCode() != c.absentCode):
				t.Errorf("%s: get %s: err = %v, want %s", c.service, ids[1], err, c.absentCode)
			}
		}
		lists := 0
		for _, op := range srv.Log() {
			if op == "sqs:ListQueues" {
				lists++
			}
		}
		if want := map[int]int{0: 1, 1: 2}[pageSize]; lists != want {
			t.Errorf("page size %d: %d sqs:ListQueues calls, want %d (log %q)", pageSize, lists, want, srv.Log())
		}
	}
}

func TestResourcePolicyLog(t *testing.T) {
	srv := awstest.New(policyWorld())
	defer srv.Close()
	for _, c := range policyCases(sdkConfig(srv.URL)) {
		ids, err := c.list(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.get(t.Context(), ids[0])
	}
	want := []string{
		"sqs:ListQueues", "sqs:GetQueueAttributes", "sns:ListTopics", "sns:GetTopicAttributes", "kms:ListKeys", "kms:GetKeyPolicy",
		"lambda:ListFunctions", "lambda:GetPolicy", "ecr:DescribeRepositories", "ecr:GetRepositoryPolicy",
		"secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy", "es:ListDomainNames", "es:DescribeDomains",
	}
	if got := srv.Log(); !slices.Equal(got, want) {
		t.Errorf("log = %q, want %q", got, want)
	}
}

func TestResourcePolicyNotFound(t *testing.T) {
	srv := awstest.New(policyWorld())
	defer srv.Close()
	cfg := sdkConfig(srv.URL)
	ctx := t.Context()
	_, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(srv.URL + "/" + acct + "/c-sqs")})
	var gone *sqstypes.QueueDoesNotExist
	if !errors.As(err, &gone) || gone.ErrorCode() != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Errorf("GetQueueAttributes of another region's queue: %v, want QueueDoesNotExist with its Query code", err)
	}
	checks := map[string]error{
		"NotFound": func() error {
			_, err := sns.NewFromConfig(cfg).GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String("arn:aws:sns:us-east-1:" + acct + ":nope")})
			return err
		}(),
		"NotFoundException": func() error {
			_, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("c-kms")})
			return err
		}(),
		"RepositoryNotFoundException": func() error {
			_, err := ecr.NewFromConfig(cfg).GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String("nope")})
			return err
		}(),
	}
	for code, err := range checks {
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != code {
			t.Errorf("want %s, got %v", code, err)
		}
	}
}

func TestResourcePolicyFaults(t *testing.T) {
	srv := awstest.New(policyWorld())
	defer srv.Close()
	srv.Deny = map[string]bool{"kms": true, "sqs:ListQueues": true, "sns": true, "lambda:GetPolicy": true}
	srv.Throttle = map[string]int{"ecr:DescribeRepositories": 1, "es": 1, "secretsmanager": 1}
	cases := policyCases(sdkConfig(srv.URL))
	want := map[string]string{"sqs": "AccessDenied", "sns": "AuthorizationError", "kms": "AccessDeniedException"}
	for _, c := range cases {
		ids, err := c.list(t.Context())
		var api smithy.APIError
		if code, ok := want[c.service]; ok {
			if !errors.As(err, &api) || api.ErrorCode() != code {
				t.Errorf("%s: list error %v, want %s", c.service, err, code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: list after throttling: %v", c.service, err)
		}
		_, err = c.get(t.Context(), ids[0])
		if c.service == "lambda" && (!errors.As(err, &api) || api.ErrorCode() != "AccessDeniedException") {
			t.Errorf("lambda: GetPolicy error %v, want AccessDeniedException", err)
		}
	}
	log := strings.Join(srv.Log(), " ")
	for _, op := range []string{"ecr:DescribeRepositories", "es:ListDomainNames", "secretsmanager:ListSecrets"} {
		if strings.Count(log, op) != 2 {
			t.Errorf("%s was not retried once after throttling: %s", op, log)
		}
	}
}
