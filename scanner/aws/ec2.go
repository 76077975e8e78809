package aws

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// account is one account being scanned.
type account struct {
	s         *scanner
	id        string
	partition string
	cfg       aws.Config
}

// ec2ListOperations are the per-region list calls, all independent.
var ec2ListOperations = []string{
	"DescribeEgressOnlyInternetGateways", "DescribeFlowLogs", "DescribeInstances", "DescribeInternetGateways",
	"DescribeManagedPrefixLists", "DescribeNatGateways", "DescribeNetworkAcls", "DescribeNetworkInterfaces",
	"DescribeRouteTables", "DescribeSecurityGroupRules", "DescribeSecurityGroups", "DescribeSubnets",
	"DescribeVpcEndpoints", "DescribeVpcPeeringConnections", "DescribeVpcs",
}

func (s *scanner) ec2Options(acct, region string) func(*ec2.Options) {
	return func(o *ec2.Options) {
		o.Region = region
		if s.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(s.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, s.instrument("ec2", acct+"/"+region))
	}
}

// ec2Read is what one region returned, before mapping.
type ec2Read struct {
	vpcs       []types.Vpc
	subnets    []types.Subnet
	groups     []types.SecurityGroup
	rules      []types.SecurityGroupRule
	rulesRead  bool
	acls       []types.NetworkAcl
	rtbs       []types.RouteTable
	igws       []types.InternetGateway
	eigws      []types.EgressOnlyInternetGateway
	nats       []types.NatGateway
	pcxs       []types.VpcPeeringConnection
	vpces      []types.VpcEndpoint
	pls        []types.ManagedPrefixList
	enis       []types.NetworkInterface
	instances  []types.Instance
	flowLogs   []types.FlowLog
	plEntries  map[string][]types.PrefixListEntry
	dnsSupport map[string]*bool
	dnsHosts   map[string]*bool
}

// regionRun runs one region's calls and records their failures.
type regionRun struct {
	a      *account
	region string
	mu     sync.Mutex
	gaps   int
	wg     sync.WaitGroup
}

func (r *regionRun) call(ctx context.Context, op, resource string, f func(context.Context) error) {
	r.wg.Go(func() {
		if err := f(ctx); err != nil {
			r.fail(op, resource, err)
		}
	})
}

func (r *regionRun) fail(op, resource string, err error) {
	r.mu.Lock()
	r.gaps++
	r.mu.Unlock()
	r.a.s.gap(snapshot.Gap{Account: r.a.id, Region: r.region, Service: "ec2", Operation: op, Resource: resource, Error: errText(err)})
}

