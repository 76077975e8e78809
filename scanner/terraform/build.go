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

// ref reads an attribute that names another resource.
func (b *builder) ref(o *obj, attr string, unk *fields, field string) (string, state) {
	s, st := str(o, attr, unk, field)
	if st == known {
		return b.resolve(s), known
	}
	return "", st
}

func (b *builder) refs(o *obj, attr string, unk *fields, field string) []string {
	vs, n, st := asStrings(o.attrs[attr])
	if st == unknown || n > 0 {
		unk.add(field)
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, b.resolve(v))
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

func (b *builder) errAt(o *obj, attr, format string, args ...any) {
	r := o.rng
	if ar, ok := o.ranges[attr]; ok {
		r = ar
	}
	b.l.errs = append(b.l.errs, &snapshot.Error{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, Msg: fmt.Sprintf(format, args...)})
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
	"aws_s3_bucket": {
		"grant": "bucket ACL grants are not modelled: a public ACL is not reported",
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
	if in.typ == "aws_s3_bucket" {
		if acl, st := asString(in.o.attrs["acl"]); st == known && acl != "" && acl != "private" {
			b.gapAt(in, "acl", "aws_s3_bucket acl %q: bucket ACLs are not modelled, a public ACL is not reported", acl)
		}
	}
}

// primary creates the entities that stand on their own.
func (b *builder) primary(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	b.warnUnsupported(in)
	switch in.typ {
	case "aws_vpc", "aws_default_vpc":
		v := &snapshot.VPC{ID: id, IsDefault: in.typ == "aws_default_vpc"}
		if in.typ == "aws_default_vpc" {
			v.CIDRBlocks = []string{defaultVPCCIDR}
		} else if c, st := str(o, "cidr_block", &unk, "cidr_blocks"); st == known {
			v.CIDRBlocks = []string{c}
		} else if st == absent {
			unk.add("cidr_blocks") // from an IPAM pool
		}
		if c, st := str(o, "ipv6_cidr_block", &unk, "ipv6_cidr_blocks"); st == known && c != "" {
			v.IPv6CIDRBlocks = []string{c}
		} else if st == absent && (boolAttr(o, "assign_generated_ipv6_cidr_block", false, &unk, "ipv6_cidr_blocks") || o.attrs["ipv6_ipam_pool_id"] != cty.NilVal) {
			unk.add("ipv6_cidr_blocks")
		}
		def := in.typ == "aws_default_vpc"
		dns := boolAttr(o, "enable_dns_support", true, &unk, "enable_dns_support")
		host := boolAttr(o, "enable_dns_hostnames", def, &unk, "enable_dns_hostnames")
		v.EnableDNSSupport, v.EnableDNSHostnames = &dns, &host
		v.Meta = b.meta(in, unk)
		b.vpcs[id] = v
	case "aws_subnet":
		sn := &snapshot.Subnet{ID: id}
		sn.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
		sn.CIDRBlock, _ = str(o, "cidr_block", &unk, "cidr_block")
		if c, st := str(o, "ipv6_cidr_block", &unk, "ipv6_cidr_blocks"); st == known && c != "" {
			sn.IPv6CIDRBlocks = []string{c}
		}
		sn.AvailabilityZone, _ = str(o, "availability_zone", &unk, "availability_zone")
		sn.MapPublicIPOnLaunch = boolAttr(o, "map_public_ip_on_launch", false, &unk, "map_public_ip_on_launch")
		sn.AssignIPv6AddressOnCreation = boolAttr(o, "assign_ipv6_address_on_creation", false, &unk, "assign_ipv6_address_on_creation")
		sn.Meta = b.meta(in, unk)
		b.subnets[id] = sn
	case "aws_security_group", "aws_default_security_group":
		sg := &snapshot.SecurityGroup{ID: id}
		if in.typ == "aws_default_security_group" {
			sg.Name, sg.IsDefault, sg.Description = snapshot.DefaultSecurityGroupName, true, "default VPC security group"
		} else {
			var st state
			if sg.Name, st = str(o, "name", &unk, "name"); st == absent {
				unk.add("name") // generated, or from name_prefix
			}
			if d, st := str(o, "description", &unk, "description"); st != absent {
				sg.Description = d
			} else {
				sg.Description = "Managed by Terraform"
			}
		}
		if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); st == known {
			sg.VPCID = v
		} else if st == absent {
			unk.add("vpc_id") // the region's default VPC
		}
		for _, dir := range []string{"ingress", "egress"} {
			for _, c := range nested(o, dir) {
				src := nestedSrc(in, c)
				liftIgnores(in.src, c.ignores)
				rules := b.sgRules(in, c, src, id, false)
				if dir == "ingress" {
					sg.Ingress = append(sg.Ingress, rules...)
				} else {
					sg.Egress = append(sg.Egress, rules...)
				}
			}
		}
		sg.Meta = b.meta(in, unk)
		b.sgs[id] = sg
		if sg.IsDefault {
			b.defaultSG[sg.VPCID] = true
		}
	case "aws_network_acl", "aws_default_network_acl":
		a := &snapshot.NetworkACL{ID: id, IsDefault: in.typ == "aws_default_network_acl"}
		if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); a.IsDefault && st == known {
			a.VPCID = v
		} else if a.IsDefault {
			var ok bool
			if a.VPCID, ok = snapshot.DefaultNetworkACLVPC(id); !ok {
				unk.add("vpc_id")
				a.VPCID = ""
			}
		} else {
			a.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
		}
		a.SubnetIDs = b.refs(o, "subnet_ids", &unk, "subnet_ids")
		if s, st := b.ref(o, "subnet_id", &unk, "subnet_ids"); st == known {
			a.SubnetIDs = append(a.SubnetIDs, s)
		}
		for _, dir := range []string{"ingress", "egress"} {
			for _, c := range nested(o, dir) {
				liftIgnores(in.src, c.ignores)
				if e, ok := b.aclEntry(in, c, nestedSrc(in, c), dir == "egress", false); ok {
					a.Entries = append(a.Entries, e)
				}
			}
		}
		a.Meta = b.meta(in, unk)
		b.acls[id] = a
	case "aws_route_table", "aws_default_route_table":
		rt := &snapshot.RouteTable{ID: id, Main: in.typ == "aws_default_route_table"}
		if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); rt.Main && st == known {
			rt.VPCID = v
		} else if rt.Main {
			var ok bool
			if rt.VPCID, ok = snapshot.MainRouteTableVPC(id); !ok {
				unk.add("vpc_id")
				rt.VPCID = ""
			}
		} else {
			rt.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
		}
		rt.PropagatingVGWs = b.refs(o, "propagating_vgws", &unk, "propagating_vgws")
		for _, c := range nested(o, "route") {
			liftIgnores(in.src, c.ignores)
			if r, ok := b.route(in, c, nestedSrc(in, c), false); ok {
				rt.Routes = append(rt.Routes, r)
			}
		}
		rt.Meta = b.meta(in, unk)
		b.rts[id] = rt
	case "aws_internet_gateway":
		g := &snapshot.InternetGateway{ID: id}
		if v, st := b.ref(o, "vpc_id", &unk, "attachments"); st == known {
			g.Attachments = []snapshot.Attachment{{VPCID: v, State: "available"}}
		}
		g.Meta = b.meta(in, unk)
		b.igws[id] = g
	case "aws_egress_only_internet_gateway":
		g := &snapshot.EgressOnlyInternetGateway{ID: id}
		if v, st := b.ref(o, "vpc_id", &unk, "attachments"); st == known {
			g.Attachments = []snapshot.Attachment{{VPCID: v, State: "attached"}}
		}
		g.Meta = b.meta(in, unk)
		b.eigws[id] = g
	case "aws_nat_gateway":
		n := &snapshot.NATGateway{ID: id, State: "available", ConnectivityType: "public"}
		n.SubnetID, _ = b.ref(o, "subnet_id", &unk, "subnet_id")
		if c, st := str(o, "connectivity_type", &unk, "connectivity_type"); st == known {
			n.ConnectivityType = c
		}
		if p, st := str(o, "private_ip", &unk, "private_ips"); st == known {
			n.PrivateIPs = []string{p}
		}
		if n.ConnectivityType == "public" {
			unk.add("public_ips")
		}
		n.Meta = b.meta(in, unk)
		b.nats[id] = n
	case "aws_vpc_peering_connection":
		p := &snapshot.PeeringConnection{ID: id, Status: "pending-acceptance"}
		p.Requester.VPCID, _ = b.ref(o, "vpc_id", &unk, "requester.vpc_id")
		p.Accepter.VPCID, _ = b.ref(o, "peer_vpc_id", &unk, "accepter.vpc_id")
		p.Requester.AccountID, p.Requester.Region = in.account, in.region
		p.Accepter.AccountID, p.Accepter.Region = in.account, in.region
		if v, st := str(o, "peer_owner_id", &unk, "accepter.account_id"); st == known {
			p.Accepter.AccountID = v
		}
		if v, st := str(o, "peer_region", &unk, "accepter.region"); st == known {
			p.Accepter.Region = v
		}
		if boolAttr(o, "auto_accept", false, &unk, "status") {
			p.Status = "active"
		}
		peeringOptions(p, o, &unk)
		p.Meta = b.meta(in, unk)
		b.pcxs[id] = p
	case "aws_vpc_endpoint":
		e := &snapshot.VPCEndpoint{ID: id, Type: "Gateway", State: "available"}
		e.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
		e.ServiceName, _ = str(o, "service_name", &unk, "service_name")
		if t, st := str(o, "vpc_endpoint_type", &unk, "type"); st == known {
			e.Type = t
		}
		e.RouteTableIDs = b.refs(o, "route_table_ids", &unk, "route_table_ids")
		e.SubnetIDs = b.refs(o, "subnet_ids", &unk, "subnet_ids")
		e.SecurityGroupIDs = b.refs(o, "security_group_ids", &unk, "security_group_ids")
		e.PrivateDNSEnabled = boolAttr(o, "private_dns_enabled", false, &unk, "private_dns_enabled")
		if d, st := policyDoc(o, "policy", &unk, "policy"); st == known {
			e.Policy = &d
		}
		e.Meta = b.meta(in, unk)
		b.vpces[id] = e
	case "aws_ec2_managed_prefix_list":
		p := &snapshot.PrefixList{ID: id}
		p.Name, _ = str(o, "name", &unk, "name")
		p.AddressFamily, _ = str(o, "address_family", &unk, "address_family")
		if n, st := asInt(o.attrs["max_entries"]); st == known {
			p.MaxEntries = n
		}
		for _, c := range nested(o, "entry") {
			if e, ok := b.prefixEntry(c, &unk); ok {
				p.Entries = append(p.Entries, e)
			}
		}
		p.Meta = b.meta(in, unk)
		b.pls[id] = p
	case "aws_network_interface":
		n := &snapshot.NetworkInterface{ID: id, InterfaceType: "interface"}
		n.SubnetID, _ = b.ref(o, "subnet_id", &unk, "subnet_id")
		ips, c, st := asStrings(o.attrs["private_ips"])
		if st == unknown || c > 0 {
			unk.add("private_ips")
		}
		n.PrivateIPs = ips
		if p, st := str(o, "private_ip", &unk, "private_ips"); st == known && !slices.Contains(n.PrivateIPs, p) {
			n.PrivateIPs = append(n.PrivateIPs, p)
		}
		n.SecurityGroupIDs = b.refs(o, "security_groups", &unk, "security_group_ids")
		if _, _, st := asStrings(o.attrs["security_groups"]); st == absent {
			b.publicByDefault["eni:"+id] = true // default SG, filled in later
		}
		n.SourceDestCheck = boolAttr(o, "source_dest_check", true, &unk, "source_dest_check")
		if t, st := str(o, "interface_type", &unk, "interface_type"); st == known {
			n.InterfaceType = t
		}
		for _, a := range o.blocks["attachment"] {
			att := &snapshot.ENIAttachment{Status: "attached"}
			att.InstanceID, _ = b.ref(a, "instance", &unk, "attachment")
			att.DeviceIndex, _ = asInt(a.attrs["device_index"])
			n.Attachment = att
		}
		n.Meta = b.meta(in, unk)
		b.enis[id] = n
	case "aws_launch_template":
		b.lts[id] = o
	case "aws_iam_role":
		r := &snapshot.Role{ID: id, Path: "/"}
		var st state
		if r.Name, st = str(o, "name", &unk, "name"); st == absent {
			unk.add("name")
		}
		if p, st := str(o, "path", &unk, "path"); st == known {
			r.Path = p
		}
		if a, ok := computed(in)["arn"]; ok {
			r.ARN = a.AsString()
		}
		r.TrustPolicy, _ = policyDoc(o, "assume_role_policy", &unk, "trust_policy")
		for _, c := range nested(o, "inline_policy") {
			name, _ := str(c, "name", &unk, "inline_policies")
			if doc, st := policyDoc(c, "policy", &unk, "inline_policies"); st == known {
				r.InlinePolicies = append(r.InlinePolicies, snapshot.InlinePolicy{Name: name, Document: doc})
			}
		}
		for _, p := range b.refs(o, "managed_policy_arns", &unk, "attached_policy_arns") {
			r.AttachedPolicyARNs = append(r.AttachedPolicyARNs, b.resolveAs(p, "aws_iam_policy"))
		}
		r.PermissionsBoundaryARN, _ = b.ref(o, "permissions_boundary", &unk, "permissions_boundary_arn")
		r.Meta = b.meta(in, unk)
		r.Account = in.account
		b.roles[id] = r
	case "aws_iam_policy":
		p := &snapshot.ManagedPolicy{ID: id}
		if p.Name, _ = str(o, "name", &unk, "name"); p.Name == "" {
			unk.add("name")
		}
		if a, ok := computed(in)["arn"]; ok {
			p.ARN = a.AsString()
		}
		p.Document, _ = policyDoc(o, "policy", &unk, "document")
		p.Meta = b.meta(in, unk)
		b.policies[id] = p
	case "aws_iam_instance_profile":
		p := &snapshot.InstanceProfile{ID: id}
		p.Name, _ = str(o, "name", &unk, "name")
		if a, ok := computed(in)["arn"]; ok {
			p.ARN = a.AsString()
		}
		if r, st := str(o, "role", &unk, "role_ids"); st == known {
			p.RoleIDs = []string{b.resolveAs(r, "aws_iam_role")}
		}
		p.Meta = b.meta(in, unk)
		b.profiles[id] = p
	case "aws_iam_openid_connect_provider":
		p := &snapshot.IdentityProvider{ID: id, Type: "oidc"}
		p.URL, _ = str(o, "url", &unk, "url")
		cl, _, _ := asStrings(o.attrs["client_id_list"])
		p.ClientIDs = cl
		p.Thumbprints, _, _ = asStrings(o.attrs["thumbprint_list"])
		if a, ok := computed(in)["arn"]; ok {
			p.ID = a.AsString()
		}
		p.Meta = b.meta(in, unk)
		b.idps[id] = p
	case "aws_s3_bucket":
		bk := &snapshot.Bucket{ID: id}
		if n, st := str(o, "bucket", &unk, "name"); st == known {
			bk.Name, bk.ARN = n, "arn:aws:s3:::"+n
		} else if st == absent {
			unk.add("name")
		}
		if d, st := policyDoc(o, "policy", &unk, "policy"); st == known {
			bk.Policy = &d
		}
		bk.Meta = b.meta(in, unk)
		b.buckets[id] = bk
	case "aws_flow_log":
		f := &snapshot.FlowLog{ID: id, TrafficType: "ALL", DestinationType: "cloud-watch-logs", Status: "ACTIVE"}
		for _, t := range []struct{ attr, typ string }{{"vpc_id", "VPC"}, {"subnet_id", "Subnet"}, {"eni_id", "NetworkInterface"}, {"transit_gateway_id", "TransitGateway"}} {
			if v, st := b.ref(o, t.attr, &unk, "resource_id"); st == known {
				f.ResourceID, f.ResourceType = v, t.typ
			} else if st == unknown {
				f.ResourceType = t.typ
			}
		}
		if v, st := str(o, "traffic_type", &unk, "traffic_type"); st == known {
			f.TrafficType = v
		}
		if v, st := str(o, "log_destination_type", &unk, "destination_type"); st == known {
			f.DestinationType = v
		}
		if v, st := str(o, "log_destination", &unk, "destination"); st == known {
			f.Destination = v
		} else if v, st := str(o, "log_group_name", &unk, "destination"); st == known {
			f.Destination = v
		}
		if r, st := str(o, "iam_role_arn", &unk, "deliver_logs_role_arn"); st == known {
			f.DeliverLogsRoleARN = r
		}
		f.LogFormat, _ = str(o, "log_format", &unk, "log_format")
		f.Meta = b.meta(in, unk)
		b.flowLogs[id] = f
	}
}

