package awstest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// This file serves World.ResourcePolicies: SQS (JSON 1.0), SNS (Query
// XML), KMS, ECR and Secrets Manager (JSON 1.1), Lambda and OpenSearch
// (REST JSON). A resource is served only to requests in its account and
// region; one whose Policy.Text is "" exists without a policy.

// served is one resource with a policy as the fixture serves it.
type served struct {
	name, arn, policy, account, region string
}

// resources lists the service's resources in the request's account and
// region, by name (the first entity of a name wins).
func (s *Server) resources(req *request, service string) []served {
	var out []served
	for _, p := range s.World.ResourcePolicies {
		if p.Service != service || p.Account != req.account || p.Region != req.region || p.Name == "" && p.ARN == "" {
			continue
		}
		arn := cmp.Or(p.ARN, resourceARN(service, p.Region, p.Account, p.Name))
		out = append(out, served{
			name: cmp.Or(p.Name, nameOfARN(service, arn)), arn: arn, policy: p.Policy.Text,
			account: p.Account, region: p.Region,
		})
	}
	slices.SortStableFunc(out, func(a, b served) int { return cmp.Compare(a.name, b.name) })
	return slices.CompactFunc(out, func(a, b served) bool { return a.name == b.name })
}

// resourceARN builds the ARN AWS gives the service's resource name.
func resourceARN(service, region, account, name string) string {
	res := map[string]string{
		"kms": "key/", "lambda": "function:", "ecr": "repository/", "secretsmanager": "secret:", "es": "domain/",
	}[service] + name
	if service == "secretsmanager" {
		res += "-AbCdEf" // the random suffix Secrets Manager appends
	}
	return "arn:aws:" + service + ":" + region + ":" + account + ":" + res
}

// nameOfARN reads the resource name (a key id for KMS) from an ARN.
func nameOfARN(service, arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return arn
	}
	res := parts[5]
	switch service {
	case "kms", "ecr", "es":
		_, res, _ = strings.Cut(res, "/")
	case "lambda":
		res, _, _ = strings.Cut(strings.TrimPrefix(res, "function:"), ":")
	case "secretsmanager":
		res = strings.TrimPrefix(res, "secret:")
		if i := strings.LastIndex(res, "-"); i >= 0 && len(res)-i == 7 {
			res = res[:i]
		}
	}
	return res
}

// find returns the resource named by id: its name or its ARN.
func find(items []served, id string) (served, bool) {
	i := slices.IndexFunc(items, func(x served) bool { return x.name == id || x.arn == id })
	if i < 0 {
		return served{}, false
	}
	return items[i], true
}

// jsonContentType is the service's JSON response content type.
func jsonContentType(service string) string {
	switch service {
	case "sqs":
		return "application/x-amz-json-1.0"
	case "lambda", "es":
		return "application/json"
	}
	return "application/x-amz-json-1.1"
}

func writeJSON(w http.ResponseWriter, req *request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", jsonContentType(req.service))
	w.Header().Set("X-Amzn-Requestid", requestID)
	_, _ = w.Write(b)
}

// writeJSONError writes a JSON 1.0/1.1 error ({"__type", "message"}) or a
// REST JSON one (X-Amzn-Errortype and {"message"}). SQS adds the
// x-amzn-query-error header its Query-compatible clients read the Query
// error code from; Lambda and Secrets Manager spell the member "Message".
func writeJSONError(w http.ResponseWriter, req *request, status int, code, msg string) {
	body := map[string]string{"__type": code, "message": msg}
	switch req.service {
	case "lambda":
		body = map[string]string{"Type": "User", "Message": msg}
	case "es":
		body = map[string]string{"message": msg}
	case "secretsmanager":
		body = map[string]string{"__type": code, "Message": msg}
	case "sqs":
		w.Header().Set("X-Amzn-Query-Error", sqsQueryCode(code)+";Sender")
	}
	if req.service == "lambda" || req.service == "es" {
		w.Header().Set("X-Amzn-Errortype", code)
	}
	w.Header().Set("Content-Type", jsonContentType(req.service))
	w.Header().Set("X-Amzn-Requestid", requestID)
	w.WriteHeader(status)
	b, err := json.Marshal(body)
	if err == nil {
		_, _ = w.Write(b)
	}
}

// sqsQueryCode is the Query protocol's code for an SQS JSON error type.
func sqsQueryCode(code string) string {
	switch code {
	case "QueueDoesNotExist":
		return "AWS.SimpleQueueService.NonExistentQueue"
	case "AccessDeniedException":
		return "AccessDenied"
	}
	return code
}

