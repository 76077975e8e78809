package facts

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// Access is input.facts.access: policy evaluations the access and
// endpoint breakage checks select from (S3004, S3005, IAM013, FL001,
// VPCE003, VPCE006, VPCE007). Every decision comes from iampolicy.Evaluate
// (aws-semantics §7).
type Access struct {
	// BucketPersonas maps a bucket with a policy to the decision of that
	// policy for every persona and probe: s3:GetObject on bucket/*,
	// s3:ListBucket and s3:PutBucketPolicy on the bucket, plus
	// s3:PutObject for service principals. Personas are .vpclint.yaml's,
	// else iampolicy.DefaultPersonas of the bucket's account (console
	// user, admin role, CI role over the internet; the AWS service
	// cloudtrail.amazonaws.com), plus one caller through every S3 endpoint
	// of the snapshot in the bucket's Region (§5.4).
	BucketPersonas map[string][]PersonaDecision `json:"bucket_personas"`
	// VPCRefs maps a bucket to the VPC endpoints and VPCs its policy's
	// conditions name (aws:SourceVpce, aws:SourceVpc, aws:SourceVpcArn),
	// with whether the snapshot has them.
	VPCRefs map[string][]VPCRef `json:"vpc_refs"`
	// MissingVPCRefs is the subset of VPCRefs the snapshot does not have:
	// a typo there locks everyone out (aws-semantics §5.5).
	MissingVPCRefs map[string][]VPCRef `json:"missing_vpc_refs"`
	// GatewayEndpointClients maps a gateway endpoint to the subnets using
	// its route tables and their live instances (§5.1).
	GatewayEndpointClients map[string]GatewayClients `json:"gateway_endpoint_clients"`
	// InstanceRoleTrust maps a role in an instance profile or used by an
	// instance to its trust policy evaluated for EC2's sts:AssumeRole
	// (without aws:SourceAccount, which EC2 does not send).
	InstanceRoleTrust map[string]TrustCheck `json:"instance_role_trust"`
	// FlowLogRoles maps a flow log delivering to CloudWatch Logs with a
	// delivery role to that role and its trust evaluated for
	// vpc-flow-logs.amazonaws.com, with aws:SourceAccount and
	// aws:SourceArn (the flow log's ARN).
	FlowLogRoles map[string]FlowLogRole `json:"flow_log_roles"`
	// EndpointBlockedActions maps an endpoint with a custom policy to the
	// actions that roles of the instances using it are granted on its
	// service but the endpoint policy does not allow. Wildcard grants
	// stand for a few common actions of the service
	// (iampolicy.ActionsFor); the principal is the role's session, and
	// "AWS": "<account>" in the endpoint policy names the root user only
	// (§5.3, iampolicy.RootOnly).
	EndpointBlockedActions map[string][]BlockedAction `json:"endpoint_blocked_actions"`
	// EndpointLocks maps an endpoint whose custom policy lets nothing of
	// its service through, for any caller, to what locks it (VPCE007):
	// an unconditional Deny of every probed action, or no Allow naming an
	// action of the service. Parse errors are IAM011's, not a lock.
	EndpointLocks map[string]EndpointLock `json:"endpoint_locks"`
}

// PersonaDecision is one persona's probe of one bucket policy.
type PersonaDecision struct {
	// Persona is the persona's name ("console user").
	Persona string `json:"persona"`
	// PrincipalType is the principal's kind: AWS or Service.
	PrincipalType string `json:"principal_type"`
	// Principal is the ARN or service name the persona calls as.
	Principal string `json:"principal"`
	// ViaEndpoint is the endpoint the persona calls through ("" = internet):
	// the request then carries aws:SourceVpce, aws:SourceVpc and
	// aws:VpcSourceIp, and no aws:SourceIp.
	ViaEndpoint string `json:"via_endpoint"`
	// Action is the probe's action ("s3:GetObject").
	Action string `json:"action"`
	// Resource is the probe's resource ARN.
	Resource string `json:"resource"`
	// Decision is allow, explicit_deny or implicit_deny. A lockout is
	// explicit_deny; implicit_deny is not, since identity policies can
	// allow (§7.1).
	Decision string `json:"decision"`
	// Allowing are the indexes of the statements that allow.
	Allowing []int `json:"allowing"`
	// Denying are the indexes of the statements that deny.
	Denying []int `json:"denying"`
	// Uncertain marks a deny that rests on a condition key the persona may
	// carry but vpclint cannot know.
	Uncertain bool `json:"uncertain"`
	// UnknownKeys are those keys, lower-cased (aws:principalorgid when the
	// organization is unknown).
	UnknownKeys []string `json:"unknown_keys"`
}