func peeringOptions(p *snapshot.PeeringConnection, o *obj, unk *fields) {
	for _, side := range []string{"requester", "accepter"} {
		for _, c := range o.blocks[side] {
			v := boolAttr(c, "allow_remote_vpc_dns_resolution", false, unk, side+".allow_dns_resolution_from_remote_vpc")
			if side == "requester" {
				p.Requester.AllowDNSResolutionFromRemoteVPC = v
			} else {
				p.Accepter.AllowDNSResolutionFromRemoteVPC = v
			}
		}
	}
}

func (b *builder) prefixEntry(c *obj, unk *fields) (snapshot.PrefixListEntry, bool) {
	cidr, st := asString(c.attrs["cidr"])
	if st != known {
		unk.add("entries")
		return snapshot.PrefixListEntry{}, false
	}
	d, _ := asString(c.attrs["description"])
	return snapshot.PrefixListEntry{CIDR: cidr, Description: d}, true
}

// sgRules flattens one rule block (inline, aws_security_group_rule, or
// the vpc_security_group_*_rule resources when vpcStyle) into rules with
// one target each.
func (b *builder) sgRules(in *instance, o *obj, src *snapshot.Source, selfID string, vpcStyle bool) []snapshot.SGRule {
	var unk fields
	protoAttr := "protocol"
	if vpcStyle {
		protoAttr = "ip_protocol"
	}
	if o.unknownAll {
		return []snapshot.SGRule{{
			Protocol: "all", FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, Source: src,
			Unknown: []string{"protocol", "from_port", "to_port", "cidr_ipv4"},
		}}
	}
	proto, st := str(o, protoAttr, &unk, "protocol")
	if st != known {
		proto = "all"
		unk.add("protocol")
	}
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.errAt(o, protoAttr, "%s: %v", in.addr, err)
		return nil
	}
	r := snapshot.SGRule{Protocol: proto, Source: src, ICMPType: -1, ICMPCode: -1}
	from, fs := asInt(o.attrs["from_port"])
	to, ts := asInt(o.attrs["to_port"])
	switch name {
	case "tcp", "udp":
		r.FromPort, r.ToPort = 0, 65535
		r.FromPort = portOr(from, fs, r.FromPort, &unk, "from_port")
		r.ToPort = portOr(to, ts, r.ToPort, &unk, "to_port")
		if vpcStyle && fs == known && from == -1 {
			r.FromPort, r.ToPort = 0, 65535
		}
	case "icmp", "icmpv6":
		r.FromPort, r.ToPort = -1, -1
		r.ICMPType = portOr(from, fs, -1, &unk, "icmp_type")
		r.ICMPCode = portOr(to, ts, -1, &unk, "icmp_code")
	default:
		r.FromPort, r.ToPort = 0, 65535
	}
	r.Description, _ = str(o, "description", &unk, "description")
	if vpcStyle {
		r.Tags = asStringMap(o.attrs["tags"])
	}
	var out []snapshot.SGRule
	emit := func(set func(*snapshot.SGRule), field string, isUnknown bool) {
		x := r
		x.Unknown = slices.Clone(unk)
		if isUnknown {
			x.Unknown = append(x.Unknown, field)
		} else {
			set(&x)
		}
		if len(x.Unknown) == 0 {
			x.Unknown = nil
		}
		out = append(out, x)
	}
	list := func(attr, field string, set func(*snapshot.SGRule, string)) {
		vs, n, st := asStrings(o.attrs[attr])
		for _, v := range vs {
			emit(func(x *snapshot.SGRule) { set(x, v) }, field, false)
		}
		if st == unknown || n > 0 {
			emit(nil, field, true)
		}
	}
	cidr4 := func(x *snapshot.SGRule, v string) { x.CIDRIPv4 = v }
	cidr6 := func(x *snapshot.SGRule, v string) { x.CIDRIPv6 = v }
	pl := func(x *snapshot.SGRule, v string) { x.PrefixListID = b.resolve(v) }
	group := func(x *snapshot.SGRule, v string) {
		x.ReferencedGroup = &snapshot.GroupReference{GroupID: b.resolve(v)}
	}
	if vpcStyle {
		list("cidr_ipv4", "cidr_ipv4", cidr4)
		list("cidr_ipv6", "cidr_ipv6", cidr6)
		list("prefix_list_id", "prefix_list_id", pl)
		list("referenced_security_group_id", "referenced_group", group)
	} else {
		list("cidr_blocks", "cidr_ipv4", cidr4)
		list("ipv6_cidr_blocks", "cidr_ipv6", cidr6)
		list("prefix_list_ids", "prefix_list_id", pl)
		list("security_groups", "referenced_group", group)
		list("source_security_group_id", "referenced_group", group)
		if boolAttr(o, "self", false, &unk, "") {
			emit(func(x *snapshot.SGRule) { x.ReferencedGroup = &snapshot.GroupReference{GroupID: selfID} }, "", false)
		} else if _, st := asBool(o.attrs["self"]); st == unknown {
			emit(nil, "referenced_group", true)
		}
	}
	if len(out) == 0 {
		b.gapAt(in, "rule", "%s: a security group rule at line %d has no source or destination (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, security_groups or self)", in.addr, o.rng.Start.Line)
	}
	return out
}