// scanEC2 reads one region: every list call in parallel, then the calls
// that depend on them (prefix list entries, VPC DNS attributes).
func (a *account) scanEC2(ctx context.Context, region string) {
	c := ec2.NewFromConfig(a.cfg, a.s.ec2Options(a.id, region))
	var d ec2Read
	run := &regionRun{a: a, region: region}
	run.call(ctx, "DescribeVpcs", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeVpcsOutput) { d.vpcs = append(d.vpcs, o.Vpcs...) })
	})
	run.call(ctx, "DescribeSubnets", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeSubnetsOutput) { d.subnets = append(d.subnets, o.Subnets...) })
	})
	run.call(ctx, "DescribeSecurityGroups", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeSecurityGroupsOutput) { d.groups = append(d.groups, o.SecurityGroups...) })
	})
	run.call(ctx, "DescribeSecurityGroupRules", "", func(ctx context.Context) error {
		err := drain(ctx, ec2.NewDescribeSecurityGroupRulesPaginator(c, &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeSecurityGroupRulesOutput) { d.rules = append(d.rules, o.SecurityGroupRules...) })
		d.rulesRead = err == nil
		return err
	})
	run.call(ctx, "DescribeNetworkAcls", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeNetworkAclsOutput) { d.acls = append(d.acls, o.NetworkAcls...) })
	})
	run.call(ctx, "DescribeRouteTables", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(100)}),
			func(o *ec2.DescribeRouteTablesOutput) { d.rtbs = append(d.rtbs, o.RouteTables...) })
	})
	run.call(ctx, "DescribeInternetGateways", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeInternetGatewaysOutput) { d.igws = append(d.igws, o.InternetGateways...) })
	})
	run.call(ctx, "DescribeEgressOnlyInternetGateways", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeEgressOnlyInternetGatewaysPaginator(c, &ec2.DescribeEgressOnlyInternetGatewaysInput{MaxResults: aws.Int32(255)}),
			func(o *ec2.DescribeEgressOnlyInternetGatewaysOutput) {
				d.eigws = append(d.eigws, o.EgressOnlyInternetGateways...)
			})
	})
	run.call(ctx, "DescribeNatGateways", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeNatGatewaysPaginator(c, &ec2.DescribeNatGatewaysInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeNatGatewaysOutput) { d.nats = append(d.nats, o.NatGateways...) })
	})
	run.call(ctx, "DescribeVpcPeeringConnections", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeVpcPeeringConnectionsPaginator(c, &ec2.DescribeVpcPeeringConnectionsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeVpcPeeringConnectionsOutput) {
				d.pcxs = append(d.pcxs, o.VpcPeeringConnections...)
			})
	})
	run.call(ctx, "DescribeVpcEndpoints", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeVpcEndpointsOutput) { d.vpces = append(d.vpces, o.VpcEndpoints...) })
	})
	run.call(ctx, "DescribeManagedPrefixLists", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeManagedPrefixListsPaginator(c, &ec2.DescribeManagedPrefixListsInput{MaxResults: aws.Int32(100)}),
			func(o *ec2.DescribeManagedPrefixListsOutput) { d.pls = append(d.pls, o.PrefixLists...) })
	})
	run.call(ctx, "DescribeNetworkInterfaces", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeNetworkInterfacesOutput) { d.enis = append(d.enis, o.NetworkInterfaces...) })
	})
	run.call(ctx, "DescribeInstances", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeInstancesOutput) {
				for _, r := range o.Reservations {
					d.instances = append(d.instances, r.Instances...)
				}
			})
	})
	run.call(ctx, "DescribeFlowLogs", "", func(ctx context.Context) error {
		return drain(ctx, ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(1000)}),
			func(o *ec2.DescribeFlowLogsOutput) { d.flowLogs = append(d.flowLogs, o.FlowLogs...) })
	})
	run.wg.Wait()

	// Dependent calls: entries of referenced prefix lists only, DNS flags
	// only where an interface endpoint relies on private DNS.
	d.plEntries, d.dnsSupport, d.dnsHosts = map[string][]types.PrefixListEntry{}, map[string]*bool{}, map[string]*bool{}
	var mu sync.Mutex
	for _, id := range referencedPrefixLists(&d) {
		run.call(ctx, "GetManagedPrefixListEntries", id, func(ctx context.Context) error {
			var entries []types.PrefixListEntry
			err := drain(ctx, ec2.NewGetManagedPrefixListEntriesPaginator(c, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String(id), MaxResults: aws.Int32(100)}),
				func(o *ec2.GetManagedPrefixListEntriesOutput) { entries = append(entries, o.Entries...) })
			if err == nil {
				mu.Lock()
				d.plEntries[id] = entries
				mu.Unlock()
			}
			return err
		})
	}
	for _, vpc := range privateDNSVPCs(&d) {
		for _, attr := range []types.VpcAttributeName{types.VpcAttributeNameEnableDnsSupport, types.VpcAttributeNameEnableDnsHostnames} {
			run.call(ctx, "DescribeVpcAttribute", vpc, func(ctx context.Context) error {
				out, err := c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(vpc), Attribute: attr})
				if err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				if attr == types.VpcAttributeNameEnableDnsSupport && out.EnableDnsSupport != nil {
					d.dnsSupport[vpc] = out.EnableDnsSupport.Value
				}
				if attr == types.VpcAttributeNameEnableDnsHostnames && out.EnableDnsHostnames != nil {
					d.dnsHosts[vpc] = out.EnableDnsHostnames.Value
				}
				return nil
			})
		}
	}
	run.wg.Wait()
	orphanRules(&d, run)

	m := mapper{account: a.id, region: region, partition: a.partition}
	n := 0
	a.s.add(func(sn *snapshot.Snapshot) { n = m.addEC2(sn, &d) })
	a.s.prog.done(a.id, region, "ec2", n, run.gaps)
}

// orphanRules handles DescribeSecurityGroupRules answers without GroupId,
// as some AWS-compatible endpoints give: such a rule belongs to no group,
// so every group is read from its IpPermissions instead, and where those
// hold fewer rules than the rules call returned, the difference is a
// coverage gap rather than rules gone silently.
func orphanRules(d *ec2Read, run *regionRun) {
	orphans := 0
	for _, r := range d.rules {
		if str(r.GroupId) == "" {
			orphans++
		}
	}
	if !d.rulesRead || orphans == 0 {
		return
	}
	d.rulesRead = false
	held := 0
	for _, g := range d.groups {
		held += len(flatten(g.IpPermissions)) + len(flatten(g.IpPermissionsEgress))
	}
	if held < len(d.rules) {
		run.fail("DescribeSecurityGroupRules", "", fmt.Errorf("%d of %d rules name no GroupId, and the groups' IpPermissions hold only %d rules", orphans, len(d.rules), held))
	}
}

