package terraform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// builder maps evaluated instances to snapshot entities.
type builder struct {
	l *loader
	// alias maps every way a resource can be referred to (address, id
	// value, name, ARN) to its entity id.
	alias map[string]string
	// kind maps entity ids to resource types.
	kind map[string]string
	// named maps, per resource type, names, ARNs and id values (IAM and
	// S3 resources are referred to by name) to entity ids.
	named map[string]map[string]string

	vpcs      map[string]*snapshot.VPC
	subnets   map[string]*snapshot.Subnet
	sgs       map[string]*snapshot.SecurityGroup
	acls      map[string]*snapshot.NetworkACL
	rts       map[string]*snapshot.RouteTable
	igws      map[string]*snapshot.InternetGateway
	eigws     map[string]*snapshot.EgressOnlyInternetGateway
	nats      map[string]*snapshot.NATGateway
	pcxs      map[string]*snapshot.PeeringConnection
	vpces     map[string]*snapshot.VPCEndpoint
	pls       map[string]*snapshot.PrefixList
	enis      map[string]*snapshot.NetworkInterface
	instances map[string]*snapshot.Instance
	profiles  map[string]*snapshot.InstanceProfile
	roles     map[string]*snapshot.Role
	policies  map[string]*snapshot.ManagedPolicy
	idps      map[string]*snapshot.IdentityProvider
	buckets   map[string]*snapshot.Bucket
	flowLogs  map[string]*snapshot.FlowLog
	lts       map[string]*obj
	extras
	// publicByDefault lists instances whose public IP depends on their
	// subnet's map_public_ip_on_launch.
	publicByDefault map[string]bool
	defaultSG       map[string]bool
}

func newMap[T any]() map[string]*T { return map[string]*T{} }

func (l *loader) build() *snapshot.Snapshot {
	b := &builder{
		l: l, alias: map[string]string{}, kind: map[string]string{}, named: map[string]map[string]string{},
		vpcs: newMap[snapshot.VPC](), subnets: newMap[snapshot.Subnet](), sgs: newMap[snapshot.SecurityGroup](),
		acls: newMap[snapshot.NetworkACL](), rts: newMap[snapshot.RouteTable](), igws: newMap[snapshot.InternetGateway](),
		eigws: newMap[snapshot.EgressOnlyInternetGateway](), nats: newMap[snapshot.NATGateway](),
		pcxs: newMap[snapshot.PeeringConnection](), vpces: newMap[snapshot.VPCEndpoint](), pls: newMap[snapshot.PrefixList](),
		enis: newMap[snapshot.NetworkInterface](), instances: newMap[snapshot.Instance](),
		profiles: newMap[snapshot.InstanceProfile](), roles: newMap[snapshot.Role](), policies: newMap[snapshot.ManagedPolicy](),
		idps: newMap[snapshot.IdentityProvider](), buckets: newMap[snapshot.Bucket](), flowLogs: newMap[snapshot.FlowLog](),
		lts: map[string]*obj{}, publicByDefault: map[string]bool{}, defaultSG: map[string]bool{},
		extras: newExtras(),
	}
	for _, in := range l.insts {
		id := entityID(in)
		b.alias[in.addr] = id
		b.alias[id] = id
		b.kind[id] = in.typ
		if b.named[in.typ] == nil {
			b.named[in.typ] = map[string]string{}
		}
		c := computed(in)
		for _, a := range []string{"arn", "name", "bucket", "id"} {
			if v, ok := c[a]; ok && v.IsKnown() {
				b.named[in.typ][v.AsString()] = id
			} else if s, st := asString(in.o.attrs[a]); st == known && a == "name" {
				b.named[in.typ][s] = id
			}
		}
	}
	for k, v := range l.extraAlias {
		if _, ok := b.alias[k]; !ok {
			b.alias[k] = v
		}
	}
	for _, in := range l.insts {
		b.primary(in)
	}
	for _, in := range l.insts {
		b.attach(in)
	}
	b.fill()
	return b.snapshot()
}

