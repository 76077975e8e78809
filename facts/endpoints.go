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