// referencedPrefixLists are the lists a security group rule or a route
// names, sorted.
func referencedPrefixLists(d *ec2Read) []string {
	seen := map[string]bool{}
	for _, r := range d.rules {
		if id := str(r.PrefixListId); id != "" {
			seen[id] = true
		}
	}
	if !d.rulesRead {
		for _, g := range d.groups {
			for _, p := range slices.Concat(g.IpPermissions, g.IpPermissionsEgress) {
				for _, pl := range p.PrefixListIds {
					seen[str(pl.PrefixListId)] = true
				}
			}
		}
	}
	for _, rt := range d.rtbs {
		for _, r := range rt.Routes {
			if id := str(r.DestinationPrefixListId); id != "" {
				seen[id] = true
			}
		}
	}
	delete(seen, "")
	return sortedKeys(seen)
}

// privateDNSVPCs are the VPCs with an interface endpoint that has private
// DNS enabled: the only place the VPC DNS attributes change a verdict.
func privateDNSVPCs(d *ec2Read) []string {
	seen := map[string]bool{}
	for _, e := range d.vpces {
		if e.VpcEndpointType == types.VpcEndpointTypeInterface && boolv(e.PrivateDnsEnabled) {
			seen[str(e.VpcId)] = true
		}
	}
	delete(seen, "")
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// mapper turns SDK types into snapshot entities for one account/region.
type mapper struct{ account, region, partition string }

func (m mapper) meta(owner, arn string, tags []types.Tag) snapshot.Meta {
	acct := cmp.Or(owner, m.account)
	return snapshot.Meta{Account: acct, Region: m.region, Tags: tagMap(tags, ec2Tag), Source: &snapshot.Source{ARN: arn, Account: acct, Region: m.region}}
}

// arn builds an EC2 resource ARN.
func (m mapper) arn(owner, kind, id string) string {
	return "arn:" + m.partition + ":ec2:" + m.region + ":" + cmp.Or(owner, m.account) + ":" + kind + "/" + id
}

// tagMap turns the SDK's tag lists (EC2's and IAM's are distinct types)
// into a map.
func tagMap[T any](tags []T, kv func(T) (*string, *string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		out[str(k)] = str(v)
	}
	return out
}

func ec2Tag(t types.Tag) (*string, *string) { return t.Key, t.Value }

// addEC2 appends one region's entities and returns how many.
func (m mapper) addEC2(sn *snapshot.Snapshot, d *ec2Read) int {
	before := countResources(sn)
	for _, v := range d.vpcs {
		sn.VPCs = append(sn.VPCs, m.vpc(v, d))
	}
	for _, x := range d.subnets {
		sn.Subnets = append(sn.Subnets, m.subnet(x))
	}
	rulesByGroup := map[string][]types.SecurityGroupRule{}
	for _, r := range d.rules {
		rulesByGroup[str(r.GroupId)] = append(rulesByGroup[str(r.GroupId)], r)
	}
	for _, g := range d.groups {
		sn.SecurityGroups = append(sn.SecurityGroups, m.securityGroup(g, rulesByGroup[str(g.GroupId)], d.rulesRead))
	}
	for _, a := range d.acls {
		sn.NetworkACLs = append(sn.NetworkACLs, m.networkACL(a))
	}
	for _, rt := range d.rtbs {
		sn.RouteTables = append(sn.RouteTables, m.routeTable(rt))
	}
	for _, g := range d.igws {
		id := str(g.InternetGatewayId)
		sn.InternetGateways = append(sn.InternetGateways, snapshot.InternetGateway{
			ID: id, Meta: m.meta(str(g.OwnerId), m.arn(str(g.OwnerId), "internet-gateway", id), g.Tags), Attachments: attachments(g.Attachments),
		})
	}
	for _, g := range d.eigws {
		id := str(g.EgressOnlyInternetGatewayId)
		sn.EgressOnlyInternetGateways = append(sn.EgressOnlyInternetGateways, snapshot.EgressOnlyInternetGateway{
			ID: id, Meta: m.meta("", m.arn("", "egress-only-internet-gateway", id), g.Tags), Attachments: attachments(g.Attachments),
		})
	}
	for _, n := range d.nats {
		sn.NATGateways = append(sn.NATGateways, m.natGateway(n))
	}
	for _, p := range d.pcxs {
		sn.PeeringConnections = append(sn.PeeringConnections, m.peering(p))
	}
	for _, e := range d.vpces {
		sn.VPCEndpoints = append(sn.VPCEndpoints, m.endpoint(e))
	}
	listed := map[string]bool{}
	for _, p := range d.pls {
		id := str(p.PrefixListId)
		listed[id] = true
		pl := snapshot.PrefixList{
			ID: id, Meta: m.meta(ownerAccount(str(p.OwnerId)), cmp.Or(str(p.PrefixListArn), m.arn(ownerAccount(str(p.OwnerId)), "prefix-list", id)), p.Tags),
			Name: str(p.PrefixListName), OwnerID: str(p.OwnerId), AddressFamily: str(p.AddressFamily), MaxEntries: i32(p.MaxEntries),
			AWSManaged: str(p.OwnerId) == "AWS",
		}
		pl.Entries = prefixEntries(d.plEntries[id])
		sn.PrefixLists = append(sn.PrefixLists, pl)
	}
	for _, id := range sortedKeys(presentKeys(d.plEntries)) {
		if !listed[id] {
			sn.PrefixLists = append(sn.PrefixLists, snapshot.PrefixList{ID: id, Meta: m.meta("", m.arn("", "prefix-list", id), nil), Entries: prefixEntries(d.plEntries[id])})
		}
	}
	for _, e := range d.enis {
		sn.NetworkInterfaces = append(sn.NetworkInterfaces, m.eni(e))
	}
	for _, in := range d.instances {
		sn.Instances = append(sn.Instances, m.instance(in))
	}
	for _, f := range d.flowLogs {
		sn.FlowLogs = append(sn.FlowLogs, m.flowLog(f))
	}
	return countResources(sn) - before
}

func presentKeys[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// ownerAccount is the owner id when it is an account ("AWS" owns the
// AWS-managed prefix lists).
func ownerAccount(owner string) string {
	if owner == "AWS" {
		return ""
	}
	return owner
}

func prefixEntries(es []types.PrefixListEntry) []snapshot.PrefixListEntry {
	var out []snapshot.PrefixListEntry
	for _, e := range es {
		out = append(out, snapshot.PrefixListEntry{CIDR: str(e.Cidr), Description: str(e.Description)})
	}
	return out
}

func (m mapper) vpc(v types.Vpc, d *ec2Read) snapshot.VPC {
	id := str(v.VpcId)
	out := snapshot.VPC{ID: id, Meta: m.meta(str(v.OwnerId), m.arn(str(v.OwnerId), "vpc", id), v.Tags), IsDefault: boolv(v.IsDefault)}
	for _, a := range v.CidrBlockAssociationSet {
		if a.CidrBlockState == nil || a.CidrBlockState.State == types.VpcCidrBlockStateCodeAssociated {
			out.CIDRBlocks = append(out.CIDRBlocks, str(a.CidrBlock))
		}
	}
	if len(out.CIDRBlocks) == 0 && str(v.CidrBlock) != "" {
		out.CIDRBlocks = []string{str(v.CidrBlock)}
	}
	if out.CIDRBlocks == nil {
		out.CIDRBlocks = []string{}
	}
	for _, a := range v.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || a.Ipv6CidrBlockState.State == types.VpcCidrBlockStateCodeAssociated {
			out.IPv6CIDRBlocks = append(out.IPv6CIDRBlocks, str(a.Ipv6CidrBlock))
		}
	}
	out.EnableDNSSupport, out.EnableDNSHostnames = d.dnsSupport[id], d.dnsHosts[id]
	if b := v.BlockPublicAccessStates; b != nil {
		out.BlockPublicAccess = string(b.InternetGatewayBlockMode)
	}
	return out
}

func (m mapper) subnet(x types.Subnet) snapshot.Subnet {
	id := str(x.SubnetId)
	out := snapshot.Subnet{
		ID: id, Meta: m.meta(str(x.OwnerId), cmp.Or(str(x.SubnetArn), m.arn(str(x.OwnerId), "subnet", id)), x.Tags),
		VPCID: str(x.VpcId), AvailabilityZone: str(x.AvailabilityZone), CIDRBlock: str(x.CidrBlock),
		MapPublicIPOnLaunch: boolv(x.MapPublicIpOnLaunch), AssignIPv6AddressOnCreation: boolv(x.AssignIpv6AddressOnCreation),
	}
	for _, a := range x.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || a.Ipv6CidrBlockState.State == types.SubnetCidrBlockStateCodeAssociated {
			out.IPv6CIDRBlocks = append(out.IPv6CIDRBlocks, str(a.Ipv6CidrBlock))
		}
	}
	return out
}