// entityID is the id of the entity an instance becomes: the value other
// resources see for its id attribute (a real id when a plan or state
// knows it), the ARN for roles and instance profiles.
func entityID(in *instance) string {
	c := computed(in)
	if in.typ == "aws_iam_role" || in.typ == "aws_iam_instance_profile" {
		if a, ok := c["arn"]; ok && a.IsKnown() {
			return a.AsString()
		}
	}
	if v, ok := c["id"]; ok && v.IsKnown() {
		return v.AsString()
	}
	if v, st := asString(in.o.attrs["id"]); st == known && v != "" {
		return v
	}
	return in.addr
}

// resolveAs resolves a reference to a resource of one of these types,
// also by name or ARN.
func (b *builder) resolveAs(s string, types ...string) string {
	for _, t := range types {
		if id, ok := b.named[t][s]; ok {
			return id
		}
	}
	return b.resolve(s)
}

func (b *builder) resolve(s string) string {
	if id, ok := b.alias[s]; ok {
		return id
	}
	return s
}

// fields collects the JSON names of unknown fields.
type fields []string

func (f *fields) add(name string) {
	if !slices.Contains(*f, name) {
		*f = append(*f, name)
	}
}

func (b *builder) meta(in *instance, unk fields) snapshot.Meta {
	lines(in, in.src)
	return snapshot.Meta{Account: in.account, Region: in.region, Tags: asStringMap(in.o.attrs["tags"]), Source: in.src, Unknown: unk}
}

// str reads a string attribute, recording field as unknown when it is.
func str(o *obj, attr string, unk *fields, field string) (string, state) {
	s, st := asString(o.attrs[attr])
	if st == unknown && field != "" {
		unk.add(field)
	}
	return s, st
}

func boolAttr(o *obj, attr string, def bool, unk *fields, field string) bool {
	v, st := asBool(o.attrs[attr])
	switch st {
	case known:
		return v
	case unknown:
		if field != "" {
			unk.add(field)
		}
	case absent:
	}
	return def
}

// ref reads an attribute that names another resource: the resource the
// configuration read it from (see origin), known or not, else the
// resource whose id, name or ARN the value is.
func (b *builder) ref(o *obj, attr string, unk *fields, field string, types ...string) (string, state) {
	s, st := asString(o.attrs[attr])
	switch st {
	case known:
		return b.resolveAs(s, types...), known
	case unknown:
		if id, ok := b.origin(o, attr, nil, types); ok {
			return id, known
		}
		if field != "" {
			unk.add(field)
		}
	case absent:
	}
	return "", st
}

// origin is the entity an unknown value at path of attr was read from,
// when it is one of types (any type when none is given).
func (b *builder) origin(o *obj, attr string, path cty.Path, types []string) (string, bool) {
	addr, ok := originAt(o.marks[attr], path)
	if !ok {
		return "", false
	}
	id, ok := b.alias[addr]
	if !ok || (len(types) > 0 && !slices.Contains(types, b.kind[id])) {
		return "", false
	}
	return id, true
}

// refs reads a list of references, element by element as ref does.
func (b *builder) refs(o *obj, attr string, unk *fields, field string, types ...string) []string {
	els, st := asList(o.attrs[attr])
	if st == unknown {
		unk.add(field)
	}
	out := make([]string, 0, len(els))
	for i, e := range els {
		s, est := asString(e)
		switch est {
		case known:
			out = append(out, b.resolveAs(s, types...))
		case unknown:
			id, ok := b.origin(o, attr, elementPath(i), types)
			if !ok && len(els) == 1 {
				id, ok = b.origin(o, attr, nil, types)
			}
			if ok {
				out = append(out, id)
			} else {
				unk.add(field)
			}
		case absent:
		}
	}
	return out
}

func nestedSrc(in *instance, c *obj) *snapshot.Source {
	return &snapshot.Source{File: c.rng.Filename, StartLine: c.rng.Start.Line, EndLine: c.rng.End.Line, Address: in.addr, Ignores: c.ignores}
}

