package engine

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// AccessFacts is input.facts.access: policy evaluations the access and
// endpoint breakage checks select from (S3004, S3005, IAM013, FL001,
// VPCE003, VPCE006). Every decision comes from iampolicy.Evaluate.
type AccessFacts struct {
	// BucketPersonas maps a bucket with a policy to the decision of that
	// policy for every persona and probe action.
	BucketPersonas map[string][]PersonaDecision `json:"bucket_personas"`
	// VPCRefs maps a bucket to the VPC endpoints and VPCs its policy's
	// conditions name (aws:SourceVpce, aws:SourceVpc, aws:SourceVpcArn),
	// with whether the snapshot has them.
	VPCRefs map[string][]VPCRef `json:"vpc_refs"`
	// MissingVPCRefs is the subset of VPCRefs the snapshot does not have:
	// a typo there locks everyone out (aws-semantics §5.5).
	MissingVPCRefs map[string][]VPCRef `json:"missing_vpc_refs"`
	// GatewayEndpointClients maps a gateway endpoint to the subnets whose
	// route tables it is associated with and the instances in them.
	GatewayEndpointClients map[string]GatewayClients `json:"gateway_endpoint_clients"`
	// InstanceRoleTrust maps a role used by an instance profile or an
	// instance to whether its trust policy lets ec2.amazonaws.com assume it.
	InstanceRoleTrust map[string]TrustCheck `json:"instance_role_trust"`
	// FlowLogRoles maps a flow log delivering to CloudWatch Logs to its
	// delivery role and whether that role trusts vpc-flow-logs.amazonaws.com.
	FlowLogRoles map[string]FlowLogRole `json:"flow_log_roles"`
	// EndpointBlockedActions maps an endpoint with a custom policy to the
	// actions that roles of instances using it are granted but the endpoint
	// policy does not allow.
	EndpointBlockedActions map[string][]BlockedAction `json:"endpoint_blocked_actions"`
}

// PersonaDecision is one persona's probe of one bucket policy.
type PersonaDecision struct {
	Persona       string `json:"persona"`
	PrincipalType string `json:"principal_type"`
	Principal     string `json:"principal"`
	// ViaEndpoint is the endpoint the persona calls through ("" = internet).
	ViaEndpoint string   `json:"via_endpoint"`
	Action      string   `json:"action"`
	Resource    string   `json:"resource"`
	Decision    string   `json:"decision"`
	Allowing    []int    `json:"allowing"`
	Denying     []int    `json:"denying"`
	Uncertain   bool     `json:"uncertain"`
	UnknownKeys []string `json:"unknown_keys"`
}

// VPCRef is one VPC endpoint or VPC id named in a policy condition.
type VPCRef struct {
	Statement int    `json:"statement"`
	Key       string `json:"key"`
	Value     string `json:"value"`
	Exists    bool   `json:"exists"`
}

// GatewayClients is who uses a gateway endpoint's routes.
type GatewayClients struct {
	Service       string   `json:"service"`
	VPCID         string   `json:"vpc_id"`
	Region        string   `json:"region"`
	RouteTableIDs []string `json:"route_table_ids"`
	SubnetIDs     []string `json:"subnet_ids"`
	InstanceIDs   []string `json:"instance_ids"`
}

// TrustCheck is a trust policy evaluated for a service principal's
// sts:AssumeRole.
type TrustCheck struct {
	Service            string   `json:"service"`
	Decision           string   `json:"decision"`
	Allowing           []int    `json:"allowing"`
	Denying            []int    `json:"denying"`
	Uncertain          bool     `json:"uncertain"`
	UnknownKeys        []string `json:"unknown_keys"`
	InstanceProfileIDs []string `json:"instance_profile_ids"`
	InstanceIDs        []string `json:"instance_ids"`
}

// FlowLogRole is a CloudWatch Logs flow log's delivery role.
type FlowLogRole struct {
	RoleARN string `json:"role_arn"`
	// RoleID is the snapshot role, "" when not found.
	RoleID string `json:"role_id"`
	Found  bool   `json:"found"`
	// RolesRead says the snapshot holds the account's roles (some role of
	// the account, and no IAM coverage gap), so a missing role is telling.
	RolesRead bool `json:"roles_read"`
	// Trust is set when the role was found.
	Trust *TrustCheck `json:"trust"`
}

// BlockedAction is an action a role is granted that an endpoint policy
// does not allow for requests through the endpoint.
type BlockedAction struct {
	RoleID      string   `json:"role_id"`
	InstanceIDs []string `json:"instance_ids"`
	Action      string   `json:"action"`
	// Resources are the granted resources probed ("*" for all).
	Resources []string `json:"resources"`
	// GrantedBy names the identity policy statement granting the action.
	GrantedBy   string   `json:"granted_by"`
	Decision    string   `json:"decision"`
	Denying     []int    `json:"denying"`
	Uncertain   bool     `json:"uncertain"`
	UnknownKeys []string `json:"unknown_keys"`
}

