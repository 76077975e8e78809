package iampolicy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Persona is a typical caller the lockout checks evaluate resource policies
// for: who calls (Principal) and the request context its calls carry.
type Persona struct {
	Name      string
	Principal Principal
	// Context holds the condition keys the persona's requests carry; a key
	// that is absent is missing (aws-semantics §7.6).
	Context map[string][]string
	// ViaEndpoint is the VPC endpoint the persona's requests go through,
	// "" for requests over the internet.
	ViaEndpoint string
}

// Documentation addresses (RFC 5737) standing for the public IPs of an
// office, an administrator's laptop and a CI runner.
const (
	OfficeIP = "203.0.113.10"
	AdminIP  = "198.51.100.20"
	RunnerIP = "192.0.2.30"
)

// ServicePersonaPrincipal is the service principal of the default "AWS
// service" persona: CloudTrail writing its logs to a bucket.
const ServicePersonaPrincipal = "cloudtrail.amazonaws.com"

// DefaultPersonas returns the callers the lockout checks use when the
// configuration names none: a console user, an admin role and a CI role of
// account, each calling over the internet (aws:SourceIp set, no
// aws:SourceVpce/aws:SourceVpc, aws-semantics §5.4), and an AWS service
// principal acting for the account (aws:PrincipalIsAWSService true,
// aws:SourceAccount set, never aws:PrincipalOrgID, §7.8).
func DefaultPersonas(account string) []Persona {
	return []Persona{
		rolePersona("console user", account, "ConsoleUser", "user@example.com", OfficeIP),
		rolePersona("admin role", account, "Admin", "cli", AdminIP),
		rolePersona("CI role", account, "ci", "runner", RunnerIP),
		ServicePersona("AWS service", ServicePersonaPrincipal, account),
	}
}

// rolePersona is an assumed-role session of role name in account, calling
// from a public IP over TLS.
func rolePersona(name, account, role, session, ip string) Persona {
	return Persona{
		Name: name,
		Principal: Principal{
			Type:    "AWS",
			ID:      fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", account, role, session),
			Account: account,
		},
		Context: map[string][]string{
			"aws:SourceIp":              {ip},
			"aws:PrincipalArn":          {fmt.Sprintf("arn:aws:iam::%s:role/%s", account, role)},
			"aws:PrincipalAccount":      {account},
			"aws:PrincipalType":         {"AssumedRole"},
			"aws:PrincipalIsAWSService": {"false"},
			"aws:ViaAWSService":         {"false"},
			"aws:SecureTransport":       {"true"},
		},
	}
}

// ServicePersona is the service principal service acting for account: it
// carries aws:SourceAccount but no network-origin key and no
// aws:PrincipalOrgID (aws-semantics §5.4, §7.8).
func ServicePersona(name, service, account string) Persona {
	return Persona{
		Name:      name,
		Principal: Principal{Type: "Service", ID: service},
		Context: map[string][]string{
			"aws:PrincipalIsAWSService": {"true"},
			"aws:PrincipalServiceName":  {service},
			"aws:SourceAccount":         {account},
			"aws:SecureTransport":       {"true"},
		},
	}
}

// EndpointPersona is an assumed-role session of a workload in vpcID calling
// through the VPC endpoint endpointID from the private address ip: the
// request carries aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, and no
// aws:SourceIp (aws-semantics §5.4). region and ip may be empty.
func EndpointPersona(account, region, endpointID, vpcID, ip string) Persona {
	p := rolePersona(fmt.Sprintf("role in %s via %s", vpcID, endpointID), account, "vpc-workload", "instance", "")
	delete(p.Context, "aws:SourceIp")
	p.Context["aws:SourceVpce"] = []string{endpointID}
	p.Context["aws:SourceVpc"] = []string{vpcID}
	if region != "" && account != "" {
		p.Context["aws:SourceVpcArn"] = []string{fmt.Sprintf("arn:aws:ec2:%s:%s:vpc/%s", region, account, vpcID)}
	}
	if ip != "" {
		p.Context["aws:VpcSourceIp"] = []string{ip}
	}
	p.ViaEndpoint = endpointID
	return p
}

var sessionARN = regexp.MustCompile(`^arn:([a-z-]+):sts::([0-9]{12}):assumed-role/([^/]+)/.+$`)

// ParsePrincipal reads a persona principal as written in .vpclint.yaml:
// "anonymous", "service:<name>.amazonaws.com", a 12-digit account (its
// root), or an IAM/STS ARN (user, role, assumed-role session, root).
func ParsePrincipal(s string) (Principal, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.EqualFold(s, "anonymous"):
		return Principal{Type: "Anonymous"}, nil
	case strings.HasPrefix(strings.ToLower(s), "service:"):
		svc := strings.TrimSpace(s[len("service:"):])
		if svc == "" || strings.ContainsAny(svc, "*? ") {
			return Principal{}, fmt.Errorf("principal %q: want service:<name>.amazonaws.com", s)
		}
		return Principal{Type: "Service", ID: svc}, nil
	case accountID.MatchString(s):
		return Principal{Type: "AWS", ID: "arn:aws:iam::" + s + ":root", Account: s}, nil
	}
	a, ok := splitARN(s)
	if !ok || (a.service != "iam" && a.service != "sts") || !accountID.MatchString(a.account) || a.resource == "" || hasWildcard(s) {
		return Principal{}, fmt.Errorf("principal %q: want an IAM or STS ARN of one principal, a 12-digit account, \"anonymous\" or service:<name>", s)
	}
	return Principal{Type: "AWS", ID: s, Account: a.account}, nil
}