// portOr returns a port (or ICMP type/code) when known, def otherwise,
// recording an unknown one.
func portOr(v int, st state, def int, unk *fields, field string) int {
	switch st {
	case known:
		return v
	case unknown:
		unk.add(field)
	case absent:
	}
	return def
}

// aclEntry reads one NACL entry (inline, or aws_network_acl_rule when
// standalone).
func (b *builder) aclEntry(in *instance, o *obj, src *snapshot.Source, egress, standalone bool) (snapshot.ACLEntry, bool) {
	numAttr, actAttr, cidr4, cidr6 := "rule_no", "action", "cidr_block", "ipv6_cidr_block"
	if standalone {
		numAttr, actAttr = "rule_number", "rule_action"
		egress = boolAttr(o, "egress", false, nil, "")
		if _, st := asBool(o.attrs["egress"]); st == unknown {
			b.gapAt(in, "egress", "%s: egress is unknown until apply, so the entry could not be placed", in.addr)
			return snapshot.ACLEntry{}, false
		}
	}
	if o.unknownAll {
		b.gapAt(in, "entry", "%s: an entry at line %d is unknown until apply", in.addr, o.rng.Start.Line)
		return snapshot.ACLEntry{}, false
	}
	var unk fields
	e := snapshot.ACLEntry{Egress: egress, Source: src, ICMPType: -1, ICMPCode: -1}
	n, st := asInt(o.attrs[numAttr])
	if st != known {
		b.gapAt(in, numAttr, "%s: the rule number of the entry at line %d is unknown until apply, so its place in the ACL could not be checked", in.addr, o.rng.Start.Line)
		return snapshot.ACLEntry{}, false
	}
	e.RuleNumber = n
	if a, st := str(o, actAttr, &unk, "action"); st == known {
		e.Action = strings.ToLower(a)
	} else {
		e.Action = "allow"
		unk.add("action")
	}
	proto, pst := str(o, "protocol", &unk, "protocol")
	if pst != known {
		proto = "all"
		unk.add("protocol")
	}
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.errAt(o, "protocol", "%s: %v", in.addr, err)
		return snapshot.ACLEntry{}, false
	}
	e.Protocol = proto
	switch name {
	case "tcp", "udp":
		e.FromPort, e.ToPort = 0, 65535
		if v, st := asInt(o.attrs["from_port"]); st == known {
			e.FromPort = v
		} else if st == unknown {
			unk.add("from_port")
		}
		if v, st := asInt(o.attrs["to_port"]); st == known {
			e.ToPort = v
		} else if st == unknown {
			unk.add("to_port")
		}
	case "icmp", "icmpv6":
		e.FromPort, e.ToPort = -1, -1
		if v, st := asInt(o.attrs["icmp_type"]); st == known {
			e.ICMPType = v
		} else {
			unk.add("icmp_type")
		}
		if v, st := asInt(o.attrs["icmp_code"]); st == known {
			e.ICMPCode = v
		} else {
			unk.add("icmp_code")
		}
	default:
		e.FromPort, e.ToPort = 0, 65535
	}
	if c, st := str(o, cidr4, &unk, "cidr_ipv4"); st == known {
		e.CIDRIPv4 = c
	}
	if c, st := str(o, cidr6, &unk, "cidr_ipv6"); st == known {
		e.CIDRIPv6 = c
	}
	if e.CIDRIPv4 == "" && e.CIDRIPv6 == "" && len(unk) == 0 {
		b.errAt(o, numAttr, "%s: NACL entry %d has neither cidr_block nor ipv6_cidr_block", in.addr, n)
		return snapshot.ACLEntry{}, false
	}
	if len(unk) > 0 {
		e.Unknown = unk
	}
	return e, true
}