// bucketProbes are the requests every persona makes to a bucket; AWS
// services also write objects (log delivery).
func bucketProbes(bucket string, service bool) [][2]string {
	arn := "arn:aws:s3:::" + bucket
	p := [][2]string{{"s3:GetObject", arn + "/*"}, {"s3:ListBucket", arn}, {"s3:PutBucketPolicy", arn}}
	if service {
		p = append(p, [2]string{"s3:PutObject", arn + "/*"})
	}
	return p
}

// attachAccessFacts computes the access facts and inserts them into facts
// (input.facts) as "access".
func attachAccessFacts(facts ast.Value, s *snapshot.Snapshot, fo FactOptions) error {
	obj, ok := facts.(ast.Object)
	if !ok {
		return fmt.Errorf("facts are %T, not an object", facts)
	}
	v, err := toValue(computeAccessFacts(s, fo))
	if err != nil {
		return fmt.Errorf("access facts: %w", err)
	}
	obj.Insert(ast.StringTerm("access"), ast.NewTerm(v))
	return nil
}

type accessIndex struct {
	s          *snapshot.Snapshot
	vpcs       map[string]*snapshot.VPC
	subnets    map[string]*snapshot.Subnet
	endpoints  map[string]bool
	roles      map[string]*snapshot.Role // by id and by ARN
	policies   map[string]*snapshot.ManagedPolicy
	orgs       map[string]string // account -> organization id
	roleAccts  map[string]bool
	iamGapAcct map[string]bool // "" = unscoped gap
}

func newAccessIndex(s *snapshot.Snapshot) *accessIndex {
	x := &accessIndex{
		s: s, vpcs: map[string]*snapshot.VPC{}, subnets: map[string]*snapshot.Subnet{},
		endpoints: map[string]bool{}, roles: map[string]*snapshot.Role{},
		policies: map[string]*snapshot.ManagedPolicy{}, orgs: map[string]string{},
		roleAccts: map[string]bool{}, iamGapAcct: map[string]bool{},
	}
	for i := range s.VPCs {
		x.vpcs[s.VPCs[i].ID] = &s.VPCs[i]
	}
	for i := range s.Subnets {
		x.subnets[s.Subnets[i].ID] = &s.Subnets[i]
	}
	for _, e := range s.VPCEndpoints {
		x.endpoints[e.ID] = true
	}
	for i := range s.Roles {
		r := &s.Roles[i]
		x.roles[r.ID] = r
		if r.ARN != "" {
			x.roles[r.ARN] = r
		}
		x.roleAccts[accountOf(r.Meta, r.ARN)] = true
	}
	for i := range s.Policies {
		p := &s.Policies[i]
		x.policies[p.ID] = p
		if p.ARN != "" {
			x.policies[p.ARN] = p
		}
	}
	for _, a := range s.Accounts {
		x.orgs[a.ID] = a.OrganizationID
	}
	for _, g := range s.Coverage {
		if strings.EqualFold(g.Service, "iam") {
			x.iamGapAcct[g.Account] = true
		}
	}
	return x
}

// defaultAccount is the account of an entity that does not say: the
// snapshot's only account, if it has one.
func (x *accessIndex) defaultAccount(acct string) string {
	if acct == "" && len(x.s.Accounts) == 1 {
		return x.s.Accounts[0].ID
	}
	return acct
}

