package cloudformation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// fields reads typed values out of an evaluated mapping, recording unknown
// values in *unknown under their snapshot JSON name and type errors on t.
type fields struct {
	t       *tmpl
	o       *obj
	what    string // "WebSG" or "WebSG SecurityGroupIngress" for errors
	unknown *[]string
}

func (f fields) markUnknown(field string) {
	if !slices.Contains(*f.unknown, field) {
		*f.unknown = append(*f.unknown, field)
	}
}

// known returns a property that is present and known; an unknown one is
// recorded under field.
func (f fields) known(key, field string) (any, bool) {
	v, ok := f.o.m[key]
	if !ok || v == nil {
		return nil, false
	}
	if _, ok := v.(unknownVal); ok {
		f.markUnknown(field)
		return nil, false
	}
	return v, true
}

func (f fields) typeErr(key, want string) {
	f.t.fail(f.o.node, "%s: property %s must be %s", f.what, key, want)
}

// str returns the property as text; "" when absent or unknown.
func (f fields) str(key, field string) string {
	v, ok := f.known(key, field)
	if !ok {
		return ""
	}
	s, ok := text(v)
	if !ok {
		f.typeErr(key, "a string")
	}
	return s
}

// ref returns a property that names another resource: its text, or the
// logical id of the template resource an unknown value was read from
// (!GetAtt Role.Arn while the account is unknown).
func (f fields) ref(key, field string) string {
	if u, ok := f.o.m[key].(unknownVal); ok && u.of != "" {
		return u.of
	}
	return f.str(key, field)
}

func (f fields) has(key string) bool {
	_, ok := f.o.m[key]
	return ok
}

// boolean returns the property, def when absent; unknown values return
// def and are recorded.
func (f fields) boolean(key, field string, def bool) bool {
	v, ok := f.known(key, field)
	if !ok {
		return def
	}
	b, ok := asBool(v)
	if !ok {
		f.typeErr(key, "true or false")
	}
	return b
}

// integer returns the property, def when absent or unknown.
func (f fields) integer(key, field string, def int) int {
	v, ok := f.known(key, field)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(asText(v)))
	if err != nil {
		f.typeErr(key, "an integer")
		return def
	}
	return n
}

// strs returns a list of strings; unknown items are left out and recorded.
func (f fields) strs(key, field string) []string {
	v, ok := f.known(key, field)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		f.typeErr(key, "a list")
		return nil
	}
	out := make([]string, 0, len(list))
	for _, it := range list {
		if _, ok := it.(unknownVal); ok {
			f.markUnknown(field)
			continue
		}
		s, ok := text(it)
		if !ok {
			f.typeErr(key, "a list of strings")
			continue
		}
		out = append(out, s)
	}
	return out
}

// objs returns a list of mappings (inline rules, entries); items that are
// not mappings are errors, unknown items are recorded.
func (f fields) objs(key, field string) []*obj {
	v, ok := f.known(key, field)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		f.typeErr(key, "a list of mappings")
		return nil
	}
	var out []*obj
	for _, it := range list {
		switch x := it.(type) {
		case *obj:
			out = append(out, x)
		case unknownVal:
			f.markUnknown(field)
		default:
			f.typeErr(key, "a list of mappings")
		}
	}
	return out
}

func (f fields) sub(key string) *obj {
	switch x := f.o.m[key].(type) {
	case *obj:
		return x
	case unknownVal:
		return nil
	case nil:
		return nil
	default:
		f.typeErr(key, "a mapping")
		return nil
	}
}

// cidr validates a CIDR property so that a typo is reported on its line
// rather than later without one.
func (f fields) cidr(key, field string, want int) string {
	s := f.str(key, field)
	if s == "" {
		return ""
	}
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || (want == 4) != p.Addr().Is4() {
		f.t.fail(f.o.node, "%s: %s %q is not an IPv%d CIDR such as %s", f.what, key, s, want, map[int]string{4: "10.0.0.0/16", 6: "2001:db8::/56"}[want])
		return ""
	}
	return s
}

// builder accumulates the snapshot.
type builder struct {
	t       *tmpl
	s       *snapshot.Snapshot
	account string
	region  string
	idx     map[string]int // "collection/id" -> index
	stubs   map[string]bool
	lts     map[string]*obj
}

func (t *tmpl) build() *snapshot.Snapshot {
	b := &builder{
		t:   t,
		s:   &snapshot.Snapshot{Schema: snapshot.SchemaV1, Origin: snapshot.Origin{Kind: "cloudformation", Inputs: []string{t.file}}, Path: t.file},
		idx: map[string]int{}, lts: map[string]*obj{}, stubs: map[string]bool{},
	}
	b.account, _ = t.pseudo["AWS::AccountId"].(string)
	b.region, _ = t.pseudo["AWS::Region"].(string)
	if b.account != "" {
		b.s.Accounts = []snapshot.Account{{ID: b.account}}
	}
	var live []*resource
	for _, r := range t.order {
		if r.cond != "" {
			if c := t.condition(r.cond, r.key, 0); c == false {
				continue
			}
		}
		live = append(live, r)
	}
	for _, r := range live {
		switch r.typ {
		case "AWS::CloudFormation::Stack", "AWS::Serverless::Application":
			t.gap("nested stack "+r.id, fmt.Sprintf("the nested stack %s (line %d) is not read; check its template separately", r.id, r.key.Line))
		case "AWS::EC2::LaunchTemplate":
			if o := b.props(r); o != nil {
				b.lts[r.id] = fields{t: t, o: o, what: r.id, unknown: new([]string)}.sub("LaunchTemplateData")
			}
		}
	}
	// First the entities, then what attaches to them (rules, entries,
	// routes, associations, policies), so order in the file does not matter.
	for _, phase := range []map[string]func(*resource, *obj, *snapshot.Meta){
		{
			"AWS::EC2::VPC": b.vpc, "AWS::EC2::Subnet": b.subnet, "AWS::EC2::SecurityGroup": b.securityGroup,
			"AWS::EC2::NetworkAcl": b.networkACL, "AWS::EC2::RouteTable": b.routeTable,
			"AWS::EC2::InternetGateway": b.internetGateway, "AWS::EC2::EgressOnlyInternetGateway": b.eigw,
			"AWS::EC2::PrefixList": b.prefixList, "AWS::IAM::Role": b.role, "AWS::IAM::ManagedPolicy": b.managedPolicy,
			"AWS::IAM::InstanceProfile": b.instanceProfile, "AWS::S3::Bucket": b.bucket,
			"AWS::EC2::NetworkInterface": b.networkInterface,
			"AWS::IAM::User":             b.iamUser, "AWS::IAM::Group": b.iamGroup,
		},
		{
			"AWS::EC2::NatGateway": b.natGateway, "AWS::EC2::VPCPeeringConnection": b.peering,
			"AWS::EC2::VPCEndpoint": b.endpoint, "AWS::EC2::Instance": b.instance, "AWS::EC2::FlowLog": b.flowLog,
		},
		{
			"AWS::EC2::SecurityGroupIngress": b.sgRuleResource, "AWS::EC2::SecurityGroupEgress": b.sgRuleResource,
			"AWS::EC2::NetworkAclEntry": b.aclEntry, "AWS::EC2::SubnetNetworkAclAssociation": b.aclAssociation,
			"AWS::EC2::Route": b.route, "AWS::EC2::SubnetRouteTableAssociation": b.rtAssociation,
			"AWS::EC2::VPCGatewayAttachment": b.gatewayAttachment, "AWS::IAM::Policy": b.iamPolicy,
			"AWS::S3::BucketPolicy": b.bucketPolicy, "AWS::EC2::VPCCidrBlock": b.vpcCidrBlock, "AWS::EC2::EIP": b.eip,
			"AWS::IAM::UserToGroupAddition": b.userToGroup, "AWS::Lambda::Permission": b.lambdaPermission,
			"AWS::SQS::QueuePolicy": b.resourcePolicy, "AWS::SNS::TopicPolicy": b.resourcePolicy, "AWS::KMS::Key": b.resourcePolicy,
			"AWS::ECR::Repository": b.resourcePolicy, "AWS::SecretsManager::ResourcePolicy": b.resourcePolicy,
			"AWS::OpenSearchService::Domain": b.resourcePolicy, "AWS::Elasticsearch::Domain": b.resourcePolicy,
		},
	} {
		for _, r := range live {
			fn, ok := phase[r.typ]
			if !ok {
				continue
			}
			o := b.props(r)
			if o == nil {
				o = &obj{node: r.node, m: map[string]any{}}
			}
			meta := b.meta(r)
			fn(r, o, &meta)
		}
	}
	b.defaultEgress()
	b.groupVPCs()
	b.s.Coverage = append(b.s.Coverage, t.gaps...)
	return b.s
}

