package awstest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// here reports whether an entity lives in the request's account and region.
func (r *request) here(m snapshot.Meta) bool { return m.Account == r.account && m.Region == r.region }

func tagSet(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	items := make([]string, len(keys))
	for i, k := range keys {
		items[i] = leaf("key", k) + el("value", esc(tags[k]))
	}
	return set("tagSet", items)
}

func filterMeta[T any](xs []T, meta func(T) snapshot.Meta, req *request) []T {
	var out []T
	for _, x := range xs {
		if req.here(meta(x)) {
			out = append(out, x)
		}
	}
	return out
}

func renderAll[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// ec2 answers the EC2 Query API (responses as API_Describe*.html show).
func (s *Server) ec2(w http.ResponseWriter, req *request) {
	p, world := req.params, s.World
	list := func(setName string, items []string) {
		pg, next := s.page(items, p.Get("NextToken"), intParam(p, "MaxResults"))
		writeXML(w, ec2Response(req.op, set(setName, pg), leaf("nextToken", next)))
	}
	switch req.op {
	case "DescribeRegions":
		var items []string
		for _, r := range s.Regions {
			items = append(items, leaf("regionName", r)+leaf("regionEndpoint", "ec2."+r+".amazonaws.com")+leaf("optInStatus", "opt-in-not-required"))
		}
		for _, r := range s.OptIn {
			items = append(items, leaf("regionName", r)+leaf("regionEndpoint", "ec2."+r+".amazonaws.com")+leaf("optInStatus", "not-opted-in"))
		}
		writeXML(w, ec2Response(req.op, set("regionInfo", items)))
	case "DescribeVpcs":
		list("vpcSet", renderAll(filterMeta(world.VPCs, func(v snapshot.VPC) snapshot.Meta { return v.Meta }, req), vpcXML))
	case "DescribeVpcAttribute":
		id := p.Get("VpcId")
		i := slices.IndexFunc(world.VPCs, func(v snapshot.VPC) bool { return v.ID == id })
		if i < 0 {
			writeError(w, req, http.StatusBadRequest, "InvalidVpcID.NotFound", "The vpc ID '"+id+"' does not exist")
			return
		}
		v := world.VPCs[i]
		attr := ""
		switch p.Get("Attribute") {
		case "enableDnsSupport":
			attr = el("enableDnsSupport", boolLeaf("value", v.EnableDNSSupport != nil && *v.EnableDNSSupport))
		case "enableDnsHostnames":
			attr = el("enableDnsHostnames", boolLeaf("value", v.EnableDNSHostnames != nil && *v.EnableDNSHostnames))
		}
		writeXML(w, ec2Response(req.op, leaf("vpcId", id), attr))
	case "DescribeSubnets":
		list("subnetSet", renderAll(filterMeta(world.Subnets, func(v snapshot.Subnet) snapshot.Meta { return v.Meta }, req), subnetXML))
	case "DescribeSecurityGroups":
		list("securityGroupInfo", renderAll(filterMeta(world.SecurityGroups, func(v snapshot.SecurityGroup) snapshot.Meta { return v.Meta }, req), sgXML))
	case "DescribeSecurityGroupRules":
		var items []string
		for _, g := range filterMeta(world.SecurityGroups, func(v snapshot.SecurityGroup) snapshot.Meta { return v.Meta }, req) {
			for i, r := range g.Ingress {
				items = append(items, s.sgRuleXML(g, r, false, i))
			}
			for i, r := range g.Egress {
				items = append(items, s.sgRuleXML(g, r, true, i))
			}
		}
		list("securityGroupRuleSet", items)
	case "DescribeNetworkAcls":
		list("networkAclSet", renderAll(filterMeta(world.NetworkACLs, func(v snapshot.NetworkACL) snapshot.Meta { return v.Meta }, req), aclXML))
	case "DescribeRouteTables":
		list("routeTableSet", renderAll(filterMeta(world.RouteTables, func(v snapshot.RouteTable) snapshot.Meta { return v.Meta }, req), rtbXML))
	case "DescribeInternetGateways":
		list("internetGatewaySet", renderAll(filterMeta(world.InternetGateways, func(v snapshot.InternetGateway) snapshot.Meta { return v.Meta }, req), func(g snapshot.InternetGateway) string {
			return leaf("internetGatewayId", g.ID) + leaf("ownerId", g.Account) + attachmentSet(g.Attachments) + tagSet(g.Tags)
		}))
	case "DescribeEgressOnlyInternetGateways":
		list("egressOnlyInternetGatewaySet", renderAll(filterMeta(world.EgressOnlyInternetGateways, func(v snapshot.EgressOnlyInternetGateway) snapshot.Meta { return v.Meta }, req), func(g snapshot.EgressOnlyInternetGateway) string {
			return leaf("egressOnlyInternetGatewayId", g.ID) + attachmentSet(g.Attachments) + tagSet(g.Tags)
		}))
	case "DescribeNatGateways":
		list("natGatewaySet", renderAll(filterMeta(world.NATGateways, func(v snapshot.NATGateway) snapshot.Meta { return v.Meta }, req), natXML))
	case "DescribeVpcPeeringConnections":
		// A peering is visible from both sides' account and region.
		var items []string
		for _, pc := range world.PeeringConnections {
			if req.here(pc.Meta) || pc.Accepter.AccountID == req.account && pc.Accepter.Region == req.region || pc.Requester.AccountID == req.account && pc.Requester.Region == req.region {
				items = append(items, pcxXML(pc))
			}
		}
		list("vpcPeeringConnectionSet", items)
	case "DescribeVpcEndpoints":
		list("vpcEndpointSet", renderAll(filterMeta(world.VPCEndpoints, func(v snapshot.VPCEndpoint) snapshot.Meta { return v.Meta }, req), vpceXML))
	case "DescribeManagedPrefixLists":
		list("prefixListSet", renderAll(filterMeta(world.PrefixLists, func(v snapshot.PrefixList) snapshot.Meta { return v.Meta }, req), func(pl snapshot.PrefixList) string {
			return leaf("prefixListId", pl.ID) + leaf("addressFamily", pl.AddressFamily) + leaf("state", "create-complete") +
				leaf("prefixListArn", sourceARN(pl.Meta)) + leaf("prefixListName", pl.Name) + maxEntries(pl.MaxEntries) +
				leaf("version", "1") + tagSet(pl.Tags) + leaf("ownerId", pl.OwnerID)
		}))
	case "GetManagedPrefixListEntries":
		id := p.Get("PrefixListId")
		i := slices.IndexFunc(world.PrefixLists, func(v snapshot.PrefixList) bool { return v.ID == id && req.here(v.Meta) })
		if i < 0 {
			writeError(w, req, http.StatusBadRequest, "InvalidPrefixListID.NotFound", "The prefix list ID '"+id+"' does not exist")
			return
		}
		list("entrySet", renderAll(world.PrefixLists[i].Entries, func(e snapshot.PrefixListEntry) string {
			return leaf("cidr", e.CIDR) + leaf("description", e.Description)
		}))
	case "DescribeNetworkInterfaces":
		list("networkInterfaceSet", renderAll(filterMeta(world.NetworkInterfaces, func(v snapshot.NetworkInterface) snapshot.Meta { return v.Meta }, req), eniXML))
	case "DescribeInstances":
		// One reservation per instance.
		list("reservationSet", renderAll(filterMeta(world.Instances, func(v snapshot.Instance) snapshot.Meta { return v.Meta }, req), func(in snapshot.Instance) string {
			return leaf("reservationId", "r-"+strings.TrimPrefix(in.ID, "i-")) + leaf("ownerId", in.Account) + set("instancesSet", []string{instanceXML(in)})
		}))
	case "DescribeFlowLogs":
		fls := filterMeta(world.FlowLogs, func(v snapshot.FlowLog) snapshot.Meta { return v.Meta }, req)
		if groups := filterValues(p, "log-group-name"); groups != nil {
			fls = slices.DeleteFunc(fls, func(f snapshot.FlowLog) bool { return !slices.Contains(groups, flowLogGroup(f)) })
		}
		list("flowLogSet", renderAll(fls, flowLogXML))
	default:
		writeError(w, req, http.StatusBadRequest, "InvalidAction", "The action "+req.op+" is not valid for this web service.")
	}
}

func sourceARN(m snapshot.Meta) string {
	if m.Source != nil {
		return m.Source.ARN
	}
	return ""
}

func maxEntries(n int) string {
	if n == 0 {
		return ""
	}
	return el("maxEntries", strconv.Itoa(n))
}

func vpcXML(v snapshot.VPC) string {
	var cidrs, v6 []string
	for _, c := range v.CIDRBlocks {
		cidrs = append(cidrs, leaf("associationId", "vpc-cidr-assoc-"+c)+leaf("cidrBlock", c)+el("cidrBlockState", leaf("state", "associated")))
	}
	for _, c := range v.IPv6CIDRBlocks {
		v6 = append(v6, leaf("associationId", "vpc-cidr-assoc-"+c)+leaf("ipv6CidrBlock", c)+el("ipv6CidrBlockState", leaf("state", "associated")))
	}
	first := ""
	if len(v.CIDRBlocks) > 0 {
		first = v.CIDRBlocks[0]
	}
	out := leaf("vpcId", v.ID) + leaf("ownerId", v.Account) + leaf("state", "available") + leaf("cidrBlock", first) +
		set("cidrBlockAssociationSet", cidrs) + set("ipv6CidrBlockAssociationSet", v6) + leaf("dhcpOptionsId", "dopt-0") +
		leaf("instanceTenancy", "default") + boolLeaf("isDefault", v.IsDefault) + tagSet(v.Tags)
	if v.BlockPublicAccess != "" {
		out += el("blockPublicAccessStates", leaf("internetGatewayBlockMode", v.BlockPublicAccess))
	}
	return out
}

func subnetXML(x snapshot.Subnet) string {
	var v6 []string
	for _, c := range x.IPv6CIDRBlocks {
		v6 = append(v6, leaf("ipv6CidrBlock", c)+leaf("associationId", "subnet-cidr-assoc-"+c)+el("ipv6CidrBlockState", leaf("state", "associated")))
	}
	return leaf("subnetId", x.ID) + leaf("subnetArn", sourceARN(x.Meta)) + leaf("state", "available") + leaf("ownerId", x.Account) +
		leaf("vpcId", x.VPCID) + leaf("cidrBlock", x.CIDRBlock) + set("ipv6CidrBlockAssociationSet", v6) +
		leaf("availabilityZone", x.AvailabilityZone) + boolLeaf("mapPublicIpOnLaunch", x.MapPublicIPOnLaunch) +
		boolLeaf("assignIpv6AddressOnCreation", x.AssignIPv6AddressOnCreation) + tagSet(x.Tags)
}

// port renders the wire FromPort/ToPort of a rule: the range for tcp/udp,
// type and code for icmp, -1 for everything else.
func wirePorts(proto string, from, to, typ, code int) (string, string, string) {
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		name = proto
	}
	num := proto
	if name == "all" {
		num = "-1"
	}
	switch name {
	case "tcp", "udp":
		return num, strconv.Itoa(from), strconv.Itoa(to)
	case "icmp", "icmpv6":
		return num, strconv.Itoa(typ), strconv.Itoa(code)
	}
	return num, "-1", "-1"
}