// NewPersona builds a persona from a configured principal string (see
// ParsePrincipal) and context. Keys the context does not set are derived
// from the principal: aws:PrincipalArn (the role ARN for a session),
// aws:PrincipalAccount, aws:PrincipalIsAWSService and aws:SecureTransport
// (true); a service principal also gets aws:PrincipalServiceName. Keys are
// matched case-insensitively, so "aws:sourceip" overrides nothing twice.
func NewPersona(name, principal string, ctx map[string][]string) (Persona, error) {
	p, err := ParsePrincipal(principal)
	if err != nil {
		return Persona{}, fmt.Errorf("persona %q: %w", name, err)
	}
	out := Persona{Name: name, Principal: p, Context: map[string][]string{}}
	for k, v := range ctx {
		out.Context[k] = slices.Clone(v)
	}
	set := func(k string, v ...string) {
		if _, ok := lookup(out.Context, k); !ok {
			out.Context[k] = v
		}
	}
	set("aws:SecureTransport", "true")
	switch p.Type {
	case "AWS":
		arn := p.ID
		if m := sessionARN.FindStringSubmatch(p.ID); m != nil {
			arn = fmt.Sprintf("arn:%s:iam::%s:role/%s", m[1], m[2], m[3])
		}
		set("aws:PrincipalArn", arn)
		set("aws:PrincipalAccount", p.Account)
		set("aws:PrincipalIsAWSService", "false")
	case "Service":
		set("aws:PrincipalIsAWSService", "true")
		set("aws:PrincipalServiceName", p.ID)
	}
	for k, v := range out.Context {
		if strings.EqualFold(k, "aws:SourceVpce") && len(v) > 0 {
			out.ViaEndpoint = v[0]
		}
	}
	return out, nil
}

// Request is the persona's request for action on resource.
func (p Persona) Request(action, resource string) Request {
	return Request{Principal: p.Principal, Action: action, Resource: resource, Context: p.Context}
}

// modelledKeys are the condition keys whose absence from a persona's
// context means they are really absent from its requests: the
// network-origin keys (aws-semantics §5.4) and the keys every signed
// request or service call carries or not by construction (§7.8).
var modelledKeys = map[string]bool{
	"aws:sourceip": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
	"aws:vpcsourceip": true, "aws:sourcevpcarn": true,
	"aws:principalarn": true, "aws:principalaccount": true, "aws:principaltype": true,
	"aws:principalisawsservice": true, "aws:principalservicename": true,
	"aws:viaawsservice": true, "aws:securetransport": true,
	"aws:sourceaccount": true, "aws:sourcearn": true,
}

// orgKeys are absent for service principals and anonymous callers (§7.8)
// but unknown for others unless the context sets them.
var orgKeys = map[string]bool{"aws:principalorgid": true, "aws:principalorgpaths": true}

// Unknown reports whether the persona's requests may carry key although
// its context does not set it: vpclint cannot tell, so a decision resting
// on that key's absence is uncertain.
func (p Persona) Unknown(key string) bool {
	k := strings.ToLower(key)
	if _, ok := lookup(p.Context, k); ok || modelledKeys[k] {
		return false
	}
	if orgKeys[k] && (p.Principal.Type == "Service" || p.Principal.Type == "Anonymous") {
		return false
	}
	return true
}

// Assessment is an evaluation Result with whether it rests on condition
// keys whose presence is not known.
type Assessment struct {
	Result
	// Uncertain is set when the decision is not allow and could differ if
	// the request carried UnknownKeys: every denying statement (or, for an
	// implicit deny, some Allow statement that would otherwise apply) has a
	// condition on one of them.
	Uncertain bool
	// UnknownKeys are those condition keys, lower-cased and sorted.
	UnknownKeys []string
}

// Assess evaluates d for req like Evaluate, and marks the outcome uncertain
// when it depends on a condition key for which unknown returns true.
func Assess(d Document, req Request, unknown func(key string) bool) Assessment {
	a := Assessment{Result: Evaluate(d, req)}
	keys := map[string]bool{}
	unknownKeysOf := func(st Statement) bool {
		found := false
		for _, c := range st.Conditions {
			if _, present := lookup(req.Context, c.Key); !present && unknown(c.Key) {
				keys[strings.ToLower(c.Key)] = true
				found = true
			}
		}
		return found
	}
	switch a.Decision {
	case ExplicitDeny:
		a.Uncertain = true
		for _, st := range d.Statements {
			if slices.Contains(a.Denying, st.Index) && !unknownKeysOf(st) {
				a.Uncertain = false
			}
		}
	case ImplicitDeny:
		for _, st := range d.Statements {
			if st.Effect != "Allow" || len(st.Conditions) == 0 {
				continue
			}
			bare := st
			bare.Conditions = nil
			if applies(bare, req) && unknownKeysOf(st) {
				a.Uncertain = true
			}
		}
	case Allow:
	}
	if a.Uncertain {
		for k := range keys {
			a.UnknownKeys = append(a.UnknownKeys, k)
		}
		slices.Sort(a.UnknownKeys)
	}
	return a
}

