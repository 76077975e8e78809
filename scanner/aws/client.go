package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"golang.org/x/time/rate"
)

// counters count operations and HTTP attempts across the scan.
type counters struct {
	ops, attempts atomic.Int64
	mu            sync.Mutex
	byOp          map[string]int
}

func newCounters() *counters { return &counters{byOp: map[string]int{}} }

func (c *counters) stats() *Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	ops, calls := int(c.ops.Load()), int(c.attempts.Load())
	return &Stats{Operations: ops, Calls: calls, Retries: calls - ops, ByOperation: maps.Clone(c.byOp)}
}

// limiters hold one rate limiter and one in-flight semaphore per key
// (service, account and, for EC2, region).
type limiters struct {
	limits map[string]Limit
	mu     sync.Mutex
	byKey  map[string]*limiter
}

type limiter struct {
	rate *rate.Limiter
	sem  chan struct{}
}

func newLimiters(over map[string]Limit) *limiters {
	l := &limiters{limits: maps.Clone(DefaultLimits), byKey: map[string]*limiter{}}
	maps.Copy(l.limits, over)
	return l
}

func (l *limiters) get(service, key string) *limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if x, ok := l.byKey[key]; ok {
		return x
	}
	lim := l.limits[service]
	if lim.Rate <= 0 {
		lim = Limit{Rate: 10, Burst: 10, Concurrency: 4}
	}
	x := &limiter{rate: rate.NewLimiter(rate.Limit(lim.Rate), max(lim.Burst, 1)), sem: make(chan struct{}, max(lim.Concurrency, 1))}
	l.byKey[key] = x
	return x
}

// instrument adds vpclint's middleware to a client: operation counting
// (once per operation, before retries) and, for every HTTP attempt after
// the retry middleware, the client-side rate limit and in-flight cap.
func (s *scanner) instrument(service, key string) func(*middleware.Stack) error {
	lim := s.limits.get(service, service+"/"+key)
	return func(st *middleware.Stack) error {
		count := middleware.InitializeMiddlewareFunc("vpclintCount", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			s.counters.ops.Add(1)
			s.counters.mu.Lock()
			s.counters.byOp[service+":"+awsmiddleware.GetOperationName(ctx)]++
			s.counters.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		})
		if err := st.Initialize.Add(count, middleware.After); err != nil {
			return err
		}
		polite := middleware.FinalizeMiddlewareFunc("vpclintLimit", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if err := lim.rate.Wait(ctx); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			select {
			case lim.sem <- struct{}{}:
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-lim.sem }()
			s.counters.attempts.Add(1)
			return next.HandleFinalize(ctx, in)
		})
		return st.Finalize.Insert(polite, "Retry", middleware.After)
	}
}

// errText is the coverage text of an error: the AWS error code and
// message when there is one, what kind of failure otherwise. It never
// includes request ids, so snapshots of the same failure compare equal.
func errText(err error) string {
	var b strings.Builder
	if maxErr, ok := errors.AsType[*retry.MaxAttemptsError](err); ok {
		fmt.Fprintf(&b, "retries exhausted after %d attempts: ", maxErr.Attempt)
	}
	var api smithy.APIError
	var deser *smithy.DeserializationError
	switch {
	case errors.As(err, &api):
		code := api.ErrorCode()
		// An error body without a code (some S3-compatible stores) gets
		// the SDK's placeholder: the HTTP status is then what says what
		// happened.
		if resp, ok := errors.AsType[*smithyhttp.ResponseError](err); ok && code == "UnknownError" {
			code = fmt.Sprintf("HTTP %d %s (no error code in the response)", resp.HTTPStatusCode(), http.StatusText(resp.HTTPStatusCode()))
		}
		b.WriteString(code)
		if msg := api.ErrorMessage(); msg != "" && msg != api.ErrorCode() {
			b.WriteString(": " + msg)
		}
	case errors.As(err, &deser):
		b.WriteString("malformed response: " + deser.Err.Error())
	case errors.Is(err, context.Canceled):
		b.WriteString("scan interrupted before this was read")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("scan timed out before this was read")
	default:
		msg := err.Error()
		var op *smithy.OperationError
		if errors.As(err, &op) && op.Err != nil {
			msg = op.Err.Error()
		}
		b.WriteString(msg)
	}
	return b.String()
}

// errorCode returns the AWS error code of err, or "".
func errorCode(err error) string {
	if api, ok := errors.AsType[smithy.APIError](err); ok {
		return api.ErrorCode()
	}
	return ""
}

// progress prints one line per finished unit of work, when enabled.
type progress struct {
	w  io.Writer
	mu sync.Mutex
}

func (p *progress) done(account, region, service string, resources, gaps int) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	where := account
	if region != "" {
		where += " " + region
	}
	line := fmt.Sprintf("vpclint: %-28s %-4s %6d resources", where, service, resources)
	if gaps > 0 {
		line += fmt.Sprintf(", %d gaps", gaps)
	}
	fmt.Fprintln(p.w, line)
}

// pager is an SDK paginator of any service: F is the service's client
// option type, O a page.
type pager[O, F any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...F) (O, error)
}

// drain reads every page, stopping at the first error.
func drain[O, F any](ctx context.Context, p pager[O, F], each func(O)) error {
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		each(out)
	}
	return nil
}

// ptr helpers keep the mapping code short.
func str(p *string) string { return aws.ToString(p) }
func i32(p *int32) int     { return int(aws.ToInt32(p)) }
func boolv(p *bool) bool   { return aws.ToBool(p) }

// Action is the IAM action that authorises an SDK operation, for the
// published policy (docs/scanner-policy.json). service is the scanner's
// key: ec2, iam, s3, s3control, sts, organizations, logs.
func Action(service, op string) string {
	switch service + ":" + op {
	case "s3:ListBuckets":
		return "s3:ListAllMyBuckets"
	case "s3:ListObjectsV2":
		return "s3:ListBucket"
	case "s3:GetPublicAccessBlock":
		return "s3:GetBucketPublicAccessBlock"
	case "s3control:GetPublicAccessBlock":
		return "s3:GetAccountPublicAccessBlock"
	}
	if service == "s3control" {
		service = "s3"
	}
	return service + ":" + op
}