// decodeBody reads a JSON request body into v, answering
// SerializationException when it cannot.
func decodeBody(w http.ResponseWriter, req *request, v any) bool {
	if len(req.body) == 0 {
		return true
	}
	if err := json.Unmarshal(req.body, v); err != nil {
		writeError(w, req, http.StatusBadRequest, "SerializationException", err.Error())
		return false
	}
	return true
}

// pageOf pages rendered items by token and limit, as page does.
func (s *Server) pageOf(items []served, token string, limit int, render func(served) any) ([]any, string) {
	idx := make([]string, len(items))
	for i := range items {
		idx[i] = strconv.Itoa(i)
	}
	pg, next := s.page(idx, token, limit)
	out := make([]any, 0, len(pg))
	for _, i := range pg {
		n, _ := strconv.Atoi(i)
		out = append(out, render(items[n]))
	}
	return out, next
}

// withToken adds the next-page token under name when there is one.
func withToken(m map[string]any, name, next string) map[string]any {
	if next != "" {
		m[name] = next
	}
	return m
}

// sqs answers ListQueues (queue URLs on this server: /ACCOUNT/NAME) and
// GetQueueAttributes (Policy, omitted without one, and QueueArn).
func (s *Server) sqs(w http.ResponseWriter, req *request) {
	var in struct { // encoding/json matches member names case-insensitively
		QueueNamePrefix, NextToken, QueueURL string
		MaxResults                           int
		AttributeNames                       []string
	}
	if !decodeBody(w, req, &in) {
		return
	}
	queues := s.resources(req, "sqs")
	switch req.op {
	case "ListQueues":
		queues = slices.DeleteFunc(queues, func(q served) bool { return !strings.HasPrefix(q.name, in.QueueNamePrefix) })
		urls, next := s.pageOf(queues, in.NextToken, cmp.Or(in.MaxResults, 1000), func(q served) any {
			return "http://" + req.r.Host + "/" + q.account + "/" + q.name
		})
		out := map[string]any{}
		if len(urls) > 0 {
			out["QueueUrls"] = urls
		}
		writeJSON(w, req, withToken(out, "NextToken", next))
	case "GetQueueAttributes":
		q, ok := queueOfURL(queues, in.QueueURL)
		if !ok {
			writeError(w, req, http.StatusBadRequest, "QueueDoesNotExist", "The specified queue does not exist.")
			return
		}
		attrs := map[string]string{}
		want := func(name string) bool {
			return slices.Contains(in.AttributeNames, "All") || slices.Contains(in.AttributeNames, name)
		}
		if want("Policy") && q.policy != "" {
			attrs["Policy"] = q.policy
		}
		if want("QueueArn") {
			attrs["QueueArn"] = q.arn
		}
		writeJSON(w, req, map[string]any{"Attributes": attrs})
	default:
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
	}
}

// queueOfURL finds the queue a URL (…/ACCOUNT/NAME) names.
func queueOfURL(queues []served, queueURL string) (served, bool) {
	u, err := url.Parse(queueURL)
	if err != nil {
		return served{}, false
	}
	acct, name, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
	q, ok := find(queues, name)
	return q, ok && q.account == acct
}

// sns answers ListTopics and GetTopicAttributes (Policy, omitted without
// one, TopicArn and Owner) in Query XML.
func (s *Server) sns(w http.ResponseWriter, req *request) {
	topics := s.resources(req, "sns")
	switch req.op {
	case "ListTopics":
		items := renderAll(topics, func(t served) string { return leaf("TopicArn", t.arn) })
		pg, next := s.page(items, req.params.Get("NextToken"), 100)
		writeXML(w, queryResponse("sns", req.op, members("Topics", pg), leaf("NextToken", next)))
	case "GetTopicAttributes":
		t, ok := find(topics, req.params.Get("TopicArn"))
		if !ok || t.arn != req.params.Get("TopicArn") {
			writeError(w, req, http.StatusNotFound, "NotFound", "Topic does not exist")
			return
		}
		entry := func(k, v string) string { return el("entry", leaf("key", k)+leaf("value", v)) }
		attrs := entry("Owner", t.account) + entry("TopicArn", t.arn)
		if t.policy != "" {
			attrs = entry("Policy", t.policy) + attrs
		}
		writeXML(w, queryResponse("sns", req.op, el("Attributes", attrs)))
	default:
		writeError(w, req, http.StatusBadRequest, "InvalidAction", "Could not find operation "+req.op)
	}
}