func (m mapper) securityGroup(g types.SecurityGroup, rules []types.SecurityGroupRule, rulesRead bool) snapshot.SecurityGroup {
	id := str(g.GroupId)
	out := snapshot.SecurityGroup{
		ID: id, Meta: m.meta(str(g.OwnerId), cmp.Or(str(g.SecurityGroupArn), m.arn(str(g.OwnerId), "security-group", id)), g.Tags),
		Name: str(g.GroupName), Description: str(g.Description), VPCID: str(g.VpcId), IsDefault: str(g.GroupName) == snapshot.DefaultSecurityGroupName,
	}
	// A group the rules call returned nothing for while its own
	// IpPermissions hold rules is read from those: never an empty group.
	if rulesRead && (len(rules) > 0 || len(g.IpPermissions)+len(g.IpPermissionsEgress) == 0) {
		slices.SortFunc(rules, func(a, b types.SecurityGroupRule) int {
			return cmp.Compare(str(a.SecurityGroupRuleId), str(b.SecurityGroupRuleId))
		})
		for _, r := range rules {
			sr := m.sgRule(r)
			if boolv(r.IsEgress) {
				out.Egress = append(out.Egress, sr)
			} else {
				out.Ingress = append(out.Ingress, sr)
			}
		}
		return out
	}
	out.Ingress = flatten(g.IpPermissions)
	out.Egress = flatten(g.IpPermissionsEgress)
	return out
}