// invalid records a value CloudFormation would reject (a protocol "tpc",
// a RuleAction "allaw") as a located input problem; the caller reads the
// value as unknown, so the rest of the template is still checked (issue
// #11 item 13).
func (b *builder) invalid(n *yaml.Node, format string, args ...any) {
	e := &snapshot.Error{File: b.t.file, Msg: fmt.Sprintf(format, args...) + "; the value is treated as unknown"}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	b.s.Diagnostics = append(b.s.Diagnostics, e)
}

// icmpRange reads an ICMP type or code outside -1-255 as all, unknown,
// with a located problem.
func (b *builder) icmpRange(n *yaml.Node, what string, typ, code *int, unknown *[]string) {
	if *typ >= -1 && *typ <= 255 && *code >= -1 && *code <= 255 {
		return
	}
	b.invalid(n, "%s: icmp type %d code %d out of range (want -1 for all, or 0-255)", what, *typ, *code)
	*typ, *code = -1, -1
	*unknown = append(*unknown, "icmp_type", "icmp_code")
}

func (b *builder) props(r *resource) *obj {
	if r.props == nil || r.props.Kind != yaml.MappingNode {
		return nil
	}
	o, ok := b.t.eval(r.props, 1).(*obj)
	if !ok {
		return nil
	}
	return o
}

// meta is the Meta of the entity built from r: its Source (file, lines,
// logical id, inline suppressions), tags, account and region.
func (b *builder) meta(r *resource) snapshot.Meta {
	// A resource whose Condition is unknown may or may not exist; it is
	// checked as if it did (never assumed absent).
	return snapshot.Meta{Account: b.account, Region: b.region, Source: b.source(r)}
}

func (b *builder) source(r *resource) *snapshot.Source {
	src := &snapshot.Source{File: b.t.file, StartLine: r.key.Line, EndLine: lastLine(r.node), Address: r.id}
	src.Ignores = b.ignores(r)
	src.Lines = propertyLines(r)
	return src
}

// fieldLines maps, per resource type, the properties a finding can be
// about to the snapshot field they set: their lines go into Source.Lines
// so such a finding points at the property.
var fieldLines = map[string]map[string]string{
	"AWS::EC2::Subnet":      {"MapPublicIpOnLaunch": "map_public_ip_on_launch", "AssignIpv6AddressOnCreation": "assign_ipv6_address_on_creation"},
	"AWS::EC2::VPC":         {"EnableDnsSupport": "enable_dns_support", "EnableDnsHostnames": "enable_dns_hostnames"},
	"AWS::IAM::Role":        {"AssumeRolePolicyDocument": "trust_policy", "ManagedPolicyArns": "attached_policy_arns"},
	"AWS::EC2::VPCEndpoint": {"PolicyDocument": "policy", "PrivateDnsEnabled": "private_dns_enabled", "RouteTableIds": "route_table_ids"},
	"AWS::EC2::FlowLog":     {"DeliverLogsPermissionArn": "deliver_logs_role_arn", "TrafficType": "traffic_type"},
}

