// Package awstest is a local stand-in for the AWS APIs the live scanner
// calls. It answers EC2, IAM, STS and SNS in the Query protocol's XML, S3
// and S3 Control in REST XML, Organizations, KMS, ECR and Secrets Manager
// in JSON 1.1, SQS in JSON 1.0 and Lambda and OpenSearch in REST JSON, in
// the documented response shapes (member names as the SDK's deserializers
// read them), serving a fixture account held as a snapshot; the resource
// policies (World.ResourcePolicies) are served by the queue, topic, key,
// function, repository, secret and domain calls. CloudWatch Logs (JSON
// 1.1) and S3 objects serve the flow logs a test puts in LogEvents and
// Objects. It paginates, injects latency and faults, and logs every
// operation it is asked for.
//
// It does not import the AWS SDK: tests point the SDK at Server.URL.
package awstest

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vpclint/vpclint/snapshot"
)

// Base credentials the tests give the SDK; they belong to BaseAccount.
const (
	BaseAccessKey = "AKIDVPCLINTTEST"
	BaseSecretKey = "vpclint-test-secret" //nolint:gosec // a fake key for the local test server, not a credential
)

// Server serves a fixture account over the AWS wire protocols.
type Server struct {
	*httptest.Server

	// World holds every account's entities; Meta.Account and Meta.Region
	// say where each lives. Accounts lists the organization's accounts.
	World *snapshot.Snapshot
	// BaseAccount owns the base credentials (default: the first account).
	BaseAccount string
	// Regions answered by DescribeRegions; OptIn lists regions not
	// enabled ("not-opted-in").
	Regions, OptIn []string
	// PageSize caps items per page below the caller's MaxResults (0: no cap).
	PageSize int
	// Latency is added to every response.
	Latency time.Duration

	// Faults, keyed "service:Operation" (service: ec2, iam, sts, s3,
	// s3control, organizations, logs, sqs, sns, kms, lambda, ecr,
	// secretsmanager, es) or just "service".
	Throttle  map[string]int  // throttle the first N requests of the key
	Deny      map[string]bool // AccessDenied
	Malformed map[string]bool // a truncated 200 response
	// Quirks of AWS-compatible endpoints: DescribeSecurityGroupRules
	// answers without groupId; GetAccountAuthorizationDetails lists every
	// instance profile under every role (each profile with its own role
	// list); S3 errors carry a message but no code.
	RulesWithoutGroupID, ProfilesUnderEveryRole, CodelessS3Errors bool
	// FailRegions answer every EC2 call in the region with AuthFailure,
	// as a region not enabled for the account does.
	FailRegions map[string]bool

	// LogEvents are the CloudWatch Logs events of each log group, by
	// group name, for FilterLogEvents.
	LogEvents map[string][]LogEvent
	// Objects are S3 objects by bucket and key, for ListObjectsV2 and
	// GetObject. Buckets answer GetBucketLocation from World.Buckets.
	Objects map[string]map[string][]byte

	mu        sync.Mutex
	log       []string
	throttled map[string]int
}

