package terraform

import (
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) vpc(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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
}

// vpcCIDR adds a secondary block (aws_vpc_ipv4_cidr_block_association,
// aws_vpc_ipv6_cidr_block_association) to its VPC: peering overlaps and
// routes are judged on every block of a VPC.
func (b *builder) vpcCIDR(in *instance) {
	vid, ok := b.need(in, "vpc_id", "aws_vpc")
	if !ok {
		return
	}
	v, ok := b.vpcs[vid]
	if !ok {
		return // a VPC outside the configuration is not in the snapshot
	}
	attr, field, list := "cidr_block", "cidr_blocks", &v.CIDRBlocks
	if in.typ == "aws_vpc_ipv6_cidr_block_association" {
		attr, field, list = "ipv6_cidr_block", "ipv6_cidr_blocks", &v.IPv6CIDRBlocks
	}
	var unk fields
	if c, st := str(in.o, attr, &unk, field); st == known && c != "" {
		*list = append(*list, c)
	} else if !slices.Contains(v.Unknown, field) {
		v.Unknown = append(v.Unknown, field) // from an IPAM pool, or known after apply
	}
}

func (b *builder) subnet(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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
}

func (b *builder) internetGateway(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	g := &snapshot.InternetGateway{ID: id}
	if v, st := b.ref(o, "vpc_id", &unk, "attachments"); st == known {
		g.Attachments = []snapshot.Attachment{{VPCID: v, State: "available"}}
	}
	g.Meta = b.meta(in, unk)
	b.igws[id] = g
}

func (b *builder) eigw(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	g := &snapshot.EgressOnlyInternetGateway{ID: id}
	if v, st := b.ref(o, "vpc_id", &unk, "attachments"); st == known {
		g.Attachments = []snapshot.Attachment{{VPCID: v, State: "attached"}}
	}
	g.Meta = b.meta(in, unk)
	b.eigws[id] = g
}

func (b *builder) natGateway(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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
}

func (b *builder) peering(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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

func (b *builder) peeringAccepter(in *instance) {
	o := in.o
	var unk fields
	pid, ok := b.need(in, "vpc_peering_connection_id")
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
}

func (b *builder) prefixList(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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

func (b *builder) prefixListEntry(in *instance) {
	o := in.o
	pid, ok := b.need(in, "prefix_list_id")
	if !ok {
		return
	}
	if p, found := b.pls[pid]; found {
		if e, ok := b.prefixEntry(o, (*fields)(&p.Unknown)); ok {
			p.Entries = append(p.Entries, e)
		}
	}
}

func (b *builder) networkInterface(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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
}

func (b *builder) eip(in *instance) {
	o := in.o
	if iid, st := b.ref(o, "instance", nil, ""); st == known {
		if i, ok := b.instances[iid]; ok {
			i.Unknown = append(i.Unknown, "public_ip")
		} else {
			b.publicByDefault["eip:"+iid] = true
		}
	}
	if nid, st := b.ref(o, "network_interface", nil, ""); st == known {
		if n, ok := b.enis[nid]; ok {
			n.Unknown = append(n.Unknown, "public_ips")
		}
	}
}

func (b *builder) flowLog(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
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
	if r, st := b.ref(o, "iam_role_arn", &unk, "deliver_logs_role_arn", "aws_iam_role"); st == known {
		f.DeliverLogsRoleARN = r
	}
	f.LogFormat, _ = str(o, "log_format", &unk, "log_format")
	f.Meta = b.meta(in, unk)
	b.flowLogs[id] = f
}