// kms answers ListKeys (Limit/Marker, Truncated/NextMarker) and
// GetKeyPolicy of the "default" policy, by key id or key ARN. A key
// without a policy answers without the Policy member.
func (s *Server) kms(w http.ResponseWriter, req *request) {
	var in struct {
		Limit                     int
		Marker, KeyID, PolicyName string
	}
	if !decodeBody(w, req, &in) {
		return
	}
	keys := s.resources(req, "kms")
	switch req.op {
	case "ListKeys":
		pg, next := s.pageOf(keys, in.Marker, cmp.Or(in.Limit, 100), func(k served) any {
			return map[string]string{"KeyId": k.name, "KeyArn": k.arn}
		})
		writeJSON(w, req, withToken(map[string]any{"Keys": pg, "Truncated": next != ""}, "NextMarker", next))
	case "GetKeyPolicy":
		k, ok := find(keys, in.KeyID)
		if !ok || cmp.Or(in.PolicyName, "default") != "default" {
			writeError(w, req, http.StatusBadRequest, "NotFoundException", "Key '"+in.KeyID+"' does not exist")
			return
		}
		out := map[string]any{"PolicyName": "default"}
		if k.policy != "" {
			out["Policy"] = k.policy
		}
		writeJSON(w, req, out)
	default:
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
	}
}

// lambdaOperation names a Lambda REST call by method and path.
func lambdaOperation(r *http.Request) string {
	rest, ok := strings.CutPrefix(r.URL.Path, "/2015-03-31/functions")
	switch {
	case ok && r.Method == http.MethodGet && strings.Trim(rest, "/") == "":
		return "ListFunctions"
	case ok && r.Method == http.MethodGet && strings.HasSuffix(rest, "/policy"):
		return "GetPolicy"
	}
	return r.Method + " " + r.URL.Path
}