// New starts a server for world. Close it when done.
func New(world *snapshot.Snapshot) *Server {
	s := &Server{World: world, Regions: []string{"us-east-1"}, throttled: map[string]int{}}
	if len(world.Accounts) > 0 {
		s.BaseAccount = world.Accounts[0].ID
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Log returns the operations served so far ("service:Operation"), in
// arrival order, throttled and failed attempts included.
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// request is one decoded call.
type request struct {
	service, op, account, region string
	params                       url.Values
	body                         []byte
	r                            *http.Request
	codelessS3                   bool
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.Latency > 0 {
		time.Sleep(s.Latency)
	}
	body, _ := io.ReadAll(r.Body)
	req := &request{r: r, body: body, codelessS3: s.CodelessS3Errors}
	req.account, req.region, req.service = credentialScope(r.Header.Get("Authorization"))
	if acct, ok := strings.CutPrefix(req.account, "ASIA"); ok {
		req.account = acct
	} else {
		req.account = s.BaseAccount
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		// JSON 1.0/1.1: the target's prefix names the service. Handlers
		// read their members from req.body.
		var prefix string
		prefix, req.op, _ = strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		req.service = targetService(prefix)
		req.params = url.Values{}
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		if t, ok := in["NextToken"].(string); ok {
			req.params.Set("NextToken", t)
		}
	case strings.HasPrefix(r.URL.Path, "/v20180820/"):
		req.service, req.op = "s3control", "GetPublicAccessBlock"
	case req.service == "s3":
		req.op = s3Operation(r)
		req.params = r.URL.Query()
	case req.service == "lambda":
		req.op = lambdaOperation(r)
		req.params = r.URL.Query()
	case req.service == "es":
		req.op = esOperation(r)
		req.params = r.URL.Query()
	default:
		req.params, _ = url.ParseQuery(string(body))
		req.op = req.params.Get("Action")
	}
	key := req.service + ":" + req.op
	s.mu.Lock()
	s.log = append(s.log, key)
	throttle := s.Throttle[key] + s.Throttle[req.service]
	n := s.throttled[key]
	if n < throttle {
		s.throttled[key] = n + 1
	}
	s.mu.Unlock()
	switch {
	case n < throttle:
		s.throttle(w, req)
	case s.Deny[key] || s.Deny[req.service] || req.service == "s3control" && s.Deny["s3"]: // s3:* covers S3 Control's actions
		s.deny(w, req)
	case req.service == "ec2" && s.FailRegions[req.region]:
		writeError(w, req, http.StatusUnauthorized, "AuthFailure", "AWS was not able to validate the provided access credentials")
	case s.Malformed[key] || s.Malformed[req.service]:
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, "<Response><broken")
	default:
		s.answer(w, req)
	}
}

// credentialScope reads access key, region and service from a SigV4
// Authorization header.
func credentialScope(auth string) (akid, region, service string) {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return "", "", ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) < 4 {
		return "", "", ""
	}
	return parts[0], parts[2], parts[3]
}

func s3Operation(r *http.Request) string {
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/" || r.URL.Path == "":
		return "ListBuckets"
	case q.Get("list-type") == "2":
		return "ListObjectsV2"
	case strings.Contains(strings.Trim(r.URL.Path, "/"), "/") && r.Method == http.MethodGet:
		return "GetObject"
	case q.Has("policy"):
		return "GetBucketPolicy"
	case q.Has("publicAccessBlock"):
		return "GetPublicAccessBlock"
	case q.Has("tagging"):
		return "GetBucketTagging"
	case q.Has("location"):
		return "GetBucketLocation"
	case q.Has("acl"):
		return "GetBucketAcl"
	case q.Has("ownershipControls"):
		return "GetBucketOwnershipControls"
	}
	return r.Method + " " + r.URL.Path
}