func ruleID(g snapshot.SecurityGroup, r snapshot.SGRule, egress bool, i int) string {
	if r.RuleID != "" {
		return r.RuleID
	}
	dir := "i"
	if egress {
		dir = "e"
	}
	return "sgr-" + strings.TrimPrefix(g.ID, "sg-") + dir + strconv.Itoa(i)
}

func groupRef(r *snapshot.GroupReference) string {
	return leaf("groupId", r.GroupID) + leaf("userId", r.AccountID) + leaf("vpcId", r.VPCID) +
		leaf("vpcPeeringConnectionId", r.PeeringConnectionID) + leaf("peeringStatus", r.PeeringStatus)
}

func (s *Server) sgRuleXML(g snapshot.SecurityGroup, r snapshot.SGRule, egress bool, i int) string {
	proto, from, to := wirePorts(r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode)
	groupID := g.ID
	if s.RulesWithoutGroupID {
		groupID = ""
	}
	out := leaf("securityGroupRuleId", ruleID(g, r, egress, i)) + leaf("groupId", groupID) + leaf("groupOwnerId", g.Account) +
		boolLeaf("isEgress", egress) + leaf("ipProtocol", proto) + leaf("fromPort", from) + leaf("toPort", to) +
		leaf("cidrIpv4", r.CIDRIPv4) + leaf("cidrIpv6", r.CIDRIPv6) + leaf("prefixListId", r.PrefixListID) +
		leaf("description", r.Description) + tagSet(r.Tags)
	if r.ReferencedGroup != nil {
		out += el("referencedGroupInfo", groupRef(r.ReferencedGroup))
	}
	return out
}