// routeTargetAttrs are the Terraform names of the route target members.
var routeTargetAttrs = map[string]string{
	"GatewayId": "gateway_id", "NatGatewayId": "nat_gateway_id", "VpcPeeringConnectionId": "vpc_peering_connection_id",
	"TransitGatewayId": "transit_gateway_id", "EgressOnlyInternetGatewayId": "egress_only_gateway_id",
	"NetworkInterfaceId": "network_interface_id", "InstanceId": "instance_id", "VpcEndpointId": "vpc_endpoint_id",
	"LocalGatewayId": "local_gateway_id", "CarrierGatewayId": "carrier_gateway_id", "CoreNetworkArn": "core_network_arn",
}

// gatewayIDPrefixes are the id prefixes of the resources a gateway_id can
// name: a resource whose id is known only after apply is named by its
// address, and one vpclint does not model is not in b.kind.
var gatewayIDPrefixes = []struct{ typ, prefix string }{
	{"aws_internet_gateway", "igw-"}, {"aws_vpn_gateway", "vgw-"},
	{"aws_vpc_endpoint", "vpce-"}, {"aws_egress_only_internet_gateway", "eigw-"},
}

// gatewayKind classifies what a route's gateway_id names.
func (b *builder) gatewayKind(id string, hasPrefixList bool) snapshot.TargetKind {
	for _, g := range gatewayIDPrefixes {
		if b.kind[id] == g.typ || strings.Contains(id, g.typ+".") {
			return snapshot.ClassifyTarget(g.prefix, hasPrefixList)
		}
	}
	return snapshot.ClassifyTarget(id, hasPrefixList)
}