// nested returns the nested blocks of a type, including those written in
// attribute syntax (ingress = [{...}]).
func nested(o *obj, name string) []*obj {
	out := slices.Clone(o.blocks[name])
	v, ok := o.attrs[name]
	if !ok {
		return out
	}
	els, st := asList(v)
	if st != known {
		out = append(out, &obj{attrs: map[string]cty.Value{}, rng: o.ranges[name], unknownAll: true})
		return out
	}
	for _, e := range els {
		c := &obj{attrs: map[string]cty.Value{}, rng: o.ranges[name]}
		if e.IsKnown() && !e.IsNull() && e.CanIterateElements() {
			for it := e.ElementIterator(); it.Next(); {
				k, x := it.Element()
				c.attrs[k.AsString()] = x
			}
		} else {
			c.unknownAll = true
		}
		out = append(out, c)
	}
	return out
}

// liftIgnores makes suppressions written on a nested block or a separate
// rule resource apply to the entity they belong to: the engine applies
// inline suppressions per entity.
func liftIgnores(dst *snapshot.Source, igs []snapshot.Ignore) {
	if dst == nil {
		return
	}
	for _, ig := range igs {
		if !slices.Contains(dst.Ignores, ig) {
			dst.Ignores = append(dst.Ignores, ig)
		}
	}
}

// ownSource is where a resource that writes part of another entity (a
// policy resource) is, without the suppressions that belong to the entity.
func ownSource(in *instance) *snapshot.Source {
	src := *in.src
	src.Ignores = nil
	return &src
}

// invalidAt records a value AWS would reject (a protocol "tpc", an action
// "allaw") as a located input problem and lets the caller read it as
// unknown, so the rest of the configuration is still checked (issue #11
// item 13, as a CIDR that is not one).
// It is located at the attribute, else its block, else the resource (a
// nested block read from a plan has no range of its own).
func (b *builder) invalidAt(in *instance, o *obj, attr, format string, args ...any) {
	b.l.note(cmp.Or(o.ranges[attr], o.rng, in.o.rng), fmt.Sprintf(format, args...)+"; the value is treated as unknown")
}

func (b *builder) gapAt(in *instance, op, format string, args ...any) {
	r := in.o.rng
	b.l.gap(in.addr, op, fmt.Sprintf(format, args...), &r)
}

// policyDoc parses a policy attribute; unknown text records the field.
func policyDoc(o *obj, attr string, unk *fields, field string) (iampolicy.Document, state) {
	s, st := str(o, attr, unk, field)
	if st != known {
		return iampolicy.Document{}, st
	}
	return iampolicy.Parse(s), known
}

// unsupported lists attributes that change what a resource does but that
// the snapshot cannot express: they become coverage gaps.
var unsupported = map[string]map[string]string{
	"aws_instance": {
		"ipv6_address_count": "IPv6 addresses of instances are not modelled: IPv6 exposure of this instance was not checked",
		"ipv6_addresses":     "IPv6 addresses of instances are not modelled: IPv6 exposure of this instance was not checked",
	},
	"aws_vpc_peering_connection": {
		"peer_region": "",
	},
}

// setAndKnown reports a value that is known and not empty (a plan lists
// computed attributes as unknown or empty whether written or not).
func setAndKnown(v cty.Value) bool {
	if v == cty.NilVal || !v.IsWhollyKnown() || v.IsNull() {
		return false
	}
	if v.CanIterateElements() {
		return v.LengthInt() > 0
	}
	if n, st := asInt(v); st == known {
		return n != 0
	}
	return true
}

func (b *builder) warnUnsupported(in *instance) {
	for attr, why := range unsupported[in.typ] {
		if why == "" {
			continue
		}
		if setAndKnown(in.o.attrs[attr]) || len(in.o.blocks[attr]) > 0 {
			b.gapAt(in, attr, "%s %s: %s", in.typ, attr, why)
		}
	}
}