// ipPermissions groups rules by protocol and ports, as DescribeSecurityGroups does.
func ipPermissions(rules []snapshot.SGRule) []string {
	type key struct{ proto, from, to string }
	var order []key
	byKey := map[key][]snapshot.SGRule{}
	for _, r := range rules {
		p, f, t := wirePorts(r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode)
		k := key{p, f, t}
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], r)
	}
	var out []string
	for _, k := range order {
		var v4, v6, pls, groups []string
		for _, r := range byKey[k] {
			switch {
			case r.CIDRIPv4 != "":
				v4 = append(v4, leaf("cidrIp", r.CIDRIPv4)+leaf("description", r.Description))
			case r.CIDRIPv6 != "":
				v6 = append(v6, leaf("cidrIpv6", r.CIDRIPv6)+leaf("description", r.Description))
			case r.PrefixListID != "":
				pls = append(pls, leaf("prefixListId", r.PrefixListID)+leaf("description", r.Description))
			case r.ReferencedGroup != nil:
				groups = append(groups, groupRef(r.ReferencedGroup)+leaf("description", r.Description))
			}
		}
		perm := leaf("ipProtocol", k.proto)
		if k.proto != "-1" {
			perm += leaf("fromPort", k.from) + leaf("toPort", k.to)
		}
		out = append(out, perm+set("groups", groups)+set("ipRanges", v4)+set("ipv6Ranges", v6)+set("prefixListIds", pls))
	}
	return out
}

