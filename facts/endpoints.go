package facts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// serviceOf maps an endpoint service name (com.amazonaws.us-east-1.s3) to
// the IAM service prefix of its actions ("s3"); "" when unknown.
func serviceOf(name string) string {
	parts := strings.Split(name, ".")
	// com.amazonaws.vpce.<region>.vpce-svc-… are endpoint services, not AWS services.
	if len(parts) < 4 || parts[0] != "com" || parts[1] != "amazonaws" || parts[2] == "vpce" {
		return ""
	}
	svc := parts[3]
	if alias, ok := map[string]string{
		"monitoring": "cloudwatch", "email-smtp": "ses", "git-codecommit": "codecommit",
		"s3-global": "s3", "ecs-agent": "ecs", "ecs-telemetry": "ecs",
	}[svc]; ok {
		return alias
	}
	return svc
}

// grant is one Allow statement of a role's identity policies.
type grant struct {
	by string
	st iampolicy.Statement
}

func (x *accessIndex) roleGrants(r *snapshot.Role) []grant {
	var out []grant
	add := func(by string, d iampolicy.Document) {
		for _, st := range d.Statements {
			if st.Effect == "Allow" {
				out = append(out, grant{fmt.Sprintf("%s statement %d", by, st.Index), st})
			}
		}
	}
	for _, p := range r.InlinePolicies {
		add("inline policy "+p.Name, p.Document)
	}
	for _, arn := range r.AttachedPolicyARNs {
		if p := x.policies[arn]; p != nil {
			add("managed policy "+cmp.Or(p.Name, arn), p.Document)
		}
	}
	return out
}

// endpointClients lists the live instances whose requests to the service
// can use e: those in subnets served by a gateway endpoint's route tables,
// or anywhere in an interface endpoint's VPC.
func (x *accessIndex) endpointClients(e snapshot.VPCEndpoint) []snapshot.Instance {
	var out []snapshot.Instance
	for _, in := range x.s.Instances {
		if !live(in) {
			continue
		}
		sn := x.subnets[in.SubnetID]
		vpc := in.VPCID
		if vpc == "" && sn != nil {
			vpc = sn.VPCID
		}
		if vpc != e.VPCID {
			continue
		}
		if strings.EqualFold(e.Type, "Gateway") && (sn == nil || !slices.Contains(e.RouteTableIDs, sn.RouteTableID)) {
			continue
		}
		out = append(out, in)
	}
	return out
}

// s3ObjectAction reports S3 actions on objects (resource bucket/key);
// the others act on the bucket.
func s3ObjectAction(a string) bool {
	l := strings.ToLower(a)
	return strings.Contains(l, "object") || strings.Contains(l, "multipartupload")
}