func (b *builder) route(in *instance, o *obj, src *snapshot.Source, standalone bool) (snapshot.Route, bool) {
	if o.unknownAll {
		return snapshot.Route{TargetType: snapshot.TargetUnknown, State: "active", Origin: "CreateRoute", Source: src, Unknown: []string{"destination_cidr", "target_id"}}, true
	}
	var unk fields
	r := snapshot.Route{State: "active", Origin: "CreateRoute", Source: src}
	d4, d6 := "cidr_block", "ipv6_cidr_block"
	if standalone {
		d4, d6 = "destination_cidr_block", "destination_ipv6_cidr_block"
	}
	r.DestinationCIDR, _ = str(o, d4, &unk, "destination_cidr")
	r.DestinationIPv6CIDR, _ = str(o, d6, &unk, "destination_ipv6_cidr")
	r.DestinationPrefixListID, _ = b.ref(o, "destination_prefix_list_id", &unk, "destination_prefix_list_id")
	if r.DestinationCIDR == "" && r.DestinationIPv6CIDR == "" && r.DestinationPrefixListID == "" {
		if len(unk) == 0 {
			b.errAt(o, d4, "%s: route has no destination (want %s, %s or destination_prefix_list_id)", in.addr, d4, d6)
			return r, false
		}
		unk.add("destination_cidr")
	}
	for _, m := range snapshot.RouteTargetMembers {
		v, st := b.ref(o, routeTargetAttrs[m.Name], &unk, "target_id")
		if st == absent || (st == known && v == "") {
			continue
		}
		r.TargetID, r.TargetType = v, m.Kind // v is "" when unknown
		if m.Kind == "" {
			r.TargetType = b.gatewayKind(v, r.DestinationPrefixListID != "")
		}
		break
	}
	if r.TargetType == "" {
		r.TargetType = snapshot.TargetUnknown
		unk.add("target_id")
	}
	if len(unk) > 0 {
		r.Unknown = unk
	}
	return r, true
}