func sgXML(g snapshot.SecurityGroup) string {
	return leaf("ownerId", g.Account) + leaf("groupId", g.ID) + leaf("groupName", g.Name) + leaf("groupDescription", g.Description) +
		leaf("vpcId", g.VPCID) + leaf("securityGroupArn", sourceARN(g.Meta)) +
		set("ipPermissions", ipPermissions(g.Ingress)) + set("ipPermissionsEgress", ipPermissions(g.Egress)) + tagSet(g.Tags)
}

func aclXML(a snapshot.NetworkACL) string {
	var entries, assocs []string
	for _, e := range a.Entries {
		proto, from, to := wirePorts(e.Protocol, e.FromPort, e.ToPort, e.ICMPType, e.ICMPCode)
		x := leaf("ruleNumber", strconv.Itoa(e.RuleNumber)) + leaf("protocol", protoNumber(proto)) + leaf("ruleAction", strings.ToLower(e.Action)) +
			boolLeaf("egress", e.Egress) + leaf("cidrBlock", e.CIDRIPv4) + leaf("ipv6CidrBlock", e.CIDRIPv6)
		name, _, _ := snapshot.CanonicalProtocol(e.Protocol)
		switch name {
		case "tcp", "udp":
			x += el("portRange", leaf("from", from)+leaf("to", to))
		case "icmp", "icmpv6":
			x += el("icmpTypeCode", leaf("code", to)+leaf("type", from))
		}
		entries = append(entries, x)
	}
	for _, sn := range a.SubnetIDs {
		assocs = append(assocs, leaf("networkAclAssociationId", "aclassoc-"+sn)+leaf("networkAclId", a.ID)+leaf("subnetId", sn))
	}
	return leaf("networkAclId", a.ID) + leaf("vpcId", a.VPCID) + boolLeaf("default", a.IsDefault) + set("entrySet", entries) +
		set("associationSet", assocs) + tagSet(a.Tags) + leaf("ownerId", a.Account)
}

// protoNumber is the NACL wire form: always a number.
func protoNumber(p string) string {
	_, n, err := snapshot.CanonicalProtocol(p)
	if err != nil {
		return p
	}
	return strconv.Itoa(n)
}