func computeAccessFacts(s *snapshot.Snapshot, fo FactOptions) AccessFacts {
	x := newAccessIndex(s)
	f := AccessFacts{
		BucketPersonas:         map[string][]PersonaDecision{},
		VPCRefs:                map[string][]VPCRef{},
		MissingVPCRefs:         map[string][]VPCRef{},
		GatewayEndpointClients: map[string]GatewayClients{},
		InstanceRoleTrust:      map[string]TrustCheck{},
		FlowLogRoles:           map[string]FlowLogRole{},
		EndpointBlockedActions: map[string][]BlockedAction{},
	}
	for _, b := range s.Buckets {
		if b.Policy == nil {
			continue
		}
		f.BucketPersonas[b.ID] = x.bucketPersonas(b, fo)
		refs := x.vpcRefs(*b.Policy)
		if len(refs) > 0 {
			f.VPCRefs[b.ID] = refs
		}
		var missing []VPCRef
		for _, r := range refs {
			if !r.Exists {
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			f.MissingVPCRefs[b.ID] = missing
		}
	}
	for _, e := range s.VPCEndpoints {
		if strings.EqualFold(e.Type, "Gateway") {
			f.GatewayEndpointClients[e.ID] = x.gatewayClients(e)
		}
	}
	x.instanceRoleTrust(f.InstanceRoleTrust)
	for _, fl := range s.FlowLogs {
		if r, ok := x.flowLogRole(fl); ok {
			f.FlowLogRoles[fl.ID] = r
		}
	}
	for _, e := range s.VPCEndpoints {
		if b := x.endpointBlocked(e); len(b) > 0 {
			f.EndpointBlockedActions[e.ID] = b
		}
	}
	return f
}

// personasFor returns the configured personas, else the defaults of
// account (with aws:PrincipalOrgID when the organization is known), plus a
// caller through every S3 endpoint of the snapshot in region.
func (x *accessIndex) personasFor(account, region string, fo FactOptions) []iampolicy.Persona {
	ps := slices.Clone(fo.Personas)
	if len(ps) == 0 {
		ps = iampolicy.DefaultPersonas(account)
		if org := x.orgs[account]; org != "" {
			for i := range ps {
				if ps[i].Principal.Type == "AWS" {
					ps[i].Context["aws:PrincipalOrgID"] = []string{org}
				}
			}
		}
	}
	for _, e := range x.s.VPCEndpoints {
		if serviceOf(e.ServiceName) != "s3" || (region != "" && e.Region != "" && e.Region != region) {
			continue
		}
		acct := x.defaultAccount(e.Account)
		ps = append(ps, iampolicy.EndpointPersona(acct, e.Region, e.ID, e.VPCID, x.vpcClientIP(e.VPCID)))
	}
	return ps
}

// vpcClientIP is a private address of a workload in the VPC: a running
// instance's, else the tenth address of the VPC's first CIDR.
func (x *accessIndex) vpcClientIP(vpcID string) string {
	for _, in := range x.s.Instances {
		if in.VPCID == vpcID && in.PrivateIP != "" {
			return in.PrivateIP
		}
	}
	if v := x.vpcs[vpcID]; v != nil && len(v.CIDRBlocks) > 0 {
		if p, err := netip.ParsePrefix(v.CIDRBlocks[0]); err == nil && p.Addr().Is4() {
			a := p.Masked().Addr().As4()
			a[3] += 10
			return netip.AddrFrom4(a).String()
		}
	}
	return ""
}

func (x *accessIndex) bucketPersonas(b snapshot.Bucket, fo FactOptions) []PersonaDecision {
	acct := x.defaultAccount(b.Account)
	out := []PersonaDecision{}
	for _, p := range x.personasFor(acct, b.Region, fo) {
		for _, pr := range bucketProbes(cmp.Or(b.Name, b.ID), p.Principal.Type == "Service") {
			a := p.Evaluate(*b.Policy, pr[0], pr[1])
			out = append(out, PersonaDecision{
				Persona: p.Name, PrincipalType: p.Principal.Type, Principal: p.Principal.ID,
				ViaEndpoint: p.ViaEndpoint, Action: pr[0], Resource: pr[1],
				Decision: string(a.Decision), Allowing: nonNil(a.Allowing), Denying: nonNil(a.Denying),
				Uncertain: a.Uncertain, UnknownKeys: nonNil(a.UnknownKeys),
			})
		}
	}
	return out
}

// vpcRefs lists the endpoint and VPC ids a policy's conditions name, in
// statement order; wildcard values are skipped.
func (x *accessIndex) vpcRefs(d iampolicy.Document) []VPCRef {
	var out []VPCRef
	seen := map[VPCRef]bool{}
	for _, st := range d.Statements {
		for _, c := range st.Conditions {
			key := strings.ToLower(c.Key)
			for _, v := range c.Values {
				if strings.ContainsAny(v, "*?$") {
					continue
				}
				var exists bool
				switch key {
				case "aws:sourcevpce":
					exists = x.endpoints[v]
				case "aws:sourcevpc":
					exists = x.vpcs[v] != nil
				case "aws:sourcevpcarn":
					_, id, ok := strings.Cut(v, ":vpc/")
					exists = ok && x.vpcs[id] != nil
				default:
					continue
				}
				r := VPCRef{Statement: st.Index, Key: key, Value: v, Exists: exists}
				if !seen[r] {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// live reports whether an instance is (or may again be) running.
func live(in snapshot.Instance) bool {
	return in.State != "terminated" && in.State != "shutting-down"
}

func (x *accessIndex) gatewayClients(e snapshot.VPCEndpoint) GatewayClients {
	g := GatewayClients{
		Service: serviceOf(e.ServiceName), VPCID: e.VPCID, Region: e.Region,
		RouteTableIDs: nonNil(slices.Clone(e.RouteTableIDs)), SubnetIDs: []string{}, InstanceIDs: []string{},
	}
	subnets := map[string]bool{}
	for _, sn := range x.s.Subnets {
		if sn.VPCID == e.VPCID && slices.Contains(e.RouteTableIDs, sn.RouteTableID) {
			subnets[sn.ID] = true
			g.SubnetIDs = append(g.SubnetIDs, sn.ID)
		}
	}
	for _, in := range x.s.Instances {
		if live(in) && subnets[in.SubnetID] {
			g.InstanceIDs = append(g.InstanceIDs, in.ID)
		}
	}
	slices.Sort(g.SubnetIDs)
	slices.Sort(g.InstanceIDs)
	return g
}

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