// lambda answers ListFunctions (Marker/MaxItems) and GetPolicy by
// function name or ARN; a function without a policy, as AWS answers it,
// is ResourceNotFoundException (404).
func (s *Server) lambda(w http.ResponseWriter, req *request) {
	functions := s.resources(req, "lambda")
	switch req.op {
	case "ListFunctions":
		pg, next := s.pageOf(functions, req.params.Get("Marker"), cmp.Or(intParam(req.params, "MaxItems"), 50), func(f served) any {
			return map[string]string{"FunctionName": f.name, "FunctionArn": f.arn}
		})
		writeJSON(w, req, withToken(map[string]any{"Functions": pg}, "NextMarker", next))
	case "GetPolicy":
		id := strings.TrimSuffix(strings.TrimPrefix(req.r.URL.Path, "/2015-03-31/functions/"), "/policy")
		f, ok := find(functions, id)
		if !ok {
			writeError(w, req, http.StatusNotFound, "ResourceNotFoundException",
				"Function not found: "+resourceARN("lambda", req.region, req.account, id))
			return
		}
		if f.policy == "" {
			writeError(w, req, http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist.")
			return
		}
		writeJSON(w, req, map[string]any{"Policy": f.policy, "RevisionId": "00000000-0000-4000-8000-000000000001"})
	default:
		writeError(w, req, http.StatusNotFound, "UnknownOperationException", req.op)
	}
}

// ecr answers DescribeRepositories (maxResults/nextToken, repositoryNames)
// and GetRepositoryPolicy; a repository without a policy is
// RepositoryPolicyNotFoundException.
func (s *Server) ecr(w http.ResponseWriter, req *request) {
	var in struct {
		RegistryID, RepositoryName, NextToken string
		RepositoryNames                       []string
		MaxResults                            int
	}
	if !decodeBody(w, req, &in) {
		return
	}
	repos := s.resources(req, "ecr")
	notFound := func(name string) {
		writeError(w, req, http.StatusBadRequest, "RepositoryNotFoundException",
			"The repository with name '"+name+"' does not exist in the registry with id '"+cmp.Or(in.RegistryID, req.account)+"'")
	}
	if in.RegistryID != "" && in.RegistryID != req.account {
		repos = nil
	}
	switch req.op {
	case "DescribeRepositories":
		if len(in.RepositoryNames) > 0 {
			for _, n := range in.RepositoryNames {
				if _, ok := find(repos, n); !ok {
					notFound(n)
					return
				}
			}
			repos = slices.DeleteFunc(repos, func(r served) bool { return !slices.Contains(in.RepositoryNames, r.name) })
		}
		pg, next := s.pageOf(repos, in.NextToken, cmp.Or(in.MaxResults, 100), func(r served) any {
			return map[string]any{
				"repositoryName": r.name, "repositoryArn": r.arn, "registryId": r.account, "createdAt": 1704067200,
				"repositoryUri": r.account + ".dkr.ecr." + r.region + ".amazonaws.com/" + r.name,
			}
		})
		writeJSON(w, req, withToken(map[string]any{"repositories": pg}, "nextToken", next))
	case "GetRepositoryPolicy":
		r, ok := find(repos, in.RepositoryName)
		switch {
		case !ok:
			notFound(in.RepositoryName)
		case r.policy == "":
			writeError(w, req, http.StatusBadRequest, "RepositoryPolicyNotFoundException",
				"Repository policy does not exist for the repository with name '"+r.name+"' in the registry with id '"+r.account+"'")
		default:
			writeJSON(w, req, map[string]string{"registryId": r.account, "repositoryName": r.name, "policyText": r.policy})
		}
	default:
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
	}
}

// secretsManager answers ListSecrets (MaxResults/NextToken) and
// GetResourcePolicy by name or ARN, without ResourcePolicy when the
// secret has none.
func (s *Server) secretsManager(w http.ResponseWriter, req *request) {
	var in struct {
		SecretID, NextToken string
		MaxResults          int
	}
	if !decodeBody(w, req, &in) {
		return
	}
	secrets := s.resources(req, "secretsmanager")
	switch req.op {
	case "ListSecrets":
		pg, next := s.pageOf(secrets, in.NextToken, cmp.Or(in.MaxResults, 100), func(x served) any {
			return map[string]string{"ARN": x.arn, "Name": x.name}
		})
		writeJSON(w, req, withToken(map[string]any{"SecretList": pg}, "NextToken", next))
	case "GetResourcePolicy":
		x, ok := find(secrets, in.SecretID)
		if !ok {
			writeError(w, req, http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
			return
		}
		out := map[string]string{"ARN": x.arn, "Name": x.name}
		if x.policy != "" {
			out["ResourcePolicy"] = x.policy
		}
		writeJSON(w, req, out)
	default:
		writeError(w, req, http.StatusBadRequest, "UnknownOperationException", req.op)
	}
}

// esOperation names an OpenSearch REST call by method and path.
func esOperation(r *http.Request) string {
	switch {
	case r.Method == http.MethodGet && strings.TrimSuffix(r.URL.Path, "/") == "/2021-01-01/domain":
		return "ListDomainNames"
	case r.Method == http.MethodPost && r.URL.Path == "/2021-01-01/opensearch/domain-info":
		return "DescribeDomains"
	}
	return r.Method + " " + r.URL.Path
}

// opensearch answers ListDomainNames (unpaginated, as AWS) and
// DescribeDomains (at most five names; unknown names are left out).
// AccessPolicies is "" for a domain without a policy.
func (s *Server) opensearch(w http.ResponseWriter, req *request) {
	domains := s.resources(req, "es")
	switch req.op {
	case "ListDomainNames":
		if t := req.params.Get("engineType"); t != "" && t != "OpenSearch" {
			domains = nil
		}
		names := make([]map[string]string, 0, len(domains))
		for _, d := range domains {
			names = append(names, map[string]string{"DomainName": d.name, "EngineType": "OpenSearch"})
		}
		writeJSON(w, req, map[string]any{"DomainNames": names})
	case "DescribeDomains":
		var in struct{ DomainNames []string }
		if !decodeBody(w, req, &in) {
			return
		}
		if len(in.DomainNames) > 5 {
			writeError(w, req, http.StatusBadRequest, "ValidationException", "1 validation error detected: Value at 'domainNames' failed to satisfy constraint: Member must have length less than or equal to 5")
			return
		}
		list := []map[string]any{}
		for _, n := range in.DomainNames {
			if d, ok := find(domains, n); ok {
				list = append(list, map[string]any{
					"DomainId": d.account + "/" + d.name, "DomainName": d.name, "ARN": d.arn, "Created": true, "Deleted": false,
					"EngineVersion": "OpenSearch_2.11", "ClusterConfig": map[string]any{"InstanceType": "t3.small.search", "InstanceCount": 1},
					"AccessPolicies": d.policy,
				})
			}
		}
		writeJSON(w, req, map[string]any{"DomainStatusList": list})
	default:
		writeError(w, req, http.StatusNotFound, "UnknownOperationException", req.op)
	}
}

// targetService names the JSON service an X-Amz-Target prefix belongs to.
func targetService(prefix string) string {
	switch {
	case prefix == "AmazonSQS":
		return "sqs"
	case prefix == "TrentService":
		return "kms"
	case prefix == "AmazonEC2ContainerRegistry_V20150921":
		return "ecr"
	case prefix == "secretsmanager":
		return "secretsmanager"
	case strings.HasPrefix(prefix, "Logs_"):
		return "logs"
	}
	return "organizations"
}