// primaries make the entities that stand on their own, one method a
// resource type; build runs them before attachers, so a rule or an
// association finds the entity it belongs to wherever it is written.
var primaries = map[string]func(*builder, *instance){
	"aws_vpc":                          (*builder).vpc,
	"aws_default_vpc":                  (*builder).vpc,
	"aws_subnet":                       (*builder).subnet,
	"aws_security_group":               (*builder).securityGroup,
	"aws_default_security_group":       (*builder).securityGroup,
	"aws_network_acl":                  (*builder).networkACL,
	"aws_default_network_acl":          (*builder).networkACL,
	"aws_route_table":                  (*builder).routeTable,
	"aws_default_route_table":          (*builder).routeTable,
	"aws_internet_gateway":             (*builder).internetGateway,
	"aws_egress_only_internet_gateway": (*builder).eigw,
	"aws_nat_gateway":                  (*builder).natGateway,
	"aws_vpc_peering_connection":       (*builder).peering,
	"aws_vpc_endpoint":                 (*builder).endpoint,
	"aws_ec2_managed_prefix_list":      (*builder).prefixList,
	"aws_network_interface":            (*builder).networkInterface,
	"aws_launch_template":              (*builder).launchTemplate,
	"aws_iam_role":                     (*builder).iamRole,
	"aws_iam_policy":                   (*builder).iamPolicy,
	"aws_iam_instance_profile":         (*builder).instanceProfile,
	"aws_iam_openid_connect_provider":  (*builder).oidcProvider,
	"aws_s3_bucket":                    (*builder).s3Bucket,
	"aws_flow_log":                     (*builder).flowLog,
	// IAM users and groups (build_identity.go).
	"aws_iam_user":  (*builder).iamUser,
	"aws_iam_group": (*builder).iamGroup,
	// Resources that carry a resource policy (build_resource_policies.go).
	"aws_sqs_queue":             (*builder).policyResource,
	"aws_sns_topic":             (*builder).policyResource,
	"aws_kms_key":               (*builder).policyResource,
	"aws_secretsmanager_secret": (*builder).policyResource,
	"aws_opensearch_domain":     (*builder).policyResource,
	"aws_elasticsearch_domain":  (*builder).policyResource,
	"aws_ecr_repository":        (*builder).policyResource,
	"aws_lambda_function":       (*builder).policyResource,
}

// attachers apply the resources that change other entities.
var attachers = map[string]func(*builder, *instance){
	"aws_security_group_rule":                     (*builder).sgRuleResource,
	"aws_vpc_security_group_ingress_rule":         (*builder).sgRuleResource,
	"aws_vpc_security_group_egress_rule":          (*builder).sgRuleResource,
	"aws_network_acl_rule":                        (*builder).aclRule,
	"aws_network_acl_association":                 (*builder).aclAssociation,
	"aws_route":                                   (*builder).routeResource,
	"aws_route_table_association":                 (*builder).rtAssociation,
	"aws_main_route_table_association":            (*builder).mainRTAssociation,
	"aws_vpc_peering_connection_accepter":         (*builder).peeringAccepter,
	"aws_vpc_peering_connection_options":          (*builder).peeringAccepter,
	"aws_ec2_managed_prefix_list_entry":           (*builder).prefixListEntry,
	"aws_iam_role_policy":                         (*builder).rolePolicy,
	"aws_iam_role_policy_attachment":              (*builder).rolePolicyAttachment,
	"aws_s3_bucket_policy":                        (*builder).bucketPolicy,
	"aws_s3_bucket_public_access_block":           (*builder).publicAccessBlock,
	"aws_s3_bucket_acl":                           (*builder).bucketACL,
	"aws_s3_bucket_ownership_controls":            (*builder).ownershipControls,
	"aws_eip":                                     (*builder).eip,
	"aws_instance":                                (*builder).instance,
	"aws_vpc_endpoint_route_table_association":    (*builder).endpointRouteTable,
	"aws_vpc_endpoint_subnet_association":         (*builder).endpointSubnet,
	"aws_vpc_endpoint_security_group_association": (*builder).endpointSecurityGroup,
	"aws_vpc_endpoint_policy":                     (*builder).endpointPolicy,
	"aws_vpc_ipv4_cidr_block_association":         (*builder).vpcCIDR,
	"aws_vpc_ipv6_cidr_block_association":         (*builder).vpcCIDR,
	// build_identity.go
	"aws_iam_user_policy":             (*builder).principalPolicy,
	"aws_iam_group_policy":            (*builder).principalPolicy,
	"aws_iam_user_policy_attachment":  (*builder).principalPolicyAttachment,
	"aws_iam_group_policy_attachment": (*builder).principalPolicyAttachment,
	"aws_iam_user_group_membership":   (*builder).userGroupMembership,
	"aws_iam_group_membership":        (*builder).groupMembership,
	"aws_iam_policy_attachment":       (*builder).policyAttachment,
	// build_resource_policies.go
	"aws_sqs_queue_policy":             (*builder).resourcePolicyAttachment,
	"aws_sns_topic_policy":             (*builder).resourcePolicyAttachment,
	"aws_kms_key_policy":               (*builder).resourcePolicyAttachment,
	"aws_ecr_repository_policy":        (*builder).resourcePolicyAttachment,
	"aws_secretsmanager_secret_policy": (*builder).resourcePolicyAttachment,
	"aws_opensearch_domain_policy":     (*builder).resourcePolicyAttachment,
	"aws_elasticsearch_domain_policy":  (*builder).resourcePolicyAttachment,
	"aws_lambda_permission":            (*builder).lambdaPermission,
}