// propertyLines returns the lines of the properties of fieldLines a
// resource writes.
func propertyLines(r *resource) map[string]int {
	table := fieldLines[r.typ]
	if len(table) == 0 || r.props == nil || r.props.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]int{}
	for i := 0; i+1 < len(r.props.Content); i += 2 {
		if field, ok := table[r.props.Content[i].Value]; ok {
			out[field] = r.props.Content[i].Line
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ignores reads Metadata: {vpclint: {ignore: [{id: SG001, reason: ...}]}}.
// A missing id or reason is a located error.
func (b *builder) ignores(r *resource) []snapshot.Ignore {
	v := child(r.meta, "vpclint")
	if v == nil {
		return nil
	}
	list := child(v, "ignore")
	if list == nil || list.Kind != yaml.SequenceNode {
		b.t.fail(v, "%s: Metadata.vpclint must be {ignore: [{id: RULE, reason: why}]}", r.id)
		return nil
	}
	var out []snapshot.Ignore
	for _, it := range list.Content {
		id, reason := child(it, "id"), child(it, "reason")
		switch {
		case it.Kind != yaml.MappingNode || id == nil || id.Kind != yaml.ScalarNode || id.Value == "":
			b.t.fail(it, "%s: an inline suppression needs an id (a rule id such as SG001 or its name) and a reason", r.id)
			return nil
		case reason == nil || reason.Kind != yaml.ScalarNode || strings.TrimSpace(reason.Value) == "":
			b.t.fail(it, "%s: the inline suppression of %s has no reason; say why it is acceptable (reason: ...)", r.id, id.Value)
			return nil
		}
		out = append(out, snapshot.Ignore{Rule: id.Value, Reason: strings.TrimSpace(reason.Value), Line: it.Line})
	}
	return out
}

func tags(f fields) map[string]string {
	var out map[string]string
	for _, o := range f.objs("Tags", "tags") {
		k, ok := text(o.m["Key"])
		if !ok {
			continue
		}
		v, ok := text(o.m["Value"])
		if !ok {
			v = ""
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

func (b *builder) f(r *resource, o *obj, m *snapshot.Meta) fields {
	return fields{t: b.t, o: o, what: r.id, unknown: &m.Unknown}
}

func (b *builder) withTags(f fields, m *snapshot.Meta) {
	if t := tags(f); t != nil {
		if m.Tags == nil {
			m.Tags = t
			return
		}
		maps.Copy(m.Tags, t)
	}
}

func (b *builder) vpc(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	v := snapshot.VPC{ID: r.id, Meta: *m}
	if c := f.cidr("CidrBlock", "cidr_blocks", 4); c != "" {
		v.CIDRBlocks = []string{c}
	} else {
		f.markUnknown("cidr_blocks") // imported, or allocated from IPAM at create time
	}
	dns := f.boolean("EnableDnsSupport", "enable_dns_support", true)
	hosts := f.boolean("EnableDnsHostnames", "enable_dns_hostnames", false)
	v.EnableDNSSupport, v.EnableDNSHostnames = &dns, &hosts
	v.Meta = *m
	b.idx["vpcs/"+v.ID] = len(b.s.VPCs)
	b.s.VPCs = append(b.s.VPCs, v)
}

func (b *builder) vpcCidrBlock(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	i, ok := b.idx["vpcs/"+f.str("VpcId", "vpc_id")]
	if !ok {
		return
	}
	v := &b.s.VPCs[i]
	if c := f.cidr("CidrBlock", "cidr_blocks", 4); c != "" {
		v.CIDRBlocks = append(v.CIDRBlocks, c)
	}
	if c := f.cidr("Ipv6CidrBlock", "ipv6_cidr_blocks", 6); c != "" {
		v.IPv6CIDRBlocks = append(v.IPv6CIDRBlocks, c)
	}
	if f.boolean("AmazonProvidedIpv6CidrBlock", "ipv6_cidr_blocks", false) || f.has("Ipv6IpamPoolId") || f.has("Ipv6Pool") {
		if !slices.Contains(v.Unknown, "ipv6_cidr_blocks") {
			v.Unknown = append(v.Unknown, "ipv6_cidr_blocks")
		}
	}
	if len(m.Unknown) > 0 && !slices.Contains(v.Unknown, "cidr_blocks") && slices.Contains(m.Unknown, "cidr_blocks") {
		v.Unknown = append(v.Unknown, "cidr_blocks")
	}
}

func (b *builder) subnet(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	sn := snapshot.Subnet{ID: r.id}
	sn.VPCID = f.str("VpcId", "vpc_id")
	sn.AvailabilityZone = f.str("AvailabilityZone", "availability_zone")
	sn.CIDRBlock = f.cidr("CidrBlock", "cidr_block", 4)
	if sn.CIDRBlock == "" && !slices.Contains(m.Unknown, "cidr_block") && !f.has("Ipv6Native") {
		f.markUnknown("cidr_block")
	}
	if c := f.cidr("Ipv6CidrBlock", "ipv6_cidr_blocks", 6); c != "" {
		sn.IPv6CIDRBlocks = []string{c}
	}
	sn.MapPublicIPOnLaunch = f.boolean("MapPublicIpOnLaunch", "map_public_ip_on_launch", false)
	sn.AssignIPv6AddressOnCreation = f.boolean("AssignIpv6AddressOnCreation", "assign_ipv6_address_on_creation", false)
	sn.Meta = *m
	b.idx["subnets/"+sn.ID] = len(b.s.Subnets)
	b.s.Subnets = append(b.s.Subnets, sn)
}

func (b *builder) securityGroup(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	sg := snapshot.SecurityGroup{ID: r.id}
	sg.Name = f.str("GroupName", "name")
	if sg.Name == "" {
		sg.Name = r.id
	}
	sg.Description = f.str("GroupDescription", "description")
	sg.VPCID = f.str("VpcId", "vpc_id")
	if sg.VPCID == "" && !slices.Contains(m.Unknown, "vpc_id") {
		// Without VpcId the group is created in the region's default VPC,
		// which the template does not describe.
		f.markUnknown("vpc_id")
	}
	for _, it := range f.objs("SecurityGroupIngress", "ingress") {
		sg.Ingress = append(sg.Ingress, b.sgRule(r, it, false, b.itemSource(r, it)))
	}
	if f.has("SecurityGroupEgress") {
		sg.Egress = []snapshot.SGRule{}
	}
	for _, it := range f.objs("SecurityGroupEgress", "egress") {
		sg.Egress = append(sg.Egress, b.sgRule(r, it, true, b.itemSource(r, it)))
	}
	sg.Meta = *m
	b.idx["security_groups/"+sg.ID] = len(b.s.SecurityGroups)
	b.s.SecurityGroups = append(b.s.SecurityGroups, sg)
}

// defaultEgress gives every group whose template did not list
// SecurityGroupEgress the allow-all egress rule AWS creates with it
// (CloudFormation, unlike Terraform, keeps it; standalone
// AWS::EC2::SecurityGroupEgress resources add to it without removing it).
func (b *builder) defaultEgress() {
	for i := range b.s.SecurityGroups {
		sg := &b.s.SecurityGroups[i]
		if sg.Egress != nil || slices.Contains(sg.Unknown, "egress") || b.stubs["security_groups/"+sg.ID] {
			if sg.Egress != nil && len(sg.Egress) == 0 {
				sg.Egress = nil
			}
			continue
		}
		sg.Egress = []snapshot.SGRule{{
			RuleID: sg.ID + "/egress/default", Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535,
			ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0", Implicit: true, Source: sg.Source,
			Description: "",
		}}
	}
}

// groupVPCs fills the VPC of referenced groups defined anywhere in the
// template (a rule may name a group declared after it, or its own group).
func (b *builder) groupVPCs() {
	for i := range b.s.SecurityGroups {
		sg := &b.s.SecurityGroups[i]
		for _, rules := range [][]snapshot.SGRule{sg.Ingress, sg.Egress} {
			for j := range rules {
				ref := rules[j].ReferencedGroup
				if ref == nil || ref.VPCID != "" {
					continue
				}
				if k, ok := b.idx["security_groups/"+ref.GroupID]; ok {
					ref.VPCID = b.s.SecurityGroups[k].VPCID
				}
			}
		}
	}
}

func (b *builder) itemSource(r *resource, it *obj) *snapshot.Source {
	return &snapshot.Source{File: b.t.file, StartLine: it.line(), EndLine: it.endLine(), Address: r.id}
}

// sgRule converts one CloudFormation rule (inline or standalone).
func (b *builder) sgRule(r *resource, it *obj, egress bool, src *snapshot.Source) snapshot.SGRule {
	rule := snapshot.SGRule{Source: src}
	what := r.id + " rule"
	f := fields{t: b.t, o: it, what: what, unknown: &rule.Unknown}
	proto := f.str("IpProtocol", "protocol")
	if proto == "" {
		if !slices.Contains(rule.Unknown, "protocol") {
			b.t.fail(it.node, "%s: IpProtocol is required (tcp, udp, icmp, icmpv6, -1 or a number)", what)
		}
		proto = "-1" // unknown: treated as the widest
	}
	name, num, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.invalid(keyNode(it, "IpProtocol"), "%s: %v", what, err)
		name, num = "all", -1
		rule.Unknown = append(rule.Unknown, "protocol")
	}
	rule.Protocol, rule.ProtocolNumber = name, num
	from, to := f.integer("FromPort", "from_port", -1), f.integer("ToPort", "to_port", -1)
	rule.FromPort, rule.ToPort, rule.ICMPType, rule.ICMPCode = 0, 65535, -1, -1
	switch name {
	case "tcp", "udp":
		if from >= 0 {
			rule.FromPort = from
		}
		if to >= 0 {
			rule.ToPort = to
		}
		if rule.FromPort > rule.ToPort || rule.ToPort > 65535 {
			b.invalid(keyNode(it, "FromPort"), "%s: port range %d-%d is not within 0-65535 with FromPort <= ToPort", what, from, to)
			rule.FromPort, rule.ToPort = 0, 65535
			rule.Unknown = append(rule.Unknown, "from_port", "to_port")
		}
	case "icmp", "icmpv6":
		rule.FromPort, rule.ToPort, rule.ICMPType, rule.ICMPCode = -1, -1, from, to
		b.icmpRange(keyNode(it, "FromPort"), what, &rule.ICMPType, &rule.ICMPCode, &rule.Unknown)
	}
	rule.Description = f.str("Description", "description")
	rule.CIDRIPv4 = f.cidr("CidrIp", "cidr_ipv4", 4)
	rule.CIDRIPv6 = f.cidr("CidrIpv6", "cidr_ipv6", 6)
	pl, group, owner := "SourcePrefixListId", "SourceSecurityGroupId", "SourceSecurityGroupOwnerId"
	if egress {
		pl, group, owner = "DestinationPrefixListId", "DestinationSecurityGroupId", ""
	}
	rule.PrefixListID = f.str(pl, "prefix_list_id")
	if g := f.str(group, "referenced_group"); g != "" {
		ref := &snapshot.GroupReference{GroupID: g, AccountID: b.account}
		if owner != "" {
			if a := f.str(owner, "referenced_group"); a != "" {
				ref.AccountID = a
			}
		}
		rule.ReferencedGroup = ref
	}
	if !egress && f.has("SourceSecurityGroupName") {
		// A group named, not identified: only valid in a default VPC, and
		// the name cannot be joined to a group id.
		f.markUnknown("referenced_group")
	}
	targets := 0
	for _, set := range []bool{rule.CIDRIPv4 != "", rule.CIDRIPv6 != "", rule.PrefixListID != "", rule.ReferencedGroup != nil} {
		if set {
			targets++
		}
	}
	if targets > 1 {
		b.t.fail(it.node, "%s: a rule has exactly one of CidrIp, CidrIpv6, %s or %s", what, pl, group)
	}
	if targets == 0 && len(rule.Unknown) == 0 {
		b.t.fail(it.node, "%s: the rule has no source or destination (CidrIp, CidrIpv6, %s or %s)", what, pl, group)
	}
	return rule
}

// sgRuleResource attaches AWS::EC2::SecurityGroupIngress/Egress to its
// group; a group the template does not define gets a stub entity so the
// rule is still checked.
func (b *builder) sgRuleResource(r *resource, o *obj, m *snapshot.Meta) {
	egress := r.typ == "AWS::EC2::SecurityGroupEgress"
	f := b.f(r, o, m)
	gid := f.str("GroupId", "id")
	if gid == "" && !egress && f.has("GroupName") {
		gid = f.str("GroupName", "name")
	}
	src := m.Source
	rule := b.sgRule(r, o, egress, src)
	i := b.stubSG(r, gid, m)
	sg := &b.s.SecurityGroups[i]
	if egress {
		sg.Egress = append(sg.Egress, rule)
	} else {
		sg.Ingress = append(sg.Ingress, rule)
	}
}

func (b *builder) stubSG(r *resource, gid string, m *snapshot.Meta) int {
	if i, ok := b.idx["security_groups/"+gid]; ok && gid != "" {
		return i
	}
	if vpc, ok := snapshot.DefaultSecurityGroupVPC(gid); ok {
		if vi, ok := b.idx["vpcs/"+vpc]; ok {
			// Rules added to !GetAtt Vpc.DefaultSecurityGroup: the group
			// itself keeps the rules AWS gives it (aws-semantics §1.4).
			b.idx["security_groups/"+gid] = len(b.s.SecurityGroups)
			b.s.SecurityGroups = append(b.s.SecurityGroups, snapshot.DefaultSecurityGroup(&b.s.VPCs[vi]))
			return b.idx["security_groups/"+gid]
		}
	}
	id := gid
	meta := *m
	meta.Unknown = []string{"vpc_id", "name"}
	if id == "" {
		id = r.id + "/group"
		meta.Unknown = append(meta.Unknown, "id")
	}
	b.stubs["security_groups/"+id] = true
	// The group is outside the template: its other rules and its default
	// egress are unknown.
	meta.Unknown = append(meta.Unknown, "ingress", "egress")
	b.idx["security_groups/"+id] = len(b.s.SecurityGroups)
	b.s.SecurityGroups = append(b.s.SecurityGroups, snapshot.SecurityGroup{ID: id, Name: id, Meta: meta})
	return b.idx["security_groups/"+id]
}

func (b *builder) networkACL(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	a := snapshot.NetworkACL{ID: r.id, VPCID: f.str("VpcId", "vpc_id"), Entries: []snapshot.ACLEntry{}}
	a.Meta = *m
	b.idx["network_acls/"+a.ID] = len(b.s.NetworkACLs)
	b.s.NetworkACLs = append(b.s.NetworkACLs, a)
}

func (b *builder) aclIndex(r *resource, id string, m *snapshot.Meta) int {
	if i, ok := b.idx["network_acls/"+id]; ok && id != "" {
		return i
	}
	if vpc, ok := snapshot.DefaultNetworkACLVPC(id); ok {
		if vi, ok := b.idx["vpcs/"+vpc]; ok {
			// Entries added to !GetAtt Vpc.DefaultNetworkAcl: the ACL keeps
			// its allow-all entries in both directions (aws-semantics §2.3).
			b.idx["network_acls/"+id] = len(b.s.NetworkACLs)
			b.s.NetworkACLs = append(b.s.NetworkACLs, snapshot.DefaultNetworkACL(&b.s.VPCs[vi]))
			return b.idx["network_acls/"+id]
		}
	}
	meta := *m
	meta.Unknown = []string{"vpc_id", "entries"}
	if id == "" {
		id = r.id + "/acl"
		meta.Unknown = append(meta.Unknown, "id")
	}
	b.idx["network_acls/"+id] = len(b.s.NetworkACLs)
	b.s.NetworkACLs = append(b.s.NetworkACLs, snapshot.NetworkACL{ID: id, Meta: meta, Entries: []snapshot.ACLEntry{}})
	return b.idx["network_acls/"+id]
}

func (b *builder) aclEntry(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	e := snapshot.ACLEntry{Source: m.Source}
	ef := fields{t: b.t, o: o, what: r.id, unknown: &e.Unknown}
	e.RuleNumber = ef.integer("RuleNumber", "rule_number", 0)
	if e.RuleNumber < 1 || e.RuleNumber > 32766 {
		// The entry cannot be placed in the ACL's order: a gap, and a
		// located problem when the number is known but out of range.
		if !slices.Contains(e.Unknown, "rule_number") {
			b.invalid(keyNode(o, "RuleNumber"), "%s: RuleNumber %d is outside 1-32766", r.id, e.RuleNumber)
		}
		b.t.gap(r.id+" RuleNumber", fmt.Sprintf("line %d: the entry's rule number is not known, so its place in the ACL could not be checked", keyNode(o, "RuleNumber").Line))
		return
	}
	e.Egress = ef.boolean("Egress", "egress", false)
	e.Action = strings.ToLower(ef.str("RuleAction", "action"))
	if e.Action != "" && e.Action != "allow" && e.Action != "deny" {
		b.invalid(keyNode(o, "RuleAction"), "%s: RuleAction %q (want allow or deny)", r.id, e.Action)
		e.Action, e.Unknown = "", append(e.Unknown, "action")
	}
	if e.Action == "" {
		e.Action = "allow" // unknown: treated as the wider choice
		if !slices.Contains(e.Unknown, "action") {
			b.t.fail(o.node, "%s: RuleAction must be allow or deny", r.id)
		}
	}
	proto := ef.str("Protocol", "protocol")
	if proto == "" {
		proto = "-1"
	}
	name, num, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.invalid(keyNode(o, "Protocol"), "%s: %v", r.id, err)
		name, num = "all", -1
		e.Unknown = append(e.Unknown, "protocol")
	}
	e.Protocol, e.ProtocolNumber = name, num
	e.FromPort, e.ToPort, e.ICMPType, e.ICMPCode = 0, 65535, -1, -1
	switch name {
	case "tcp", "udp":
		if pr := ef.sub("PortRange"); pr != nil {
			pf := fields{t: b.t, o: pr, what: r.id + " PortRange", unknown: &e.Unknown}
			e.FromPort, e.ToPort = pf.integer("From", "from_port", 0), pf.integer("To", "to_port", 65535)
		}
	case "icmp", "icmpv6":
		e.FromPort, e.ToPort = -1, -1
		if ic := ef.sub("Icmp"); ic != nil {
			icf := fields{t: b.t, o: ic, what: r.id + " Icmp", unknown: &e.Unknown}
			e.ICMPType, e.ICMPCode = icf.integer("Type", "icmp_type", -1), icf.integer("Code", "icmp_code", -1)
			b.icmpRange(keyNode(ic, "Type"), r.id, &e.ICMPType, &e.ICMPCode, &e.Unknown)
		}
	}
	e.CIDRIPv4 = ef.cidr("CidrBlock", "cidr_ipv4", 4)
	e.CIDRIPv6 = ef.cidr("Ipv6CidrBlock", "cidr_ipv6", 6)
	if e.CIDRIPv4 == "" && e.CIDRIPv6 == "" && len(e.Unknown) == 0 {
		b.t.fail(o.node, "%s: a NACL entry needs CidrBlock or Ipv6CidrBlock", r.id)
	}
	i := b.aclIndex(r, f.str("NetworkAclId", "id"), m)
	a := &b.s.NetworkACLs[i]
	for _, old := range a.Entries {
		if old.RuleNumber == e.RuleNumber && old.Egress == e.Egress {
			where := "the AWS default entry"
			if old.Source != nil {
				where = fmt.Sprintf("line %d", old.Source.StartLine)
			}
			b.t.fail(o.node, "%s: rule number %d is already used in the %s direction of %s (%s)", r.id, e.RuleNumber, map[bool]string{true: "egress", false: "ingress"}[e.Egress], a.ID, where)
		}
	}
	a.Entries = append(a.Entries, e)
}

func (b *builder) aclAssociation(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	subnet := f.str("SubnetId", "subnet_id")
	i := b.aclIndex(r, f.str("NetworkAclId", "id"), m)
	if subnet != "" {
		b.s.NetworkACLs[i].SubnetIDs = append(b.s.NetworkACLs[i].SubnetIDs, subnet)
	}
}

func (b *builder) routeTable(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	rt := snapshot.RouteTable{ID: r.id, VPCID: f.str("VpcId", "vpc_id"), Routes: []snapshot.Route{}}
	rt.Meta = *m
	b.idx["route_tables/"+rt.ID] = len(b.s.RouteTables)
	b.s.RouteTables = append(b.s.RouteTables, rt)
}

func (b *builder) rtIndex(r *resource, id string, m *snapshot.Meta) int {
	if i, ok := b.idx["route_tables/"+id]; ok && id != "" {
		return i
	}
	meta := *m
	meta.Unknown = []string{"vpc_id", "routes"}
	if id == "" {
		id = r.id + "/rtb"
		meta.Unknown = append(meta.Unknown, "id")
	}
	b.idx["route_tables/"+id] = len(b.s.RouteTables)
	b.s.RouteTables = append(b.s.RouteTables, snapshot.RouteTable{ID: id, Meta: meta, Routes: []snapshot.Route{}})
	return b.idx["route_tables/"+id]
}

// gatewayIDPrefixes are the id prefixes of the resources a GatewayId can
// name by !Ref, whose ids vpclint does not know.
var gatewayIDPrefixes = map[string]string{
	"AWS::EC2::InternetGateway": "igw-", "AWS::EC2::VPNGateway": "vgw-", "AWS::EC2::VPCEndpoint": "vpce-",
}

// gatewayType classifies a route's GatewayId.
func (b *builder) gatewayType(id string, hasPrefixList bool) snapshot.TargetKind {
	if r, ok := b.t.res[id]; ok {
		if p, ok := gatewayIDPrefixes[r.typ]; ok {
			id = p
		}
	}
	return snapshot.ClassifyTarget(id, hasPrefixList)
}

func (b *builder) route(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	rt := snapshot.Route{State: "active", Origin: "CreateRoute", Source: m.Source}
	rf := fields{t: b.t, o: o, what: r.id, unknown: &rt.Unknown}
	rt.DestinationCIDR = rf.cidr("DestinationCidrBlock", "destination_cidr", 4)
	rt.DestinationIPv6CIDR = rf.cidr("DestinationIpv6CidrBlock", "destination_ipv6_cidr", 6)
	rt.DestinationPrefixListID = rf.str("DestinationPrefixListId", "destination_prefix_list_id")
	if rt.DestinationCIDR == "" && rt.DestinationIPv6CIDR == "" && rt.DestinationPrefixListID == "" {
		if len(rt.Unknown) == 0 {
			b.t.fail(o.node, "%s: a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId", r.id)
			return
		}
		rf.markUnknown("destination_cidr")
	}
	for _, tg := range snapshot.RouteTargetMembers {
		if !rf.has(tg.Name) {
			continue
		}
		id := rf.str(tg.Name, "target_id")
		rt.TargetType, rt.TargetID = tg.Kind, id
		if tg.Kind == "" {
			rt.TargetType = b.gatewayType(id, rt.DestinationPrefixListID != "")
		}
		break
	}
	if rt.TargetType == "" {
		rt.TargetType = snapshot.TargetUnknown
		rf.markUnknown("target_id")
	}
	i := b.rtIndex(r, f.str("RouteTableId", "id"), m)
	b.s.RouteTables[i].Routes = append(b.s.RouteTables[i].Routes, rt)
}

func (b *builder) rtAssociation(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	subnet := f.str("SubnetId", "subnet_id")
	i := b.rtIndex(r, f.str("RouteTableId", "id"), m)
	if subnet != "" {
		b.s.RouteTables[i].SubnetIDs = append(b.s.RouteTables[i].SubnetIDs, subnet)
	}
}

func (b *builder) internetGateway(r *resource, o *obj, m *snapshot.Meta) {
	b.withTags(b.f(r, o, m), m)
	b.idx["internet_gateways/"+r.id] = len(b.s.InternetGateways)
	b.s.InternetGateways = append(b.s.InternetGateways, snapshot.InternetGateway{ID: r.id, Meta: *m})
}

func (b *builder) eigw(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	vpc := f.str("VpcId", "attachments")
	g := snapshot.EgressOnlyInternetGateway{ID: r.id}
	if vpc != "" {
		g.Attachments = []snapshot.Attachment{{VPCID: vpc, State: "attached"}}
	}
	g.Meta = *m
	b.s.EgressOnlyInternetGateways = append(b.s.EgressOnlyInternetGateways, g)
}

func (b *builder) gatewayAttachment(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	vpc := f.str("VpcId", "vpc_id")
	igw := f.str("InternetGatewayId", "internet_gateway_id")
	if igw == "" {
		return // a VPN gateway attachment: VGWs are not in the model
	}
	i, ok := b.idx["internet_gateways/"+igw]
	if !ok {
		meta := *m
		meta.Unknown = []string{"attachments"}
		b.idx["internet_gateways/"+igw] = len(b.s.InternetGateways)
		b.s.InternetGateways = append(b.s.InternetGateways, snapshot.InternetGateway{ID: igw, Meta: meta})
		i = b.idx["internet_gateways/"+igw]
	}
	if vpc != "" {
		g := &b.s.InternetGateways[i]
		g.Attachments = append(g.Attachments, snapshot.Attachment{VPCID: vpc, State: "available"})
	}
}

func (b *builder) subnetVPC(subnet string) string {
	if i, ok := b.idx["subnets/"+subnet]; ok {
		return b.s.Subnets[i].VPCID
	}
	return ""
}

func (b *builder) natGateway(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	n := snapshot.NATGateway{ID: r.id, State: "available"}
	n.SubnetID = f.str("SubnetId", "subnet_id")
	n.VPCID = b.subnetVPC(n.SubnetID)
	if n.VPCID == "" {
		f.markUnknown("vpc_id")
	}
	n.ConnectivityType = f.str("ConnectivityType", "connectivity_type")
	if n.ConnectivityType == "" {
		n.ConnectivityType = "public"
	}
	if ip := f.str("PrivateIpAddress", "private_ips"); ip != "" {
		n.PrivateIPs = []string{ip}
	}
	if n.ConnectivityType == "public" {
		f.markUnknown("public_ips") // the Elastic IP's address is known after create
	}
	n.Meta = *m
	b.s.NATGateways = append(b.s.NATGateways, n)
}

func (b *builder) eip(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	inst := f.str("InstanceId", "instance_id")
	if i, ok := b.idx["instances/"+inst]; ok {
		in := &b.s.Instances[i]
		if !slices.Contains(in.Unknown, "public_ip") {
			in.Unknown = append(in.Unknown, "public_ip")
		}
	}
}

func (b *builder) vpcCIDRs(id string) ([]string, bool) {
	if i, ok := b.idx["vpcs/"+id]; ok && !slices.Contains(b.s.VPCs[i].Unknown, "cidr_blocks") {
		return slices.Clone(b.s.VPCs[i].CIDRBlocks), true
	}
	return nil, false
}

func (b *builder) peering(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	p := snapshot.PeeringConnection{ID: r.id}
	p.Requester = snapshot.PeeringSide{AccountID: b.account, Region: b.region, VPCID: f.str("VpcId", "requester.vpc_id")}
	p.Accepter = snapshot.PeeringSide{AccountID: b.account, Region: b.region, VPCID: f.str("PeerVpcId", "accepter.vpc_id")}
	owner := f.str("PeerOwnerId", "accepter.account_id")
	if owner != "" {
		p.Accepter.AccountID = owner
	}
	if reg := f.str("PeerRegion", "accepter.region"); reg != "" {
		p.Accepter.Region = reg
	}
	for _, side := range []struct {
		s    *snapshot.PeeringSide
		name string
	}{{&p.Requester, "requester"}, {&p.Accepter, "accepter"}} {
		if c, ok := b.vpcCIDRs(side.s.VPCID); ok {
			side.s.CIDRBlocks = c
		} else {
			f.markUnknown(side.name + ".cidr_blocks")
		}
	}
	// Same account: CloudFormation accepts the peering itself. Another
	// account accepts only through PeerRoleArn.
	p.Status = "active"
	if owner != "" && owner != b.account && !f.has("PeerRoleArn") {
		p.Status = "pending-acceptance"
	}
	p.Meta = *m
	b.s.PeeringConnections = append(b.s.PeeringConnections, p)
}

func (b *builder) endpoint(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	e := snapshot.VPCEndpoint{ID: r.id, State: "available"}
	e.VPCID = f.str("VpcId", "vpc_id")
	e.ServiceName = f.str("ServiceName", "service_name")
	e.Type = f.str("VpcEndpointType", "type")
	if e.Type == "" && !slices.Contains(m.Unknown, "type") {
		e.Type = "Gateway"
	}
	e.RouteTableIDs = f.strs("RouteTableIds", "route_table_ids")
	e.SubnetIDs = f.strs("SubnetIds", "subnet_ids")
	e.SecurityGroupIDs = f.strs("SecurityGroupIds", "security_group_ids")
	e.PrivateDNSEnabled = f.boolean("PrivateDnsEnabled", "private_dns_enabled", false)
	if v, ok := o.m["PolicyDocument"]; ok {
		e.Policy = b.policy(r, o, v, "policy", &m.Unknown)
	}
	e.Meta = *m
	b.s.VPCEndpoints = append(b.s.VPCEndpoints, e)
	if e.Type == "Gateway" {
		// A gateway endpoint adds a route to the service's prefix list in
		// each of its route tables. The pl- id depends on the region; the
		// route names the service instead and says the id is unknown.
		for _, rtID := range e.RouteTableIDs {
			i := b.rtIndex(r, rtID, m)
			b.s.RouteTables[i].Routes = append(b.s.RouteTables[i].Routes, snapshot.Route{
				DestinationPrefixListID: cmpOr(e.ServiceName, e.ID+"/service"), TargetType: snapshot.TargetGatewayEndpoint, TargetID: e.ID,
				State: "active", Origin: "CreateRoute", Source: m.Source, Implicit: true, Unknown: []string{"destination_prefix_list_id"},
			})
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (b *builder) prefixList(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	pl := snapshot.PrefixList{ID: r.id, OwnerID: b.account}
	pl.Name = f.str("PrefixListName", "name")
	pl.AddressFamily = f.str("AddressFamily", "address_family")
	pl.MaxEntries = f.integer("MaxEntries", "max_entries", 0)
	want := 4
	if strings.EqualFold(pl.AddressFamily, "IPv6") {
		want = 6
	}
	for _, it := range f.objs("Entries", "entries") {
		ef := fields{t: b.t, o: it, what: r.id + " entry", unknown: &m.Unknown}
		if c := ef.cidr("Cidr", "entries", want); c != "" {
			pl.Entries = append(pl.Entries, snapshot.PrefixListEntry{CIDR: c, Description: ef.str("Description", "entries")})
		}
	}
	pl.Meta = *m
	b.s.PrefixLists = append(b.s.PrefixLists, pl)
}

func (b *builder) networkInterface(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	n := snapshot.NetworkInterface{ID: r.id, InterfaceType: "interface"}
	n.SubnetID = f.str("SubnetId", "subnet_id")
	n.VPCID = b.subnetVPC(n.SubnetID)
	n.SecurityGroupIDs = f.strs("GroupSet", "security_group_ids")
	if !f.has("GroupSet") {
		n.SecurityGroupIDs = b.defaultSG(n.VPCID, f)
	}
	if ip := f.str("PrivateIpAddress", "private_ips"); ip != "" {
		n.PrivateIPs = []string{ip}
	}
	n.SourceDestCheck = f.boolean("SourceDestCheck", "source_dest_check", true)
	if t := f.str("InterfaceType", "interface_type"); t != "" {
		n.InterfaceType = t
	}
	n.Meta = *m
	b.idx["network_interfaces/"+n.ID] = len(b.s.NetworkInterfaces)
	b.s.NetworkInterfaces = append(b.s.NetworkInterfaces, n)
}

// defaultSG is what AWS uses when no group is given: the VPC's default
// security group (normalisation adds it).
func (b *builder) defaultSG(vpc string, f fields) []string {
	if _, ok := b.idx["vpcs/"+vpc]; ok {
		return []string{snapshot.DefaultSecurityGroupID(vpc)}
	}
	f.markUnknown("security_group_ids")
	return nil
}

func (b *builder) instance(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	in := snapshot.Instance{ID: r.id, State: "running"}
	in.SubnetID = f.str("SubnetId", "subnet_id")
	in.PrivateIP = f.str("PrivateIpAddress", "private_ip")
	in.SecurityGroupIDs = f.strs("SecurityGroupIds", "security_group_ids")
	for _, g := range f.strs("SecurityGroups", "security_group_ids") {
		if _, ok := b.idx["security_groups/"+g]; ok {
			in.SecurityGroupIDs = append(in.SecurityGroupIDs, g)
		} else {
			f.markUnknown("security_group_ids") // a group name in the default VPC
		}
	}
	mayHavePublicIP := false
	for _, ni := range f.objs("NetworkInterfaces", "network_interface_ids") {
		nf := fields{t: b.t, o: ni, what: r.id + " NetworkInterfaces", unknown: &m.Unknown}
		dev := nf.integer("DeviceIndex", "network_interface_ids", 0)
		if id := nf.str("NetworkInterfaceId", "network_interface_ids"); id != "" {
			in.NetworkInterfaceIDs = append(in.NetworkInterfaceIDs, id)
			if i, ok := b.idx["network_interfaces/"+id]; ok {
				eni := &b.s.NetworkInterfaces[i]
				eni.Attachment = &snapshot.ENIAttachment{InstanceID: in.ID, DeviceIndex: dev, Status: "attached"}
				in.SecurityGroupIDs = append(in.SecurityGroupIDs, eni.SecurityGroupIDs...)
				if dev == 0 {
					in.SubnetID = cmpOr(in.SubnetID, eni.SubnetID)
				}
			}
			continue
		}
		if dev == 0 {
			in.SubnetID = cmpOr(in.SubnetID, nf.str("SubnetId", "subnet_id"))
			in.PrivateIP = cmpOr(in.PrivateIP, nf.str("PrivateIpAddress", "private_ip"))
		}
		in.SecurityGroupIDs = append(in.SecurityGroupIDs, nf.strs("GroupSet", "security_group_ids")...)
		if nf.boolean("AssociatePublicIpAddress", "public_ip", false) {
			mayHavePublicIP = true
		}
	}
	lt := b.launchTemplate(f)
	if len(in.SecurityGroupIDs) == 0 && !slices.Contains(m.Unknown, "security_group_ids") {
		if lt != nil {
			f.markUnknown("security_group_ids") // the launch template's network settings are not read
		} else {
			in.SecurityGroupIDs = b.defaultSG(b.subnetVPC(in.SubnetID), f)
		}
	}
	slices.Sort(in.SecurityGroupIDs)
	in.SecurityGroupIDs = slices.Compact(in.SecurityGroupIDs)
	if i, ok := b.idx["subnets/"+in.SubnetID]; ok && b.s.Subnets[i].MapPublicIPOnLaunch && len(f.objs("NetworkInterfaces", "network_interface_ids")) == 0 {
		mayHavePublicIP = true
	}
	if mayHavePublicIP {
		f.markUnknown("public_ip") // a public IPv4 is assigned at launch
	}
	if p := f.str("IamInstanceProfile", "instance_profile_id"); p != "" {
		in.InstanceProfileID = p
	}
	in.MetadataOptions = b.metadataOptions(lt, f)
	in.Meta = *m
	b.idx["instances/"+in.ID] = len(b.s.Instances)
	b.s.Instances = append(b.s.Instances, in)
}

// launchTemplate returns the LaunchTemplateData of the template's own
// AWS::EC2::LaunchTemplate the instance uses, or nil.
func (b *builder) launchTemplate(f fields) *obj {
	spec := f.sub("LaunchTemplate")
	if spec == nil {
		return nil
	}
	sf := fields{t: f.t, o: spec, what: f.what + " LaunchTemplate", unknown: f.unknown}
	id := sf.str("LaunchTemplateId", "metadata_options")
	if id == "" {
		id = sf.str("LaunchTemplateName", "metadata_options")
	}
	if lt, ok := b.lts[id]; ok && lt != nil {
		return lt
	}
	return &obj{m: map[string]any{}} // a template outside this file
}

// metadataOptions: AWS::EC2::Instance has no MetadataOptions property, so
// IMDS settings come only from a launch template of this file; otherwise
// they are unknown (the default depends on the AMI and account settings).
func (b *builder) metadataOptions(lt *obj, f fields) *snapshot.MetadataOptions {
	var mo *obj
	if lt != nil {
		mo = fields{t: f.t, o: lt, what: f.what + " LaunchTemplateData", unknown: f.unknown}.sub("MetadataOptions")
	}
	if mo == nil {
		f.markUnknown("metadata_options")
		return nil
	}
	var unk []string
	mf := fields{t: f.t, o: mo, what: f.what + " MetadataOptions", unknown: &unk}
	out := &snapshot.MetadataOptions{
		HTTPTokens:              mf.str("HttpTokens", "metadata_options"),
		HTTPEndpoint:            mf.str("HttpEndpoint", "metadata_options"),
		HTTPPutResponseHopLimit: mf.integer("HttpPutResponseHopLimit", "metadata_options", 0),
	}
	if out.HTTPEndpoint == "" {
		out.HTTPEndpoint = "enabled"
	}
	if out.HTTPTokens == "" || len(unk) > 0 {
		f.markUnknown("metadata_options")
	}
	return out
}

func (b *builder) flowLog(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	fl := snapshot.FlowLog{ID: r.id, Status: "ACTIVE"}
	fl.ResourceID = f.str("ResourceId", "resource_id")
	fl.ResourceType = f.str("ResourceType", "resource_type")
	fl.TrafficType = f.str("TrafficType", "traffic_type")
	if fl.TrafficType == "" && !slices.Contains(m.Unknown, "traffic_type") {
		fl.TrafficType = "ALL" // required for VPC/subnet/ENI flow logs; absent only for transit gateways
	}
	fl.DestinationType = f.str("LogDestinationType", "destination_type")
	if fl.DestinationType == "" {
		fl.DestinationType = "cloud-watch-logs"
	}
	fl.Destination = cmpOr(f.str("LogDestination", "destination"), f.str("LogGroupName", "destination"))
	fl.DeliverLogsRoleARN = f.ref("DeliverLogsPermissionArn", "deliver_logs_role_arn")
	fl.LogFormat = f.str("LogFormat", "log_format")
	fl.Meta = *m
	b.s.FlowLogs = append(b.s.FlowLogs, fl)
}

// policy turns a PolicyDocument (a mapping, or JSON text) into an
// iampolicy.Document. Parse problems become located diagnostics; a
// document with unknown values is kept with the field listed as unknown.
func (b *builder) policy(r *resource, o *obj, v any, field string, unknown *[]string) *iampolicy.Document {
	line := o.line()
	if po, ok := v.(*obj); ok && po.line() > 0 {
		line = po.line()
	}
	var textDoc string
	switch x := v.(type) {
	case string:
		textDoc = x
	case *obj:
		var buf bytes.Buffer
		writeJSON(&buf, x)
		textDoc = buf.String()
	case unknownVal:
		if !slices.Contains(*unknown, field) {
			*unknown = append(*unknown, field)
		}
		return nil
	default:
		b.t.fail(o.node, "%s: a policy document must be a mapping or JSON text", r.id)
		return nil
	}
	doc := iampolicy.Parse(textDoc)
	if hasUnknown(v) {
		if !slices.Contains(*unknown, field) {
			*unknown = append(*unknown, field)
		}
		return &doc
	}
	for _, p := range doc.Problems {
		msg := "policy: " + p.Message
		if p.Path != "" {
			msg = fmt.Sprintf("policy %s: %s", p.Path, p.Message)
		}
		b.s.Diagnostics = append(b.s.Diagnostics, &snapshot.Error{File: b.t.file, Line: line, Path: r.id + "." + field, Msg: msg})
	}
	return &doc
}

// writeJSON encodes an evaluated value as JSON, keeping the author's key
// order so the policy text reads like the template.
func writeJSON(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case *obj:
		buf.WriteByte('{')
		first := true
		for _, k := range x.keys {
			val, ok := x.m[k]
			if !ok {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			kb, err := json.Marshal(k)
			if err != nil {
				kb = []byte(`""`)
			}
			buf.Write(kb)
			buf.WriteByte(':')
			writeJSON(buf, val)
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, it := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSON(buf, it)
		}
		buf.WriteByte(']')
	default:
		vb, err := json.Marshal(plain(x))
		if err != nil {
			vb = []byte("null")
		}
		buf.Write(vb)
	}
}

func (b *builder) role(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	role := snapshot.Role{ID: r.id}
	role.Name = cmpOr(f.str("RoleName", "name"), r.id)
	role.Path = cmpOr(f.str("Path", "path"), "/")
	if arn, ok := b.t.getAtt(r.id, "Arn", r.key, 0).(string); ok {
		role.ARN = arn
	} else {
		f.markUnknown("arn")
	}
	if v, ok := o.m["AssumeRolePolicyDocument"]; ok {
		if d := b.policy(r, o, v, "trust_policy", &m.Unknown); d != nil {
			role.TrustPolicy = *d
		}
	} else {
		f.markUnknown("trust_policy")
	}
	for _, p := range f.objs("Policies", "inline_policies") {
		pf := fields{t: b.t, o: p, what: r.id + " Policies", unknown: &m.Unknown}
		ip := snapshot.InlinePolicy{Name: pf.str("PolicyName", "inline_policies"), Source: b.itemSource(r, p)}
		if d := b.policy(r, p, p.m["PolicyDocument"], "inline_policies", &m.Unknown); d != nil {
			ip.Document = *d
		}
		role.InlinePolicies = append(role.InlinePolicies, ip)
	}
	role.AttachedPolicyARNs = f.strs("ManagedPolicyArns", "attached_policy_arns")
	role.PermissionsBoundaryARN = f.str("PermissionsBoundary", "permissions_boundary_arn")
	role.Meta = *m
	b.idx["roles/"+role.ID] = len(b.s.Roles)
	b.s.Roles = append(b.s.Roles, role)
}

// roleIndex finds a role of the template by logical id or RoleName.
func (b *builder) roleIndex(ref string) (int, bool) {
	if i, ok := b.idx["roles/"+ref]; ok {
		return i, true
	}
	for i, r := range b.s.Roles {
		if r.Name == ref {
			return i, true
		}
	}
	return 0, false
}

func (b *builder) managedPolicy(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	p := snapshot.ManagedPolicy{ID: r.id, Name: cmpOr(f.str("ManagedPolicyName", "name"), r.id)}
	if d := b.policy(r, o, o.m["PolicyDocument"], "document", &m.Unknown); d != nil {
		p.Document = *d
	}
	for _, ref := range f.strs("Roles", "attachment_count") {
		p.AttachmentCount++
		if i, ok := b.roleIndex(ref); ok {
			b.s.Roles[i].AttachedPolicyARNs = append(b.s.Roles[i].AttachedPolicyARNs, p.ID)
		}
	}
	b.attachToPrincipals(f, nil, p.ID)
	p.Meta = *m
	b.s.Policies = append(b.s.Policies, p)
}

// iamPolicy is AWS::IAM::Policy: an inline policy embedded in roles.
func (b *builder) iamPolicy(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	name := f.str("PolicyName", "name")
	for _, ref := range f.strs("Roles", "roles") {
		i, ok := b.roleIndex(ref)
		if !ok {
			continue // a role outside the template is not in the snapshot
		}
		role := &b.s.Roles[i]
		src := *m.Source
		src.Ignores, src.Lines = nil, nil
		ip := snapshot.InlinePolicy{Name: cmpOr(name, r.id), Source: &src}
		if d := b.policy(r, o, o.m["PolicyDocument"], "inline_policies", &role.Unknown); d != nil {
			ip.Document = *d
		}
		role.InlinePolicies = append(role.InlinePolicies, ip)
	}
	if f.has("Users") || f.has("Groups") {
		src := *m.Source
		src.Ignores, src.Lines = nil, nil
		ip := snapshot.InlinePolicy{Name: cmpOr(name, r.id), Source: &src}
		if d := b.policy(r, o, o.m["PolicyDocument"], "inline_policies", &m.Unknown); d != nil {
			ip.Document = *d
		}
		b.attachToPrincipals(f, &ip, "")
	}
}

func (b *builder) instanceProfile(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	p := snapshot.InstanceProfile{ID: r.id, Name: cmpOr(f.str("InstanceProfileName", "name"), r.id)}
	if arn, ok := b.t.getAtt(r.id, "Arn", r.key, 0).(string); ok {
		p.ARN = arn
	}
	for _, ref := range f.strs("Roles", "role_ids") {
		if i, ok := b.roleIndex(ref); ok {
			p.RoleIDs = append(p.RoleIDs, b.s.Roles[i].ID)
			b.s.Roles[i].InstanceProfileIDs = append(b.s.Roles[i].InstanceProfileIDs, p.ID)
		} else {
			p.RoleIDs = append(p.RoleIDs, ref)
		}
	}
	p.Meta = *m
	b.s.InstanceProfiles = append(b.s.InstanceProfiles, p)
}

func (b *builder) bucket(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	b.withTags(f, m)
	bk := snapshot.Bucket{ID: asText(b.t.resourceRef(r))}
	bk.Name = bk.ID
	if !f.has("BucketName") || slices.Contains(m.Unknown, "name") {
		f.markUnknown("name") // generated by CloudFormation at create time
	}
	if arn, ok := b.t.getAtt(r.id, "Arn", r.key, 0).(string); ok {
		bk.ARN = arn
	}
	if pab := f.sub("PublicAccessBlockConfiguration"); pab != nil {
		pf := fields{t: b.t, o: pab, what: r.id + " PublicAccessBlockConfiguration", unknown: &m.Unknown}
		bk.PublicAccessBlock = &snapshot.PublicAccessBlock{
			BlockPublicACLs:       pf.boolean("BlockPublicAcls", "public_access_block", false),
			IgnorePublicACLs:      pf.boolean("IgnorePublicAcls", "public_access_block", false),
			BlockPublicPolicy:     pf.boolean("BlockPublicPolicy", "public_access_block", false),
			RestrictPublicBuckets: pf.boolean("RestrictPublicBuckets", "public_access_block", false),
		}
	} else if !f.has("PublicAccessBlockConfiguration") {
		// Since April 2023 S3 turns all four settings on for new buckets.
		bk.PublicAccessBlock = &snapshot.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	}
	b.bucketACL(r, f, &bk)
	bk.Meta = *m
	b.idx["buckets/"+bk.ID] = len(b.s.Buckets)
	b.s.Buckets = append(b.s.Buckets, bk)
}

func (b *builder) bucketPolicy(r *resource, o *obj, m *snapshot.Meta) {
	f := b.f(r, o, m)
	name := f.str("Bucket", "id")
	i, ok := b.idx["buckets/"+name]
	if !ok || name == "" {
		meta := *m
		meta.Unknown = []string{"public_access_block"}
		id := cmpOr(name, r.id+"/bucket")
		b.idx["buckets/"+id] = len(b.s.Buckets)
		b.s.Buckets = append(b.s.Buckets, snapshot.Bucket{ID: id, Name: id, Meta: meta})
		i = b.idx["buckets/"+id]
	}
	bk := &b.s.Buckets[i]
	bk.Policy = b.policy(r, o, o.m["PolicyDocument"], "policy", &bk.Unknown)
	if bk.Policy != nil && m.Source != nil {
		src := *m.Source
		src.Ignores, src.Lines = nil, nil
		bk.PolicySource = &src
	}
}