func (s *Server) throttle(w http.ResponseWriter, req *request) {
	switch req.service {
	case "ec2":
		writeError(w, req, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
	case "s3", "s3control":
		writeError(w, req, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case "organizations":
		writeError(w, req, http.StatusBadRequest, "TooManyRequestsException", "You have sent too many requests in too short a period of time.")
	case "logs", "kms", "ecr", "secretsmanager":
		writeError(w, req, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
	case "sqs":
		writeError(w, req, http.StatusBadRequest, "RequestThrottled", "Request is throttled.")
	case "lambda", "es":
		writeError(w, req, http.StatusTooManyRequests, "TooManyRequestsException", "Rate exceeded")
	default:
		writeError(w, req, http.StatusBadRequest, "Throttling", "Rate exceeded")
	}
}

func (s *Server) deny(w http.ResponseWriter, req *request) {
	msg := fmt.Sprintf("User: arn:aws:iam::%s:user/scanner is not authorized to perform: %s:%s", req.account, req.service, req.op)
	switch req.service {
	case "ec2":
		writeError(w, req, http.StatusForbidden, "UnauthorizedOperation", "You are not authorized to perform this operation.")
	case "organizations", "logs", "kms", "ecr", "secretsmanager":
		writeError(w, req, http.StatusBadRequest, "AccessDeniedException", msg)
	case "sqs", "lambda", "es": // SQS's Query code (x-amzn-query-error) is AccessDenied
		writeError(w, req, http.StatusForbidden, "AccessDeniedException", msg)
	case "sns":
		writeError(w, req, http.StatusForbidden, "AuthorizationError", msg)
	default:
		writeError(w, req, http.StatusForbidden, "AccessDenied", msg)
	}
}

const requestID = "00000000-0000-4000-8000-000000000000"

// writeError writes each protocol's documented error shape.
func writeError(w http.ResponseWriter, req *request, status int, code, msg string) {
	codeless := req.codelessS3
	switch req.service {
	case "ec2":
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`, code, esc(msg), requestID)
	case "s3", "s3control":
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Request-Id", requestID)
		w.WriteHeader(status)
		e := fmt.Sprintf(`<Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>`, code, esc(msg), requestID)
		if codeless {
			e = el("Error", leaf("Message", msg))
		}
		if req.service == "s3control" { // S3 Control wraps the error in ErrorResponse
			e = el("ErrorResponse", e)
		}
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+e)
	case "organizations", "logs", "sqs", "kms", "ecr", "secretsmanager", "lambda", "es":
		writeJSONError(w, req, status, code, msg)
	default: // iam, sts, sns: awsQuery
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<ErrorResponse xmlns="https://%s.amazonaws.com/doc/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, req.service, code, esc(msg), requestID)
	}
}

func esc(s string) string { return html.EscapeString(s) }

// el renders <name>children</name>; leaf renders a text element and
// nothing when the value is empty, as AWS omits absent members.
func el(name string, children ...string) string {
	return "<" + name + ">" + strings.Join(children, "") + "</" + name + ">"
}

func leaf(name, v string) string {
	if v == "" {
		return ""
	}
	return el(name, esc(v))
}

func boolLeaf(name string, v bool) string { return el(name, strconv.FormatBool(v)) }

// set renders an EC2 list (<name><item>…</item></name>), or nothing.
func set(name string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(el("item", it))
	}
	return el(name, b.String())
}

// members renders a Query/IAM list (<name><member>…</member></name>).
func members(name string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(el("member", it))
	}
	return el(name, b.String())
}

func texts(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = esc(v)
	}
	return out
}

// page slices items by the request's token and page size.
func (s *Server) page(items []string, token string, maxResults int) ([]string, string) {
	start, _ := strconv.Atoi(token)
	size := len(items)
	if maxResults > 0 {
		size = maxResults
	}
	if s.PageSize > 0 && s.PageSize < size {
		size = s.PageSize
	}
	start = min(start, len(items))
	end := min(start+max(size, 1), len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next
}

func intParam(v url.Values, name string) int {
	n, _ := strconv.Atoi(v.Get(name))
	return n
}

func (s *Server) answer(w http.ResponseWriter, req *request) {
	switch req.service {
	case "ec2":
		s.ec2(w, req)
	case "iam":
		s.iam(w, req)
	case "sts":
		s.sts(w, req)
	case "s3":
		s.s3(w, req)
	case "s3control":
		s.s3control(w, req)
	case "organizations":
		s.organizations(w, req)
	case "logs":
		s.logs(w, req)
	case "sqs":
		s.sqs(w, req)
	case "sns":
		s.sns(w, req)
	case "kms":
		s.kms(w, req)
	case "lambda":
		s.lambda(w, req)
	case "ecr":
		s.ecr(w, req)
	case "secretsmanager":
		s.secretsManager(w, req)
	case "es":
		s.opensearch(w, req)
	default:
		http.Error(w, "unknown service "+req.service, http.StatusBadRequest)
	}
}

func writeXML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+body)
}

// ec2Response wraps an EC2 result.
func ec2Response(op string, children ...string) string {
	return `<` + op + `Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` + el("requestId", requestID) + strings.Join(children, "") + `</` + op + `Response>`
}

// queryResponse wraps an IAM or STS result.
func queryResponse(service, op string, children ...string) string {
	return `<` + op + `Response xmlns="https://` + service + `.amazonaws.com/doc/">` + el(op+"Result", children...) +
		el("ResponseMetadata", el("RequestId", requestID)) + `</` + op + `Response>`
}