func (b *builder) primary(in *instance) {
	b.warnUnsupported(in)
	if f, ok := primaries[in.typ]; ok {
		f(b, in)
	}
}

func (b *builder) attach(in *instance) {
	if f, ok := attachers[in.typ]; ok {
		f(b, in)
	}
}

// need reads a reference an attaching resource cannot do without; one
// unknown, and not read from a resource declared here, is a coverage gap.
func (b *builder) need(in *instance, attr string, types ...string) (string, bool) {
	var unk fields
	v, st := b.ref(in.o, attr, &unk, attr, types...)
	switch st {
	case unknown:
		b.gapAt(in, attr, "%s: %s is unknown until apply, so %s could not be applied", in.addr, attr, in.typ)
		return "", false
	case absent:
		return "", false
	case known:
	}
	return v, true
}

// fill resolves what needs several entities: VPCs of subnets' users,
// peering CIDRs, default security groups, public IPs from subnets,
// instance profiles of roles and gateway endpoint routes.
func (b *builder) fill() {
	for _, n := range b.nats {
		if sn, ok := b.subnets[n.SubnetID]; ok {
			n.VPCID = sn.VPCID
		}
	}
	for _, p := range b.pcxs {
		for _, side := range []*snapshot.PeeringSide{&p.Requester, &p.Accepter} {
			if v, ok := b.vpcs[side.VPCID]; ok {
				side.CIDRBlocks = slices.Clone(v.CIDRBlocks)
				side.IPv6CIDRBlocks = slices.Clone(v.IPv6CIDRBlocks)
			} else {
				name := "requester"
				if side == &p.Accepter {
					name = "accepter"
				}
				p.Unknown = append(p.Unknown, name+".cidr_blocks")
			}
		}
	}
	for id, i := range b.instances {
		sn, ok := b.subnets[i.SubnetID]
		if ok {
			i.VPCID = sn.VPCID
		}
		if b.publicByDefault[id] && ok && (sn.MapPublicIPOnLaunch || slices.Contains(sn.Unknown, "map_public_ip_on_launch")) {
			i.Unknown = append(i.Unknown, "public_ip")
		}
		if b.defaultSG["instance:"+id] {
			if ok && sn.VPCID != "" {
				i.SecurityGroupIDs = []string{snapshot.DefaultSecurityGroupID(sn.VPCID)}
			} else {
				i.Unknown = append(i.Unknown, "security_group_ids")
			}
		}
	}
	for id, n := range b.enis {
		if sn, ok := b.subnets[n.SubnetID]; ok {
			n.VPCID = sn.VPCID
			if b.publicByDefault["eni:"+id] {
				n.SecurityGroupIDs = []string{snapshot.DefaultSecurityGroupID(sn.VPCID)}
			}
		}
	}
	for _, sg := range b.sgs {
		for _, rules := range [][]snapshot.SGRule{sg.Ingress, sg.Egress} {
			for k := range rules {
				if g := rules[k].ReferencedGroup; g != nil {
					if ref, ok := b.sgs[g.GroupID]; ok {
						g.VPCID = ref.VPCID
						g.AccountID = ref.Account
					}
				}
			}
		}
	}
	for pid, p := range b.profiles {
		for _, rid := range p.RoleIDs {
			if r, ok := b.roles[rid]; ok && !slices.Contains(r.InstanceProfileIDs, pid) {
				r.InstanceProfileIDs = append(r.InstanceProfileIDs, pid)
			}
		}
	}
	for id, e := range b.vpces {
		if !strings.EqualFold(e.Type, "Gateway") {
			continue
		}
		plID := "pl:" + e.ServiceName
		if e.ServiceName != "" {
			if _, ok := b.pls[plID]; !ok {
				b.pls[plID] = &snapshot.PrefixList{
					ID: plID, Name: e.ServiceName, OwnerID: "AWS", AddressFamily: "IPv4", AWSManaged: true,
					Meta: snapshot.Meta{Account: e.Account, Region: e.Region, Implicit: true, Unknown: []string{"entries"}, Source: e.Source},
				}
			}
		}
		for _, rid := range e.RouteTableIDs {
			t, ok := b.rts[rid]
			if !ok {
				continue
			}
			r := snapshot.Route{DestinationPrefixListID: plID, TargetType: snapshot.TargetGatewayEndpoint, TargetID: id, State: "active", Origin: "CreateRoute", Implicit: true, Source: e.Source}
			if e.ServiceName == "" {
				r.DestinationPrefixListID = ""
				r.Unknown = []string{"destination_cidr"}
			}
			t.Routes = append(t.Routes, r)
		}
	}
	for _, t := range b.rts {
		for k := range t.Routes {
			r := &t.Routes[k]
			// A route to an endpoint declared here is the kind of
			// endpoint it is, whatever its id or attribute suggested.
			if e, ok := b.vpces[r.TargetID]; ok && (r.TargetType == snapshot.TargetGatewayEndpoint || r.TargetType == snapshot.TargetGWLBEndpoint) {
				switch e.Type {
				case "GatewayLoadBalancer":
					r.TargetType = snapshot.TargetGWLBEndpoint
				case "Gateway":
					r.TargetType = snapshot.TargetGatewayEndpoint
				}
			}
		}
	}
}