// ports maps the API's FromPort/ToPort to vpclint's fields: a port range
// for tcp/udp, ICMP type and code for icmp/icmpv6, all ports otherwise.
func ports(proto string, from, to *int32) (fromPort, toPort, icmpType, icmpCode int) {
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		name = proto
	}
	switch name {
	case "tcp", "udp":
		f, t := 0, 65535
		if from != nil && *from >= 0 {
			f = int(*from)
		}
		if to != nil && *to >= 0 {
			t = int(*to)
		}
		return f, t, -1, -1
	case "icmp", "icmpv6":
		ty, co := -1, -1
		if from != nil {
			ty = int(*from)
		}
		if to != nil {
			co = int(*to)
		}
		return -1, -1, ty, co
	}
	return 0, 65535, -1, -1
}

func (m mapper) sgRule(r types.SecurityGroupRule) snapshot.SGRule {
	proto := str(r.IpProtocol)
	out := snapshot.SGRule{
		RuleID: str(r.SecurityGroupRuleId), Protocol: proto,
		CIDRIPv4: str(r.CidrIpv4), CIDRIPv6: str(r.CidrIpv6), PrefixListID: str(r.PrefixListId),
		Description: str(r.Description), Tags: tagMap(r.Tags, ec2Tag),
	}
	out.FromPort, out.ToPort, out.ICMPType, out.ICMPCode = ports(proto, r.FromPort, r.ToPort)
	if ref := r.ReferencedGroupInfo; ref != nil {
		out.ReferencedGroup = &snapshot.GroupReference{
			GroupID: str(ref.GroupId), AccountID: str(ref.UserId), VPCID: str(ref.VpcId),
			PeeringConnectionID: str(ref.VpcPeeringConnectionId), PeeringStatus: str(ref.PeeringStatus),
		}
	}
	acct := cmp.Or(str(r.GroupOwnerId), m.account)
	out.Source = &snapshot.Source{ARN: cmp.Or(str(r.SecurityGroupRuleArn), m.arn(acct, "security-group-rule", out.RuleID)), Account: acct, Region: m.region}
	return out
}