// Evaluate assesses d for the persona's request for action on resource.
func (p Persona) Evaluate(d Document, action, resource string) Assessment {
	return Assess(d, p.Request(action, resource), p.Unknown)
}

// RootOnly returns d as a VPC endpoint policy reads it for the caller who:
// there an account principal ("AWS": "<account>" or its :root ARN) names
// only that account's root user, not every principal of the account
// (aws-semantics §5.3, unlike §7.2). Account values that do not name who
// as a root user are replaced by a value that matches nobody. d is not
// modified.
func RootOnly(d Document, who Principal) Document {
	out := d
	out.Statements = make([]Statement, len(d.Statements))
	for i, st := range d.Statements {
		st.Principal = rootOnly(st.Principal, who)
		st.NotPrincipal = rootOnly(st.NotPrincipal, who)
		out.Statements[i] = st
	}
	return out
}

func rootOnly(p Principals, who Principal) Principals {
	if p == nil {
		return nil
	}
	out := make(Principals, len(p))
	for typ, vals := range p {
		nv := make([]string, 0, len(vals))
		for _, v := range vals {
			if typ == "AWS" {
				if acct, ok := accountPrincipal(v); ok && !isRoot(who, acct) {
					v = "root-user-only:" + v
				}
			}
			nv = append(nv, v)
		}
		out[typ] = nv
	}
	return out
}

// accountPrincipal returns the account a principal value names as a whole
// (a bare account ID or an arn:…:iam::ACCOUNT:root ARN).
func accountPrincipal(v string) (string, bool) {
	if accountID.MatchString(v) {
		return v, true
	}
	if a, ok := splitARN(v); ok && a.service == "iam" && a.resource == "root" && accountID.MatchString(a.account) {
		return a.account, true
	}
	return "", false
}

func isRoot(who Principal, account string) bool {
	a, ok := splitARN(who.ID)
	return who.Type == "AWS" && ok && a.service == "iam" && a.resource == "root" && a.account == account
}

// representativeActions stand for a wildcard grant when an endpoint policy
// is checked against what roles are allowed: the actions workloads most
// commonly call, per service prefix.
var representativeActions = map[string][]string{
	"s3":             {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"},
	"dynamodb":       {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"},
	"sqs":            {"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"},
	"sns":            {"sns:Publish"},
	"kms":            {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"},
	"secretsmanager": {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
	"ssm":            {"ssm:GetParameter", "ssm:GetParameters", "ssm:UpdateInstanceInformation"},
	"ssmmessages":    {"ssmmessages:CreateControlChannel", "ssmmessages:OpenControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenDataChannel"},
	"ec2messages":    {"ec2messages:GetMessages", "ec2messages:AcknowledgeMessage", "ec2messages:SendReply"},
	"logs":           {"logs:CreateLogStream", "logs:PutLogEvents"},
	"ecr":            {"ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"},
	"sts":            {"sts:AssumeRole", "sts:GetCallerIdentity"},
	"execute-api":    {"execute-api:Invoke"},
	"lambda":         {"lambda:InvokeFunction"},
	"kinesis":        {"kinesis:PutRecord", "kinesis:PutRecords", "kinesis:GetRecords"},
	"cloudwatch":     {"cloudwatch:PutMetricData"},
	"events":         {"events:PutEvents"},
	"ec2":            {"ec2:DescribeInstances"},
}

// ActionsFor lists the concrete actions of service (an IAM service prefix
// such as "s3") that an Allow statement's Action pattern stands for: the
// action itself when it has no wildcard, else the service's representative
// actions it matches. Patterns of other services give nothing.
func ActionsFor(pattern, service string) []string {
	svc, _, ok := strings.Cut(pattern, ":")
	if pattern == "*" {
		svc, ok = "*", true
	}
	if !ok || !MatchAction(svc, service) {
		return nil
	}
	if !hasWildcard(pattern) {
		return []string{pattern}
	}
	var out []string
	for _, a := range representativeActions[strings.ToLower(service)] {
		if MatchAction(pattern, a) {
			out = append(out, a)
		}
	}
	return out
}

// NotActionsFor lists the representative actions of service that an Allow
// with NotAction notIn grants: those none of notIn matches.
func NotActionsFor(notIn []string, service string) []string {
	var out []string
	for _, a := range representativeActions[strings.ToLower(service)] {
		if !matchesAny(notIn, a, MatchAction) {
			out = append(out, a)
		}
	}
	return out
}