func values[T any](m map[string]*T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]T, 0, len(m))
	for _, k := range keys {
		out = append(out, *m[k])
	}
	return out
}

func (b *builder) snapshot() *snapshot.Snapshot {
	s := &snapshot.Snapshot{
		Schema: snapshot.SchemaV1,
		Origin: snapshot.Origin{Kind: "terraform", Inputs: []string{b.l.root}},
		VPCs:   values(b.vpcs), Subnets: values(b.subnets), SecurityGroups: values(b.sgs),
		NetworkACLs: values(b.acls), RouteTables: values(b.rts), InternetGateways: values(b.igws),
		EgressOnlyInternetGateways: values(b.eigws), NATGateways: values(b.nats),
		PeeringConnections: values(b.pcxs), VPCEndpoints: values(b.vpces), PrefixLists: values(b.pls),
		NetworkInterfaces: values(b.enis), Instances: values(b.instances), InstanceProfiles: values(b.profiles),
		Roles: values(b.roles), Policies: values(b.policies), IdentityProviders: values(b.idps),
		Buckets: values(b.buckets), FlowLogs: values(b.flowLogs),
		Coverage: b.l.gaps,
	}
	b.put(s)
	accounts := map[string]bool{}
	regions := map[string]bool{}
	for _, in := range b.l.insts {
		if in.account != "" {
			accounts[in.account] = true
			if in.region != "" {
				regions[in.account+"/"+in.region] = true
			}
		}
	}
	for a := range accounts {
		s.Accounts = append(s.Accounts, snapshot.Account{ID: a})
	}
	for r := range regions {
		acct, name, _ := strings.Cut(r, "/")
		s.Regions = append(s.Regions, snapshot.Region{ID: r, Account: acct, Name: name, Enabled: true})
	}
	return s
}