// flatten turns IpPermissions into one rule per target (the fallback when
// DescribeSecurityGroupRules is unavailable; rule ids are then synthetic).
func flatten(perms []types.IpPermission) []snapshot.SGRule {
	var out []snapshot.SGRule
	for _, p := range perms {
		proto := str(p.IpProtocol)
		base := snapshot.SGRule{Protocol: proto}
		base.FromPort, base.ToPort, base.ICMPType, base.ICMPCode = ports(proto, p.FromPort, p.ToPort)
		for _, r := range p.IpRanges {
			x := base
			x.CIDRIPv4, x.Description = str(r.CidrIp), str(r.Description)
			out = append(out, x)
		}
		for _, r := range p.Ipv6Ranges {
			x := base
			x.CIDRIPv6, x.Description = str(r.CidrIpv6), str(r.Description)
			out = append(out, x)
		}
		for _, r := range p.PrefixListIds {
			x := base
			x.PrefixListID, x.Description = str(r.PrefixListId), str(r.Description)
			out = append(out, x)
		}
		for _, g := range p.UserIdGroupPairs {
			x := base
			x.Description = str(g.Description)
			x.ReferencedGroup = &snapshot.GroupReference{
				GroupID: str(g.GroupId), AccountID: str(g.UserId), VPCID: str(g.VpcId),
				PeeringConnectionID: str(g.VpcPeeringConnectionId), PeeringStatus: str(g.PeeringStatus),
			}
			out = append(out, x)
		}
	}
	return out
}

func (m mapper) networkACL(a types.NetworkAcl) snapshot.NetworkACL {
	id := str(a.NetworkAclId)
	out := snapshot.NetworkACL{
		ID: id, Meta: m.meta(str(a.OwnerId), m.arn(str(a.OwnerId), "network-acl", id), a.Tags),
		VPCID: str(a.VpcId), IsDefault: boolv(a.IsDefault), Entries: []snapshot.ACLEntry{},
	}
	for _, e := range a.Entries {
		proto := str(e.Protocol)
		x := snapshot.ACLEntry{
			RuleNumber: i32(e.RuleNumber), Egress: boolv(e.Egress), Action: string(e.RuleAction), Protocol: proto,
			CIDRIPv4: str(e.CidrBlock), CIDRIPv6: str(e.Ipv6CidrBlock),
		}
		var from, to *int32
		if e.PortRange != nil {
			from, to = e.PortRange.From, e.PortRange.To
		}
		if e.IcmpTypeCode != nil {
			if name, _, _ := snapshot.CanonicalProtocol(proto); name == "icmp" || name == "icmpv6" {
				from, to = e.IcmpTypeCode.Type, e.IcmpTypeCode.Code
			}
		}
		x.FromPort, x.ToPort, x.ICMPType, x.ICMPCode = ports(proto, from, to)
		out.Entries = append(out.Entries, x)
	}
	for _, as := range a.Associations {
		if id := str(as.SubnetId); id != "" {
			out.SubnetIDs = append(out.SubnetIDs, id)
		}
	}
	slices.Sort(out.SubnetIDs)
	return out
}

func (m mapper) routeTable(rt types.RouteTable) snapshot.RouteTable {
	id := str(rt.RouteTableId)
	out := snapshot.RouteTable{
		ID: id, Meta: m.meta(str(rt.OwnerId), m.arn(str(rt.OwnerId), "route-table", id), rt.Tags),
		VPCID: str(rt.VpcId), Routes: []snapshot.Route{},
	}
	for _, as := range rt.Associations {
		if st := as.AssociationState; st != nil && st.State != types.RouteTableAssociationStateCodeAssociated && st.State != "" {
			continue
		}
		if boolv(as.Main) {
			out.Main = true
		}
		if s := str(as.SubnetId); s != "" {
			out.SubnetIDs = append(out.SubnetIDs, s)
		}
		if g := str(as.GatewayId); g != "" {
			out.GatewayIDs = append(out.GatewayIDs, g)
		}
	}
	for _, v := range rt.PropagatingVgws {
		out.PropagatingVGWs = append(out.PropagatingVGWs, str(v.GatewayId))
	}
	for _, r := range rt.Routes {
		typ, target := routeTarget(r)
		out.Routes = append(out.Routes, snapshot.Route{
			DestinationCIDR: str(r.DestinationCidrBlock), DestinationIPv6CIDR: str(r.DestinationIpv6CidrBlock),
			DestinationPrefixListID: str(r.DestinationPrefixListId), TargetType: typ, TargetID: target,
			State: string(r.State), Origin: string(r.Origin),
		})
	}
	slices.Sort(out.SubnetIDs)
	return out
}

