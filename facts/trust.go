package facts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// assumeRole evaluates role's trust policy for service's sts:AssumeRole
// with the context the service sends.
func assumeRole(role *snapshot.Role, p iampolicy.Persona) TrustCheck {
	a := p.Evaluate(role.TrustPolicy, "sts:AssumeRole", cmp.Or(role.ARN, role.ID))
	return TrustCheck{
		Service: p.Principal.ID, Decision: string(a.Decision),
		Allowing: nonNil(a.Allowing), Denying: nonNil(a.Denying),
		Uncertain: a.Uncertain, UnknownKeys: nonNil(a.UnknownKeys),
		InstanceProfileIDs: []string{}, InstanceIDs: []string{},
	}
}

// ec2Persona is EC2 assuming an instance profile's role: EC2 does not send
// aws:SourceAccount or aws:SourceArn (landscape: Prowler #2810).
func ec2Persona() iampolicy.Persona {
	return iampolicy.Persona{
		Name:      "ec2",
		Principal: iampolicy.Principal{Type: "Service", ID: "ec2.amazonaws.com"},
		Context: map[string][]string{
			"aws:PrincipalIsAWSService": {"true"},
			"aws:PrincipalServiceName":  {"ec2.amazonaws.com"},
			"aws:SecureTransport":       {"true"},
		},
	}
}

func (x *accessIndex) instanceRoleTrust(out map[string]TrustCheck) {
	profiles := map[string][]string{}  // role id -> profiles
	instances := map[string][]string{} // role id -> instances
	add := func(m map[string][]string, ref, v string) {
		if r := x.roles[ref]; r != nil && !slices.Contains(m[r.ID], v) {
			m[r.ID] = append(m[r.ID], v)
		}
	}
	for _, p := range x.s.InstanceProfiles {
		for _, r := range p.RoleIDs {
			add(profiles, r, p.ID)
		}
	}
	for _, r := range x.s.Roles {
		for _, p := range r.InstanceProfileIDs {
			add(profiles, r.ID, p)
		}
	}
	for _, in := range x.s.Instances {
		if !live(in) {
			continue
		}
		for _, r := range in.RoleIDs {
			add(instances, r, in.ID)
		}
	}
	for i := range x.s.Roles {
		r := &x.s.Roles[i]
		if profiles[r.ID] == nil && instances[r.ID] == nil {
			continue
		}
		t := assumeRole(r, ec2Persona())
		t.InstanceProfileIDs = nonNil(profiles[r.ID])
		t.InstanceIDs = nonNil(instances[r.ID])
		slices.Sort(t.InstanceProfileIDs)
		slices.Sort(t.InstanceIDs)
		out[r.ID] = t
	}
}

// roleByARN finds a role by id, ARN, or name and account (a role's id is
// its name when the ARN was not known).
func (x *accessIndex) roleByARN(arn string) *snapshot.Role {
	if r := x.roles[arn]; r != nil {
		return r
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return nil
	}
	name := parts[5][strings.LastIndexByte(parts[5], '/')+1:]
	for i := range x.s.Roles {
		r := &x.s.Roles[i]
		if r.Name == name && accountOf(r.Meta, r.ARN) == parts[4] {
			return r
		}
	}
	return nil
}

// flowLogRole evaluates the delivery role of a flow log publishing to
// CloudWatch Logs (the API's default destination type) for
// vpc-flow-logs.amazonaws.com, which sends aws:SourceAccount and
// aws:SourceArn (the flow log's ARN).
func (x *accessIndex) flowLogRole(fl snapshot.FlowLog) (FlowLogRole, bool) {
	if fl.DeliverLogsRoleARN == "" || (fl.DestinationType != "" && fl.DestinationType != "cloud-watch-logs") {
		return FlowLogRole{}, false
	}
	acct := x.defaultAccount(fl.Account)
	out := FlowLogRole{RoleARN: fl.DeliverLogsRoleARN}
	roleAcct := acct
	if p := strings.SplitN(fl.DeliverLogsRoleARN, ":", 6); len(p) == 6 && p[4] != "" {
		roleAcct = p[4]
	}
	out.RolesRead = x.roleAccts[roleAcct] && !x.iamGapAcct[""] && !x.iamGapAcct[roleAcct]
	r := x.roleByARN(fl.DeliverLogsRoleARN)
	if r == nil {
		return out, true
	}
	out.RoleID, out.Found = r.ID, true
	p := iampolicy.ServicePersona("vpc flow logs", "vpc-flow-logs.amazonaws.com", acct)
	if fl.Region != "" && acct != "" {
		p.Context["aws:SourceArn"] = []string{fmt.Sprintf("arn:aws:ec2:%s:%s:vpc-flow-log/%s", fl.Region, acct, fl.ID)}
	}
	if acct == "" {
		delete(p.Context, "aws:SourceAccount")
	}
	t := assumeRole(r, p)
	out.Trust = &t
	return out, true
}