func (b *builder) sg(id string, in *instance) *snapshot.SecurityGroup {
	if sg, ok := b.sgs[id]; ok {
		return sg
	}
	// A group this configuration does not manage: its other rules are
	// unknown to vpclint, the rules written here are still checked.
	src := *in.src
	sg := &snapshot.SecurityGroup{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"name", "vpc_id", "ingress", "egress"}}}
	b.sgs[id] = sg
	return sg
}

func (b *builder) acl(id string, in *instance) *snapshot.NetworkACL {
	if a, ok := b.acls[id]; ok {
		return a
	}
	src := *in.src
	a := &snapshot.NetworkACL{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"vpc_id", "entries"}}}
	b.acls[id] = a
	return a
}

func (b *builder) rt(id string, in *instance) *snapshot.RouteTable {
	if r, ok := b.rts[id]; ok {
		return r
	}
	src := *in.src
	r := &snapshot.RouteTable{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"vpc_id", "routes"}}}
	b.rts[id] = r
	return r
}

func (b *builder) role(id string, in *instance) *snapshot.Role {
	if r, ok := b.roles[id]; ok {
		return r
	}
	src := *in.src
	r := &snapshot.Role{ID: id, Name: id, Meta: snapshot.Meta{Account: in.account, Source: &src, Unknown: []string{"trust_policy"}}}
	if strings.HasPrefix(id, "arn:") {
		r.ARN = id
		r.Name = id[strings.LastIndex(id, "/")+1:]
	}
	b.roles[id] = r
	return r
}

func (b *builder) bucket(id string, in *instance) *snapshot.Bucket {
	if bk, ok := b.buckets[id]; ok {
		return bk
	}
	src := *in.src
	bk := &snapshot.Bucket{ID: id, Name: id, ARN: "arn:aws:s3:::" + id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src}}
	b.buckets[id] = bk
	return bk
}