// routeTarget reads a route's target: the first target member set
// (aws-semantics §3.3).
func routeTarget(r types.Route) (snapshot.TargetKind, string) {
	members := map[string]*string{
		"GatewayId": r.GatewayId, "NatGatewayId": r.NatGatewayId, "VpcPeeringConnectionId": r.VpcPeeringConnectionId,
		"TransitGatewayId": r.TransitGatewayId, "EgressOnlyInternetGatewayId": r.EgressOnlyInternetGatewayId,
		"NetworkInterfaceId": r.NetworkInterfaceId, "InstanceId": r.InstanceId, "LocalGatewayId": r.LocalGatewayId,
		"CarrierGatewayId": r.CarrierGatewayId, "CoreNetworkArn": r.CoreNetworkArn,
	}
	for _, m := range snapshot.RouteTargetMembers {
		if id := str(members[m.Name]); id != "" {
			return m.Classify(id, str(r.DestinationPrefixListId) != ""), id
		}
	}
	return snapshot.TargetUnknown, ""
}

func attachments(as []types.InternetGatewayAttachment) []snapshot.Attachment {
	var out []snapshot.Attachment
	for _, a := range as {
		out = append(out, snapshot.Attachment{VPCID: str(a.VpcId), State: string(a.State)})
	}
	return out
}

func (m mapper) natGateway(n types.NatGateway) snapshot.NATGateway {
	id := str(n.NatGatewayId)
	out := snapshot.NATGateway{
		ID: id, Meta: m.meta("", m.arn("", "natgateway", id), n.Tags),
		VPCID: str(n.VpcId), SubnetID: str(n.SubnetId), ConnectivityType: cmp.Or(string(n.ConnectivityType), "public"), State: string(n.State),
	}
	for _, a := range n.NatGatewayAddresses {
		if ip := str(a.PublicIp); ip != "" {
			out.PublicIPs = append(out.PublicIPs, ip)
		}
		if ip := str(a.PrivateIp); ip != "" {
			out.PrivateIPs = append(out.PrivateIPs, ip)
		}
		if e := str(a.NetworkInterfaceId); e != "" {
			out.NetworkInterfaceIDs = append(out.NetworkInterfaceIDs, e)
		}
	}
	return out
}

func peeringSide(v *types.VpcPeeringConnectionVpcInfo) snapshot.PeeringSide {
	if v == nil {
		return snapshot.PeeringSide{}
	}
	out := snapshot.PeeringSide{AccountID: str(v.OwnerId), Region: str(v.Region), VPCID: str(v.VpcId)}
	for _, c := range v.CidrBlockSet {
		out.CIDRBlocks = append(out.CIDRBlocks, str(c.CidrBlock))
	}
	if len(out.CIDRBlocks) == 0 && str(v.CidrBlock) != "" {
		out.CIDRBlocks = []string{str(v.CidrBlock)}
	}
	for _, c := range v.Ipv6CidrBlockSet {
		out.IPv6CIDRBlocks = append(out.IPv6CIDRBlocks, str(c.Ipv6CidrBlock))
	}
	if o := v.PeeringOptions; o != nil {
		out.AllowDNSResolutionFromRemoteVPC = boolv(o.AllowDnsResolutionFromRemoteVpc)
	}
	return out
}

func (m mapper) peering(p types.VpcPeeringConnection) snapshot.PeeringConnection {
	id := str(p.VpcPeeringConnectionId)
	out := snapshot.PeeringConnection{
		ID: id, Meta: m.meta("", m.arn("", "vpc-peering-connection", id), p.Tags),
		Requester: peeringSide(p.RequesterVpcInfo), Accepter: peeringSide(p.AccepterVpcInfo),
	}
	if p.Status != nil {
		out.Status = string(p.Status.Code)
	}
	return out
}

func (m mapper) endpoint(e types.VpcEndpoint) snapshot.VPCEndpoint {
	id := str(e.VpcEndpointId)
	out := snapshot.VPCEndpoint{
		ID: id, Meta: m.meta(str(e.OwnerId), m.arn(str(e.OwnerId), "vpc-endpoint", id), e.Tags),
		VPCID: str(e.VpcId), Type: string(e.VpcEndpointType), ServiceName: str(e.ServiceName), State: string(e.State),
		RouteTableIDs: e.RouteTableIds, SubnetIDs: e.SubnetIds, NetworkInterfaceIDs: e.NetworkInterfaceIds,
		PrivateDNSEnabled: boolv(e.PrivateDnsEnabled),
	}
	for _, g := range e.Groups {
		out.SecurityGroupIDs = append(out.SecurityGroupIDs, str(g.GroupId))
	}
	if doc := str(e.PolicyDocument); doc != "" {
		d := iampolicy.Parse(doc)
		out.Policy = &d
	}
	return out
}