// probeResources are the resources of a grant the action applies to:
// "" for "*" (any), and for S3 only object ARNs for object actions and
// bucket ARNs for bucket actions.
func probeResources(st iampolicy.Statement, service, action string) []string {
	if st.Resource == nil {
		return []string{""}
	}
	var out []string
	for _, r := range st.Resource {
		if r == "*" {
			return []string{""}
		}
		if service == "s3" && strings.HasPrefix(r, "arn:aws:s3:::") {
			if strings.Contains(r, "/") != s3ObjectAction(action) {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// endpointBlocked evaluates a custom endpoint policy for every action the
// roles of e's clients are granted on e's service (representative actions
// for wildcards), with each role's session as the principal and the
// request context of a call through e (aws-semantics §5.3, §5.4). An
// action is blocked when the endpoint policy allows it for none of the
// granted resources.
func (x *accessIndex) endpointBlocked(e snapshot.VPCEndpoint) []BlockedAction {
	svc := serviceOf(e.ServiceName)
	if e.Policy == nil || e.PolicyIsDefault || svc == "" || strings.EqualFold(e.Type, "GatewayLoadBalancer") {
		return nil
	}
	roleInstances := map[string][]string{}
	var roleOrder []string
	vpcIP := map[string]string{}
	for _, in := range x.endpointClients(e) {
		for _, ref := range in.RoleIDs {
			r := x.roles[ref]
			if r == nil {
				continue
			}
			if roleInstances[r.ID] == nil {
				roleOrder = append(roleOrder, r.ID)
				vpcIP[r.ID] = in.PrivateIP
			}
			roleInstances[r.ID] = append(roleInstances[r.ID], in.ID)
		}
	}
	var out []BlockedAction
	for _, id := range roleOrder {
		r := x.roles[id]
		acct := x.defaultAccount(accountOf(r.Meta, r.ARN))
		p := iampolicy.EndpointPersona(acct, e.Region, e.ID, e.VPCID, vpcIP[id])
		p.Principal.ID = fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", acct, r.Name, roleInstances[id][0])
		p.Context["aws:PrincipalArn"] = []string{cmp.Or(r.ARN, r.ID)}
		if org := x.orgs[acct]; org != "" {
			p.Context["aws:PrincipalOrgID"] = []string{org}
		}
		policy := iampolicy.RootOnly(*e.Policy, p.Principal)
		seen := map[string]bool{}
		for _, g := range x.roleGrants(r) {
			if !grantHolds(g.st, p.Context) {
				continue
			}
			var actions []string
			if g.st.NotAction != nil {
				actions = iampolicy.NotActionsFor(g.st.NotAction, svc)
			}
			for _, a := range g.st.Action {
				actions = append(actions, iampolicy.ActionsFor(a, svc)...)
			}
			for _, a := range actions {
				if seen[strings.ToLower(a)] {
					continue
				}
				res := probeResources(g.st, svc, a)
				if len(res) == 0 {
					continue
				}
				seen[strings.ToLower(a)] = true
				if b, blocked := probeAction(policy, p, a, res); blocked {
					b.RoleID, b.InstanceIDs, b.GrantedBy = id, roleInstances[id], g.by
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// grantHolds reports whether an identity statement's conditions hold for
// a request through the endpoint; one that may not is left out rather
// than reported.
func grantHolds(st iampolicy.Statement, ctx map[string][]string) bool {
	for _, c := range st.Conditions {
		if !iampolicy.EvalCondition(c, ctx) {
			return false
		}
	}
	return true
}

func probeAction(policy iampolicy.Document, p iampolicy.Persona, action string, resources []string) (BlockedAction, bool) {
	b := BlockedAction{Action: action, Decision: string(iampolicy.ImplicitDeny), Denying: []int{}, UnknownKeys: []string{}}
	for _, res := range resources {
		a := p.Evaluate(policy, action, res)
		if a.Decision == iampolicy.Allow {
			return BlockedAction{}, false
		}
		b.Resources = append(b.Resources, cmp.Or(res, "*"))
		if a.Decision == iampolicy.ExplicitDeny {
			b.Decision = string(iampolicy.ExplicitDeny)
		}
		for _, d := range a.Denying {
			if !slices.Contains(b.Denying, d) {
				b.Denying = append(b.Denying, d)
			}
		}
		b.Uncertain = b.Uncertain || a.Uncertain
		for _, k := range a.UnknownKeys {
			if !slices.Contains(b.UnknownKeys, k) {
				b.UnknownKeys = append(b.UnknownKeys, k)
			}
		}
	}
	slices.Sort(b.Denying)
	slices.Sort(b.UnknownKeys)
	return b, true
}

// EndpointLock is an endpoint policy that lets nothing of its service
// through, for anyone (aws-semantics §5.3: the policy is intersected with
// every other, so nothing else can make up for it).
type EndpointLock struct {
	// Service is the IAM service prefix of the endpoint's service ("s3").
	Service string `json:"service"`
	// Kind is denies_all (statements without conditions deny every probed
	// action of the service to any principal on any resource) or
	// allows_nothing (no Allow statement names an action of the service).
	Kind string `json:"kind"`
	// Actions are the probed actions: the service's representative ones.
	Actions []string `json:"actions"`
	// Denying are the statements that deny them all, sorted (denies_all).
	Denying []int `json:"denying"`
}

// anyone is a principal no endpoint policy names: a statement that applies
// to it applies to every caller.
var anyone = iampolicy.Principal{Type: "AWS", ID: "arn:aws:iam::000000000000:role/vpclint-anyone", Account: "000000000000"}

// endpointLock checks a custom endpoint policy for a lock on the whole
// service. Conditional statements are left out of the deny test (they
// spare someone), and kept in the allow test (they may allow someone).
func endpointLock(e snapshot.VPCEndpoint) (EndpointLock, bool) {
	svc := serviceOf(e.ServiceName)
	if e.Policy == nil || e.PolicyIsDefault || !e.Policy.Valid() || svc == "" || strings.EqualFold(e.Type, "GatewayLoadBalancer") {
		return EndpointLock{}, false
	}
	actions := iampolicy.ActionsFor(svc+":*", svc)
	if len(actions) == 0 {
		return EndpointLock{}, false
	}
	lock := EndpointLock{Service: svc, Actions: actions, Denying: []int{}}
	var unconditional iampolicy.Document
	for _, st := range e.Policy.Statements {
		if st.Effect == "Deny" && len(st.Conditions) == 0 {
			unconditional.Statements = append(unconditional.Statements, st)
		}
	}
	deniesAll := true
	for _, a := range actions {
		r := iampolicy.Evaluate(unconditional, iampolicy.Request{Principal: anyone, Action: a, Resource: probeARN(svc, e.Region, a)})
		if r.Decision != iampolicy.ExplicitDeny {
			deniesAll = false
			break
		}
		for _, d := range r.Denying {
			if !slices.Contains(lock.Denying, d) {
				lock.Denying = append(lock.Denying, d)
			}
		}
	}
	if deniesAll {
		slices.Sort(lock.Denying)
		lock.Kind = "denies_all"
		return lock, true
	}
	lock.Denying = []int{}
	for _, st := range e.Policy.Statements {
		if st.Effect == "Allow" && (st.Principal == nil || len(st.Principal) > 0) && namesService(st, svc) {
			return EndpointLock{}, false
		}
	}
	lock.Kind = "allows_nothing"
	return lock, true
}

// namesService reports whether a statement's actions may include one of
// svc's; a NotAction may always.
func namesService(st iampolicy.Statement, svc string) bool {
	if st.NotAction != nil || st.Action == nil {
		return true
	}
	return slices.ContainsFunc(st.Action, func(p string) bool { return len(iampolicy.ActionsFor(p, svc)) > 0 })
}

// probeARN is a resource of svc that no policy names in particular, so a
// statement applying to it applies to every resource of the service.
func probeARN(svc, region, action string) string {
	if svc == "s3" {
		if s3ObjectAction(action) {
			return "arn:aws:s3:::vpclint-probe/vpclint-probe"
		}
		return "arn:aws:s3:::vpclint-probe"
	}
	return fmt.Sprintf("arn:aws:%s:%s:000000000000:vpclint-probe/vpclint-probe", svc, cmp.Or(region, "us-east-1"))
}