// attach applies the resources that change other entities.
func (b *builder) attach(in *instance) {
	o := in.o
	var unk fields
	need := func(attr string, types ...string) (string, bool) {
		v, st := str(o, attr, &unk, attr)
		v = b.resolveAs(v, types...)
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
	switch in.typ {
	case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		gid, ok := need("security_group_id")
		if !ok {
			return
		}
		sg := b.sg(gid, in)
		liftIgnores(sg.Source, in.src.Ignores)
		egress := in.typ == "aws_vpc_security_group_egress_rule"
		if in.typ == "aws_security_group_rule" {
			t, st := str(o, "type", &unk, "")
			if st != known {
				b.gapAt(in, "type", "%s: type is unknown until apply, so the rule could not be placed", in.addr)
				return
			}
			egress = t == "egress"
		}
		rules := b.sgRules(in, o, in.src, gid, in.typ != "aws_security_group_rule")
		for i := range rules {
			rules[i].RuleID = in.addr
			if len(rules) > 1 {
				rules[i].RuleID = fmt.Sprintf("%s/%d", in.addr, i)
			}
		}
		if egress {
			sg.Egress = append(sg.Egress, rules...)
		} else {
			sg.Ingress = append(sg.Ingress, rules...)
		}
	case "aws_network_acl_rule":
		aid, ok := need("network_acl_id")
		if !ok {
			return
		}
		a := b.acl(aid, in)
		liftIgnores(a.Source, in.src.Ignores)
		if e, ok := b.aclEntry(in, o, in.src, false, true); ok {
			a.Entries = append(a.Entries, e)
		}
	case "aws_network_acl_association":
		aid, ok1 := need("network_acl_id")
		sid, ok2 := need("subnet_id")
		if ok1 && ok2 {
			a := b.acl(aid, in)
			a.SubnetIDs = append(a.SubnetIDs, sid)
		}
	case "aws_route":
		rid, ok := need("route_table_id")
		if !ok {
			return
		}
		t := b.rt(rid, in)
		liftIgnores(t.Source, in.src.Ignores)
		if r, ok := b.route(in, o, in.src, true); ok {
			t.Routes = append(t.Routes, r)
		}
	case "aws_route_table_association":
		rid, ok := need("route_table_id")
		if !ok {
			return
		}
		t := b.rt(rid, in)
		if sid, st := b.ref(o, "subnet_id", &unk, ""); st == known {
			t.SubnetIDs = append(t.SubnetIDs, sid)
		} else if gid, st2 := b.ref(o, "gateway_id", &unk, ""); st2 == known {
			t.GatewayIDs = append(t.GatewayIDs, gid)
		} else if st == unknown || st2 == unknown {
			b.gapAt(in, "subnet_id", "%s: the associated subnet or gateway is unknown until apply", in.addr)
		}
	case "aws_main_route_table_association":
		if rid, ok := need("route_table_id"); ok {
			t := b.rt(rid, in)
			t.Main = true
			if v, st := b.ref(o, "vpc_id", &unk, ""); st == known && t.VPCID == "" {
				t.VPCID = v
			}
		}
	case "aws_vpc_peering_connection_accepter", "aws_vpc_peering_connection_options":
		pid, ok := need("vpc_peering_connection_id")
		if !ok {
			return
		}
		p, found := b.pcxs[pid]
		if !found {
			return
		}
		if in.typ == "aws_vpc_peering_connection_accepter" && boolAttr(o, "auto_accept", false, (*fields)(&p.Unknown), "status") {
			p.Status = "active"
		}
		peeringOptions(p, o, &unk)
	case "aws_vpc_endpoint_route_table_association", "aws_vpc_endpoint_subnet_association", "aws_vpc_endpoint_security_group_association", "aws_vpc_endpoint_policy":
		eid, ok := need("vpc_endpoint_id")
		if !ok {
			return
		}
		e, found := b.vpces[eid]
		if !found {
			return
		}
		switch in.typ {
		case "aws_vpc_endpoint_route_table_association":
			if v, ok := need("route_table_id"); ok {
				e.RouteTableIDs = append(e.RouteTableIDs, v)
			}
		case "aws_vpc_endpoint_subnet_association":
			if v, ok := need("subnet_id"); ok {
				e.SubnetIDs = append(e.SubnetIDs, v)
			}
		case "aws_vpc_endpoint_security_group_association":
			if v, ok := need("security_group_id"); ok {
				e.SecurityGroupIDs = append(e.SecurityGroupIDs, v)
			}
		default:
			var pu fields
			if d, st := policyDoc(o, "policy", &pu, "policy"); st == known {
				e.Policy = &d
			} else if st == unknown {
				e.Unknown = append(e.Unknown, "policy")
			}
		}
	case "aws_ec2_managed_prefix_list_entry":
		pid, ok := need("prefix_list_id")
		if !ok {
			return
		}
		if p, found := b.pls[pid]; found {
			if e, ok := b.prefixEntry(o, (*fields)(&p.Unknown)); ok {
				p.Entries = append(p.Entries, e)
			}
		}
	case "aws_iam_role_policy":
		rid, ok := need("role", "aws_iam_role")
		if !ok {
			return
		}
		r := b.role(rid, in)
		name, _ := str(o, "name", &unk, "")
		if doc, st := policyDoc(o, "policy", &unk, ""); st == known {
			r.InlinePolicies = append(r.InlinePolicies, snapshot.InlinePolicy{Name: cmp.Or(name, in.addr), Document: doc})
		} else if st == unknown {
			r.Unknown = append(r.Unknown, "inline_policies")
		}
	case "aws_iam_role_policy_attachment":
		rid, ok := need("role", "aws_iam_role")
		if !ok {
			return
		}
		r := b.role(rid, in)
		if p, st := str(o, "policy_arn", &unk, ""); st == known {
			r.AttachedPolicyARNs = append(r.AttachedPolicyARNs, b.resolveAs(p, "aws_iam_policy"))
		} else if st == unknown {
			r.Unknown = append(r.Unknown, "attached_policy_arns")
		}
	case "aws_s3_bucket_policy":
		bid, ok := need("bucket", "aws_s3_bucket")
		if !ok {
			return
		}
		bk := b.bucket(bid, in)
		liftIgnores(bk.Source, in.src.Ignores)
		if d, st := policyDoc(o, "policy", &unk, ""); st == known {
			bk.Policy = &d
		} else if st == unknown {
			bk.Unknown = append(bk.Unknown, "policy")
		}
	case "aws_s3_bucket_public_access_block":
		bid, ok := need("bucket", "aws_s3_bucket")
		if !ok {
			return
		}
		bk := b.bucket(bid, in)
		var pu fields
		bk.PublicAccessBlock = &snapshot.PublicAccessBlock{
			BlockPublicACLs:       boolAttr(o, "block_public_acls", false, &pu, "public_access_block"),
			IgnorePublicACLs:      boolAttr(o, "ignore_public_acls", false, &pu, "public_access_block"),
			BlockPublicPolicy:     boolAttr(o, "block_public_policy", false, &pu, "public_access_block"),
			RestrictPublicBuckets: boolAttr(o, "restrict_public_buckets", false, &pu, "public_access_block"),
		}
		if len(pu) > 0 {
			bk.Unknown = append(bk.Unknown, "public_access_block")
		}
	case "aws_eip":
		if iid, st := b.ref(o, "instance", &unk, ""); st == known {
			if i, ok := b.instances[iid]; ok {
				i.Unknown = append(i.Unknown, "public_ip")
			} else {
				b.publicByDefault["eip:"+iid] = true
			}
		}
		if nid, st := b.ref(o, "network_interface", &unk, ""); st == known {
			if n, ok := b.enis[nid]; ok {
				n.Unknown = append(n.Unknown, "public_ips")
			}
		}
	case "aws_instance":
		b.instance(in)
	}
}

func (b *builder) instance(in *instance) {
	o := in.o
	var unk fields
	i := &snapshot.Instance{ID: b.alias[in.addr], State: "running"}
	i.SubnetID, _ = b.ref(o, "subnet_id", &unk, "subnet_id")
	i.SecurityGroupIDs = b.refs(o, "vpc_security_group_ids", &unk, "security_group_ids")
	for _, name := range b.refs(o, "security_groups", &unk, "security_group_ids") {
		i.SecurityGroupIDs = append(i.SecurityGroupIDs, b.sgByName(name))
	}
	i.PrivateIP, _ = str(o, "private_ip", &unk, "private_ip")
	profile, _ := str(o, "iam_instance_profile", &unk, "instance_profile_id")
	if profile != "" {
		profile = b.resolveAs(profile, "aws_iam_instance_profile")
	}
	var lt *obj
	for _, c := range o.blocks["launch_template"] {
		id, st := b.ref(c, "id", &unk, "")
		if st != known {
			id, st = b.ref(c, "name", &unk, "")
		}
		if st == known {
			lt = b.lts[id]
		}
		if lt == nil {
			unk.add("security_group_ids")
			unk.add("metadata_options")
		}
	}
	public, pst := asBool(o.attrs["associate_public_ip_address"])
	if pst == unknown {
		unk.add("public_ip")
	}
	var mo *obj
	if ms := o.blocks["metadata_options"]; len(ms) > 0 {
		mo = ms[0]
	}
	if lt != nil {
		if len(i.SecurityGroupIDs) == 0 {
			i.SecurityGroupIDs = b.refs(lt, "vpc_security_group_ids", &unk, "security_group_ids")
		}
		for _, ni := range lt.blocks["network_interfaces"] {
			if len(i.SecurityGroupIDs) == 0 {
				i.SecurityGroupIDs = b.refs(ni, "security_groups", &unk, "security_group_ids")
			}
			if i.SubnetID == "" {
				i.SubnetID, _ = b.ref(ni, "subnet_id", &unk, "subnet_id")
			}
			if pst == absent {
				public, pst = asBool(ni.attrs["associate_public_ip_address"])
			}
		}
		if mo == nil && len(lt.blocks["metadata_options"]) > 0 {
			mo = lt.blocks["metadata_options"][0]
		}
		if profile == "" {
			for _, p := range lt.blocks["iam_instance_profile"] {
				if v, st := str(p, "name", &unk, "instance_profile_id"); st == known {
					profile = b.resolveAs(v, "aws_iam_instance_profile")
				} else if v, st := str(p, "arn", &unk, "instance_profile_id"); st == known {
					profile = b.resolveAs(v, "aws_iam_instance_profile")
				}
			}
		}
	}
	i.InstanceProfileID = profile
	switch {
	case pst == known && public:
		unk.add("public_ip")
	case pst == absent:
		b.publicByDefault[i.ID] = true
	}
	if b.publicByDefault["eip:"+in.addr] || b.publicByDefault["eip:"+i.ID] {
		unk.add("public_ip")
	}
	if mo != nil {
		m := &snapshot.MetadataOptions{HTTPEndpoint: "enabled"}
		m.HTTPTokens, _ = str(mo, "http_tokens", &unk, "metadata_options")
		if v, st := str(mo, "http_endpoint", &unk, "metadata_options"); st == known {
			m.HTTPEndpoint = v
		}
		m.HTTPPutResponseHopLimit, _ = asInt(mo.attrs["http_put_response_hop_limit"])
		i.MetadataOptions = m
	}
	for _, c := range o.blocks["network_interface"] {
		nid, st := b.ref(c, "network_interface_id", &unk, "network_interface_ids")
		if st != known {
			continue
		}
		i.NetworkInterfaceIDs = append(i.NetworkInterfaceIDs, nid)
		idx, _ := asInt(c.attrs["device_index"])
		if n, ok := b.enis[nid]; ok {
			n.Attachment = &snapshot.ENIAttachment{InstanceID: i.ID, DeviceIndex: idx, Status: "attached"}
			if i.SubnetID == "" {
				i.SubnetID = n.SubnetID
			}
			if idx == 0 && len(i.SecurityGroupIDs) == 0 {
				i.SecurityGroupIDs = slices.Clone(n.SecurityGroupIDs)
			}
		}
	}
	if len(i.SecurityGroupIDs) == 0 && !slices.Contains(unk, "security_group_ids") {
		b.defaultSG["instance:"+i.ID] = true
	}
	// State and plan values carry the address AWS assigned: a known
	// public_ip replaces "known after apply".
	var scratch fields
	if ip, st := str(o, "public_ip", &scratch, "public_ip"); st == known && ip != "" {
		i.PublicIP = ip
		unk = slices.DeleteFunc(unk, func(f string) bool { return f == "public_ip" })
		delete(b.publicByDefault, i.ID)
	}
	i.Meta = b.meta(in, unk)
	b.instances[i.ID] = i
}

func (b *builder) sgByName(name string) string {
	for id, sg := range b.sgs {
		if sg.Name == name {
			return id
		}
	}
	return name
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