// VPCRef is one VPC endpoint or VPC id named in a policy condition.
type VPCRef struct {
	// Statement is the index of the statement naming it.
	Statement int `json:"statement"`
	// Key is the condition key, lower-cased: aws:sourcevpce,
	// aws:sourcevpc or aws:sourcevpcarn.
	Key string `json:"key"`
	// Value is the id or ARN as written.
	Value string `json:"value"`
	// Exists says the snapshot has that endpoint or VPC.
	Exists bool `json:"exists"`
}

// GatewayClients is who uses a gateway endpoint's routes.
type GatewayClients struct {
	// Service is the IAM service prefix of the endpoint's service ("s3").
	Service       string   `json:"service"`
	VPCID         string   `json:"vpc_id"`
	Region        string   `json:"region"`
	RouteTableIDs []string `json:"route_table_ids"`
	// SubnetIDs are the subnets of the VPC using those route tables, sorted.
	SubnetIDs []string `json:"subnet_ids"`
	// InstanceIDs are the live instances in those subnets, sorted.
	InstanceIDs []string `json:"instance_ids"`
}

// TrustCheck is a trust policy evaluated for a service principal's
// sts:AssumeRole.
type TrustCheck struct {
	// Service is the service principal ("ec2.amazonaws.com").
	Service string `json:"service"`
	// Decision, Allowing, Denying, Uncertain and UnknownKeys are as in
	// PersonaDecision.
	Decision    string   `json:"decision"`
	Allowing    []int    `json:"allowing"`
	Denying     []int    `json:"denying"`
	Uncertain   bool     `json:"uncertain"`
	UnknownKeys []string `json:"unknown_keys"`
	// InstanceProfileIDs are the instance profiles holding the role, sorted.
	InstanceProfileIDs []string `json:"instance_profile_ids"`
	// InstanceIDs are the live instances using the role, sorted.
	InstanceIDs []string `json:"instance_ids"`
}

// FlowLogRole is a CloudWatch Logs flow log's delivery role.
type FlowLogRole struct {
	// RoleARN is the delivery role as the flow log names it.
	RoleARN string `json:"role_arn"`
	// RoleID is the snapshot role, "" when not found.
	RoleID string `json:"role_id"`
	// Found says the snapshot has the role.
	Found bool `json:"found"`
	// RolesRead says the snapshot holds the account's roles (some role of
	// the account, and no IAM coverage gap), so a missing role is telling.
	RolesRead bool `json:"roles_read"`
	// Trust is set when the role was found.
	Trust *TrustCheck `json:"trust"`
}

// BlockedAction is an action a role is granted that an endpoint policy
// does not allow for requests through the endpoint.
type BlockedAction struct {
	// RoleID is the role granted the action.
	RoleID string `json:"role_id"`
	// InstanceIDs are the instances using the endpoint with that role.
	InstanceIDs []string `json:"instance_ids"`
	// Action is the action blocked ("s3:PutObject").
	Action string `json:"action"`
	// Resources are the granted resources probed ("*" for all).
	Resources []string `json:"resources"`
	// GrantedBy names the identity policy statement granting the action
	// ("inline policy p statement 0").
	GrantedBy string `json:"granted_by"`
	// Decision is the endpoint policy's: explicit_deny or implicit_deny.
	Decision string `json:"decision"`
	// Denying are the endpoint policy statements that deny, sorted.
	Denying []int `json:"denying"`
	// Uncertain and UnknownKeys are as in PersonaDecision.
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

func computeAccess(s *snapshot.Snapshot, opt Options) Access {
	x := newAccessIndex(s)
	f := Access{
		BucketPersonas:         map[string][]PersonaDecision{},
		VPCRefs:                map[string][]VPCRef{},
		MissingVPCRefs:         map[string][]VPCRef{},
		GatewayEndpointClients: map[string]GatewayClients{},
		InstanceRoleTrust:      map[string]TrustCheck{},
		FlowLogRoles:           map[string]FlowLogRole{},
		EndpointBlockedActions: map[string][]BlockedAction{},
		EndpointLocks:          map[string]EndpointLock{},
	}
	for _, b := range s.Buckets {
		if b.Policy == nil {
			continue
		}
		f.BucketPersonas[b.ID] = x.bucketPersonas(b, opt)
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
		if l, ok := endpointLock(e); ok {
			f.EndpointLocks[e.ID] = l
		}
	}
	return f
}

// personasFor returns the configured personas, else the defaults of
// account (with aws:PrincipalOrgID when the organization is known), plus a
// caller through every S3 endpoint of the snapshot in region.
func (x *accessIndex) personasFor(account, region string, opt Options) []iampolicy.Persona {
	ps := slices.Clone(opt.Personas)
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

func (x *accessIndex) bucketPersonas(b snapshot.Bucket, opt Options) []PersonaDecision {
	acct := x.defaultAccount(b.Account)
	out := []PersonaDecision{}
	for _, p := range x.personasFor(acct, b.Region, opt) {
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