func (m mapper) eni(e types.NetworkInterface) snapshot.NetworkInterface {
	id := str(e.NetworkInterfaceId)
	out := snapshot.NetworkInterface{
		ID: id, Meta: m.meta(str(e.OwnerId), m.arn(str(e.OwnerId), "network-interface", id), e.TagSet),
		SubnetID: str(e.SubnetId), VPCID: str(e.VpcId), InterfaceType: string(e.InterfaceType),
		SourceDestCheck: boolv(e.SourceDestCheck), RequesterManaged: boolv(e.RequesterManaged),
	}
	seenPub := map[string]bool{}
	addPub := func(a *types.NetworkInterfaceAssociation) {
		if a != nil && str(a.PublicIp) != "" && !seenPub[str(a.PublicIp)] {
			seenPub[str(a.PublicIp)] = true
			out.PublicIPs = append(out.PublicIPs, str(a.PublicIp))
		}
	}
	addPub(e.Association)
	for _, p := range e.PrivateIpAddresses {
		out.PrivateIPs = append(out.PrivateIPs, str(p.PrivateIpAddress))
		addPub(p.Association)
	}
	if len(out.PrivateIPs) == 0 && str(e.PrivateIpAddress) != "" {
		out.PrivateIPs = []string{str(e.PrivateIpAddress)}
	}
	for _, a := range e.Ipv6Addresses {
		out.IPv6Addresses = append(out.IPv6Addresses, str(a.Ipv6Address))
	}
	for _, g := range e.Groups {
		out.SecurityGroupIDs = append(out.SecurityGroupIDs, str(g.GroupId))
	}
	if a := e.Attachment; a != nil {
		out.Attachment = &snapshot.ENIAttachment{InstanceID: str(a.InstanceId), DeviceIndex: i32(a.DeviceIndex), Status: string(a.Status)}
	}
	return out
}

func (m mapper) instance(in types.Instance) snapshot.Instance {
	id := str(in.InstanceId)
	out := snapshot.Instance{
		ID: id, Meta: m.meta("", m.arn("", "instance", id), in.Tags),
		VPCID: str(in.VpcId), SubnetID: str(in.SubnetId), PrivateIP: str(in.PrivateIpAddress), PublicIP: str(in.PublicIpAddress),
	}
	if in.State != nil {
		out.State = string(in.State.Name)
	}
	for _, n := range in.NetworkInterfaces {
		out.NetworkInterfaceIDs = append(out.NetworkInterfaceIDs, str(n.NetworkInterfaceId))
	}
	for _, g := range in.SecurityGroups {
		out.SecurityGroupIDs = append(out.SecurityGroupIDs, str(g.GroupId))
	}
	if p := in.IamInstanceProfile; p != nil {
		out.InstanceProfileID = str(p.Arn)
	}
	if mo := in.MetadataOptions; mo != nil {
		out.MetadataOptions = &snapshot.MetadataOptions{
			HTTPTokens: string(mo.HttpTokens), HTTPEndpoint: string(mo.HttpEndpoint), HTTPPutResponseHopLimit: i32(mo.HttpPutResponseHopLimit),
		}
	}
	return out
}

func (m mapper) flowLog(f types.FlowLog) snapshot.FlowLog {
	id := str(f.FlowLogId)
	res := str(f.ResourceId)
	out := snapshot.FlowLog{
		ID: id, Meta: m.meta("", m.arn("", "vpc-flow-log", id), f.Tags),
		ResourceID: res, ResourceType: flowLogResourceType(res), TrafficType: string(f.TrafficType),
		DestinationType: string(f.LogDestinationType), Destination: cmp.Or(str(f.LogDestination), str(f.LogGroupName)),
		DeliverLogsRoleARN: str(f.DeliverLogsPermissionArn), LogFormat: str(f.LogFormat), Status: str(f.FlowLogStatus),
	}
	if out.DestinationType == "" && str(f.LogGroupName) != "" {
		out.DestinationType = "cloud-watch-logs"
	}
	return out
}

func flowLogResourceType(id string) string {
	switch {
	case strings.HasPrefix(id, "vpc-"):
		return "VPC"
	case strings.HasPrefix(id, "subnet-"):
		return "Subnet"
	case strings.HasPrefix(id, "eni-"):
		return "NetworkInterface"
	case strings.HasPrefix(id, "tgw-attach-"):
		return "TransitGatewayAttachment"
	case strings.HasPrefix(id, "tgw-"):
		return "TransitGateway"
	}
	return ""
}