func rtbXML(rt snapshot.RouteTable) string {
	var routes, assocs, vgws []string
	for _, r := range rt.Routes {
		x := leaf("destinationCidrBlock", r.DestinationCIDR) + leaf("destinationIpv6CidrBlock", r.DestinationIPv6CIDR) +
			leaf("destinationPrefixListId", r.DestinationPrefixListID)
		switch r.TargetType {
		case "local", "internet_gateway", "virtual_private_gateway", "gateway_endpoint", "gwlb_endpoint", "unknown":
			x += leaf("gatewayId", r.TargetID)
		case "nat_gateway":
			x += leaf("natGatewayId", r.TargetID)
		case "vpc_peering_connection":
			x += leaf("vpcPeeringConnectionId", r.TargetID)
		case "transit_gateway":
			x += leaf("transitGatewayId", r.TargetID)
		case "egress_only_internet_gateway":
			x += leaf("egressOnlyInternetGatewayId", r.TargetID)
		case "network_interface":
			x += leaf("networkInterfaceId", r.TargetID)
		case "instance":
			x += leaf("instanceId", r.TargetID)
		case "local_gateway":
			x += leaf("localGatewayId", r.TargetID)
		case "carrier_gateway":
			x += leaf("carrierGatewayId", r.TargetID)
		case "core_network":
			x += leaf("coreNetworkArn", r.TargetID)
		}
		routes = append(routes, x+leaf("state", cmpOr(r.State, "active"))+leaf("origin", cmpOr(r.Origin, "CreateRoute")))
	}
	assoc := func(id, extra string, main bool) string {
		return leaf("routeTableAssociationId", "rtbassoc-"+id) + leaf("routeTableId", rt.ID) + boolLeaf("main", main) + extra +
			el("associationState", leaf("state", "associated"))
	}
	if rt.Main {
		assocs = append(assocs, assoc(strings.TrimPrefix(rt.ID, "rtb-")+"main", "", true))
	}
	for _, sn := range rt.SubnetIDs {
		assocs = append(assocs, assoc(sn, leaf("subnetId", sn), false))
	}
	for _, g := range rt.GatewayIDs {
		assocs = append(assocs, assoc(g, leaf("gatewayId", g), false))
	}
	for _, v := range rt.PropagatingVGWs {
		vgws = append(vgws, leaf("gatewayId", v))
	}
	return leaf("routeTableId", rt.ID) + leaf("vpcId", rt.VPCID) + leaf("ownerId", rt.Account) + set("routeSet", routes) +
		set("associationSet", assocs) + set("propagatingVgwSet", vgws) + tagSet(rt.Tags)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func attachmentSet(as []snapshot.Attachment) string {
	return set("attachmentSet", renderAll(as, func(a snapshot.Attachment) string { return leaf("vpcId", a.VPCID) + leaf("state", a.State) }))
}

func natXML(n snapshot.NATGateway) string {
	var addrs []string
	for i := range max(len(n.PublicIPs), len(n.PrivateIPs), len(n.NetworkInterfaceIDs)) {
		addrs = append(addrs, leaf("publicIp", at(n.PublicIPs, i))+leaf("privateIp", at(n.PrivateIPs, i))+leaf("networkInterfaceId", at(n.NetworkInterfaceIDs, i))+boolLeaf("isPrimary", i == 0))
	}
	return leaf("natGatewayId", n.ID) + leaf("vpcId", n.VPCID) + leaf("subnetId", n.SubnetID) + leaf("state", n.State) +
		leaf("connectivityType", n.ConnectivityType) + set("natGatewayAddressSet", addrs) + tagSet(n.Tags)
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

func pcxSide(name string, p snapshot.PeeringSide) string {
	first := ""
	if len(p.CIDRBlocks) > 0 {
		first = p.CIDRBlocks[0]
	}
	return el(name, leaf("ownerId", p.AccountID)+leaf("vpcId", p.VPCID)+leaf("region", p.Region)+leaf("cidrBlock", first)+
		set("cidrBlockSet", renderAll(p.CIDRBlocks, func(c string) string { return leaf("cidrBlock", c) }))+
		set("ipv6CidrBlockSet", renderAll(p.IPv6CIDRBlocks, func(c string) string { return leaf("ipv6CidrBlock", c) }))+
		el("peeringOptions", boolLeaf("allowDnsResolutionFromRemoteVpc", p.AllowDNSResolutionFromRemoteVPC)))
}

func pcxXML(pc snapshot.PeeringConnection) string {
	return leaf("vpcPeeringConnectionId", pc.ID) + pcxSide("requesterVpcInfo", pc.Requester) + pcxSide("accepterVpcInfo", pc.Accepter) +
		el("status", leaf("code", pc.Status)+leaf("message", pc.Status)) + tagSet(pc.Tags)
}

func vpceXML(e snapshot.VPCEndpoint) string {
	policy := ""
	if e.Policy != nil && !e.PolicyIsDefault {
		policy = leaf("policyDocument", e.Policy.Text)
	}
	return leaf("vpcEndpointId", e.ID) + leaf("vpcEndpointType", e.Type) + leaf("vpcId", e.VPCID) + leaf("serviceName", e.ServiceName) +
		leaf("state", e.State) + policy + set("routeTableIdSet", texts(e.RouteTableIDs)) + set("subnetIdSet", texts(e.SubnetIDs)) +
		set("groupSet", renderAll(e.SecurityGroupIDs, func(g string) string { return leaf("groupId", g) + leaf("groupName", g) })) +
		boolLeaf("privateDnsEnabled", e.PrivateDNSEnabled) + set("networkInterfaceIdSet", texts(e.NetworkInterfaceIDs)) +
		tagSet(e.Tags) + leaf("ownerId", e.Account)
}

func eniXML(n snapshot.NetworkInterface) string {
	var privs []string
	for i, ip := range n.PrivateIPs {
		x := leaf("privateIpAddress", ip) + boolLeaf("primary", i == 0)
		if pub := at(n.PublicIPs, i); pub != "" {
			x += el("association", leaf("publicIp", pub)+leaf("ipOwnerId", "amazon"))
		}
		privs = append(privs, x)
	}
	out := leaf("networkInterfaceId", n.ID) + leaf("subnetId", n.SubnetID) + leaf("vpcId", n.VPCID) + leaf("ownerId", n.Account) +
		boolLeaf("requesterManaged", n.RequesterManaged) + leaf("status", "in-use") + leaf("privateIpAddress", at(n.PrivateIPs, 0)) +
		boolLeaf("sourceDestCheck", n.SourceDestCheck) + leaf("interfaceType", n.InterfaceType) +
		set("groupSet", renderAll(n.SecurityGroupIDs, func(g string) string { return leaf("groupId", g) + leaf("groupName", g) })) +
		set("privateIpAddressesSet", privs) + set("ipv6AddressesSet", renderAll(n.IPv6Addresses, func(a string) string { return leaf("ipv6Address", a) })) +
		tagSet(n.Tags)
	if pub := at(n.PublicIPs, 0); pub != "" {
		out += el("association", leaf("publicIp", pub)+leaf("ipOwnerId", "amazon"))
	}
	if a := n.Attachment; a != nil {
		out += el("attachment", leaf("attachmentId", "eni-attach-"+strings.TrimPrefix(n.ID, "eni-"))+leaf("instanceId", a.InstanceID)+
			leaf("deviceIndex", strconv.Itoa(a.DeviceIndex))+leaf("status", a.Status))
	}
	return out
}

func instanceXML(in snapshot.Instance) string {
	codes := map[string]string{"pending": "0", "running": "16", "shutting-down": "32", "terminated": "48", "stopping": "64", "stopped": "80"}
	out := leaf("instanceId", in.ID) + leaf("imageId", "ami-0") + el("instanceState", leaf("code", codes[in.State])+leaf("name", in.State)) +
		leaf("instanceType", "t3.micro") + leaf("privateIpAddress", in.PrivateIP) + leaf("ipAddress", in.PublicIP) +
		leaf("subnetId", in.SubnetID) + leaf("vpcId", in.VPCID) +
		set("groupSet", renderAll(in.SecurityGroupIDs, func(g string) string { return leaf("groupId", g) + leaf("groupName", g) })) +
		tagSet(in.Tags)
	if in.InstanceProfileID != "" {
		out += el("iamInstanceProfile", leaf("arn", in.InstanceProfileID)+leaf("id", "AIPA"+strings.ToUpper(strings.TrimPrefix(in.ID, "i-"))))
	}
	var enis []string
	for i, id := range in.NetworkInterfaceIDs {
		enis = append(enis, leaf("networkInterfaceId", id)+leaf("subnetId", in.SubnetID)+leaf("vpcId", in.VPCID)+
			el("attachment", leaf("deviceIndex", strconv.Itoa(i))+leaf("status", "attached")))
	}
	out += set("networkInterfaceSet", enis)
	if mo := in.MetadataOptions; mo != nil {
		hop := ""
		if mo.HTTPPutResponseHopLimit > 0 {
			hop = leaf("httpPutResponseHopLimit", strconv.Itoa(mo.HTTPPutResponseHopLimit))
		}
		out += el("metadataOptions", leaf("state", "applied")+leaf("httpTokens", mo.HTTPTokens)+hop+leaf("httpEndpoint", mo.HTTPEndpoint))
	}
	return out
}

func flowLogXML(f snapshot.FlowLog) string {
	return leaf("flowLogId", f.ID) + leaf("flowLogStatus", f.Status) + leaf("resourceId", f.ResourceID) + leaf("trafficType", f.TrafficType) +
		leaf("logDestinationType", f.DestinationType) + leaf("logDestination", f.Destination) + leaf("logGroupName", flowLogGroup(f)) +
		leaf("deliverLogsPermissionArn", f.DeliverLogsRoleARN) + leaf("logFormat", f.LogFormat) + tagSet(f.Tags)
}
