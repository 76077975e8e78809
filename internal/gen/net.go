package gen

import (
	"fmt"
	"slices"

	"github.com/vpclint/vpclint/snapshot"
)

// ---- buckets ----

func (g *generator) buckets() {
	for k := range g.p.Buckets {
		acct := accountIDs[k%g.p.Accounts]
		region := regionNames[(k/g.p.Accounts)%g.p.Regions]
		nm := fmt.Sprintf("acme-%s-%s-%s-%d", teams[g.rng.IntN(len(teams))], pick(g, purposes), acct[:4], k)
		arn := "arn:aws:s3:::" + nm
		b := snapshot.Bucket{ID: nm, Meta: meta(acct, region, map[string]string{"Team": teams[k%len(teams)]}), Name: nm, ARN: arn}
		objects := []string{arn, arn + "/*"}
		tls := stmt{Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: objects, Condition: cond("Bool", "aws:SecureTransport", "false")}
		public := false
		switch x := g.rng.Float64(); {
		case x < 0.35: // no policy
		case x < 0.55:
			b.Policy = new(policy(tls))
		case x < 0.65:
			other := accountIDs[(k+1)%len(accountIDs)]
			b.Policy = new(policy(tls, stmt{
				Sid: "CrossAccountRead", Effect: "Allow", Principal: map[string]any{"AWS": "arn:aws:iam::" + other + ":root"},
				Action: []string{"s3:GetObject", "s3:ListBucket"}, Resource: objects,
			}))
		case x < 0.70:
			public = true
			b.Policy = new(policy(stmt{Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: arn + "/*"}))
		case x < 0.71:
			public = true
			b.Policy = new(policy(stmt{Sid: "PublicWrite", Effect: "Allow", Principal: "*", Action: []string{"s3:PutObject", "s3:ListBucket"}, Resource: objects}))
		case x < 0.80:
			if eps := g.s3Gateways[acct+"/"+region]; len(eps) > 0 {
				deny := stmt{
					Sid: "OnlyThroughEndpoint", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: objects,
					Condition: cond("StringNotEquals", "aws:SourceVpce", pick(g, eps)),
				}
				if g.chance(0.45) && g.adminRole[acct] != "" { // the safe variant, with a break-glass exemption
					deny.Condition = and(deny.Condition, cond("ArnNotLike", "aws:PrincipalArn", g.adminRole[acct]))
				}
				b.Policy = new(policy(deny))
			} else {
				b.Policy = new(policy(tls))
			}
		case x < 0.88:
			svc := pick(g, []string{"cloudtrail.amazonaws.com", "logging.s3.amazonaws.com", "delivery.logs.amazonaws.com"})
			st := stmt{Sid: "ServiceWrite", Effect: "Allow", Principal: map[string]any{"Service": svc}, Action: "s3:PutObject", Resource: arn + "/*"}
			if g.chance(0.7) {
				st.Condition = cond("StringEquals", "aws:SourceAccount", acct)
			}
			b.Policy = new(policy(st, tls))
		case x < 0.94:
			b.Policy = new(policy(stmt{
				Sid: "OrgRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: arn + "/*",
				Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
			}))
		default:
			if roles := g.roleARNs[acct]; len(roles) > 0 {
				b.Policy = new(policy(stmt{Sid: "RoleAccess", Effect: "Allow", Principal: map[string]any{"AWS": pick(g, roles)}, Action: []string{"s3:GetObject", "s3:PutObject"}, Resource: arn + "/*"}))
			}
		}
		switch x := g.rng.Float64(); {
		case public && x < 0.8:
			b.PublicAccessBlock = &snapshot.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}
		case public:
		case x < 0.7:
			b.PublicAccessBlock = &snapshot.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
		case x < 0.85:
			b.PublicAccessBlock = &snapshot.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: g.chance(0.5)}
		}
		g.s.Buckets = append(g.s.Buckets, b)
	}
}

// ---- network interfaces and instances ----

// host allocates the next private address of subnet sn, or false when the
// subnet is full.
func (g *generator) host(sn int) (string, bool) {
	h := g.nextHost[sn]
	if h > 254 {
		return "", false
	}
	g.nextHost[sn]++
	v := g.vpc[g.subnetVPC[sn]]
	j := slices.Index(v.subnets, sn)
	return fmt.Sprintf("10.%d.%d.%d", v.idx, j, h), true
}

func (g *generator) publicIP() string {
	g.publicIPs++
	return ipString(0x03500000 + g.publicIPs) // 3.80.0.0 upwards
}

// roundRobin returns the next subnet with a free address, starting at *at.
func (g *generator) roundRobin(at *int, want func(sn int) bool) int {
	for range 2 * len(g.s.Subnets) {
		sn := *at % len(g.s.Subnets)
		*at++
		if g.nextHost[sn] <= 254 && (want == nil || want(sn)) {
			return sn
		}
	}
	for sn := range g.s.Subnets {
		if g.nextHost[sn] <= 254 {
			return sn
		}
	}
	panic("gen: every subnet is full")
}

func (g *generator) eni(sn int, typ string, groups []string) *snapshot.NetworkInterface {
	v := g.vpc[g.subnetVPC[sn]]
	ip, ok := g.host(sn)
	if !ok {
		panic("gen: subnet full")
	}
	g.s.NetworkInterfaces = append(g.s.NetworkInterfaces, snapshot.NetworkInterface{
		ID: g.id("eni"), Meta: meta(v.account, v.region, nil), SubnetID: g.s.Subnets[sn].ID, VPCID: v.id,
		PrivateIPs: []string{ip}, SecurityGroupIDs: groups, InterfaceType: typ, SourceDestCheck: true,
		RequesterManaged: typ != "interface",
	})
	return &g.s.NetworkInterfaces[len(g.s.NetworkInterfaces)-1]
}

func (g *generator) groupsFor(v *vpcInfo) []string {
	var out []string
	if len(v.groups) == 0 || g.chance(0.05) {
		out = append(out, v.defaultSG)
	}
	for range 1 + g.rng.IntN(3) {
		if len(v.groups) == 0 {
			break
		}
		id := g.s.SecurityGroups[pick(g, v.groups)].ID
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (g *generator) interfaces() {
	g.s.NetworkInterfaces = make([]snapshot.NetworkInterface, 0, g.p.ENIs)
	g.s.Instances = make([]snapshot.Instance, 0, g.p.Instances)
	spare := g.p.ENIs - g.p.Instances
	// NAT gateways first, then interface endpoints: one ENI per subnet.
	for i := range g.s.NATGateways {
		if spare == 0 {
			break
		}
		nat := &g.s.NATGateways[i]
		sn := slices.IndexFunc(g.s.Subnets, func(s snapshot.Subnet) bool { return s.ID == nat.SubnetID })
		n := g.eni(sn, "nat_gateway", nil)
		n.SourceDestCheck = false
		n.PublicIPs = []string{g.publicIP()}
		nat.NetworkInterfaceIDs, nat.PrivateIPs, nat.PublicIPs = []string{n.ID}, n.PrivateIPs, n.PublicIPs
		spare--
	}
	for _, ei := range g.interfaceEndpoints {
		e := &g.s.VPCEndpoints[ei]
		for _, snID := range e.SubnetIDs {
			if spare == 0 {
				break
			}
			sn := slices.IndexFunc(g.s.Subnets, func(s snapshot.Subnet) bool { return s.ID == snID })
			n := g.eni(sn, "vpc_endpoint", e.SecurityGroupIDs)
			e.NetworkInterfaceIDs = append(e.NetworkInterfaceIDs, n.ID)
			spare--
		}
	}
	// Instances, one primary ENI each, round-robin over the subnets.
	at := 0
	for k := range g.p.Instances {
		sn := g.roundRobin(&at, nil)
		v := g.vpc[g.subnetVPC[sn]]
		groups := g.groupsFor(v)
		n := g.eni(sn, "interface", groups)
		in := snapshot.Instance{
			ID: g.id("i"), Meta: meta(v.account, v.region, map[string]string{"Name": fmt.Sprintf("%s-%s-%d", teams[v.idx%len(teams)], pick(g, groupRoles), k)}),
			State: "running", VPCID: v.id, SubnetID: g.s.Subnets[sn].ID, PrivateIP: n.PrivateIPs[0], SecurityGroupIDs: groups,
			MetadataOptions: &snapshot.MetadataOptions{HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 2},
		}
		if g.chance(0.1) {
			in.State = "stopped"
		}
		if g.chance(0.3) {
			in.MetadataOptions.HTTPTokens = "optional"
			in.MetadataOptions.HTTPPutResponseHopLimit = 1
		}
		if g.chance(0.03) {
			in.MetadataOptions.HTTPEndpoint = "disabled"
		}
		if sub := g.s.Subnets[sn]; in.State == "running" && (sub.MapPublicIPOnLaunch || (v.public[slices.Index(v.subnets, sn)] && g.chance(0.1))) {
			in.PublicIP = g.publicIP()
			n.PublicIPs = []string{in.PublicIP}
		}
		if profiles := g.ec2Profile[v.account]; len(profiles) > 0 && g.chance(0.7) {
			in.InstanceProfileID = profiles[0]
			if g.chance(0.3) {
				in.InstanceProfileID = pick(g, profiles)
			}
		}
		n.Attachment = &snapshot.ENIAttachment{InstanceID: in.ID, DeviceIndex: 0, Status: "attached"}
		in.NetworkInterfaceIDs = []string{n.ID}
		g.s.Instances = append(g.s.Instances, in)
	}
	// The rest: secondary instance ENIs, Lambda and NLB ENIs, and a few
	// detached ones.
	for len(g.s.NetworkInterfaces) < g.p.ENIs {
		x := g.rng.Float64()
		if x < 0.4 && len(g.s.Instances) > 0 {
			ii := g.rng.IntN(len(g.s.Instances))
			in := &g.s.Instances[ii]
			sn := slices.IndexFunc(g.s.Subnets, func(s snapshot.Subnet) bool { return s.ID == in.SubnetID })
			if g.nextHost[sn] > 254 || len(in.NetworkInterfaceIDs) >= 4 {
				continue
			}
			n := g.eni(sn, "interface", g.groupsFor(g.vpc[g.subnetVPC[sn]]))
			n.Attachment = &snapshot.ENIAttachment{InstanceID: in.ID, DeviceIndex: len(in.NetworkInterfaceIDs), Status: "attached"}
			in.NetworkInterfaceIDs = append(in.NetworkInterfaceIDs, n.ID)
			continue
		}
		switch {
		case x < 0.7:
			sn := g.roundRobin(&at, func(sn int) bool { v := g.vpc[g.subnetVPC[sn]]; return !v.public[slices.Index(v.subnets, sn)] })
			g.eni(sn, "lambda", g.groupsFor(g.vpc[g.subnetVPC[sn]]))
		case x < 0.9:
			sn := g.roundRobin(&at, nil)
			n := g.eni(sn, "network_load_balancer", nil)
			if v := g.vpc[g.subnetVPC[sn]]; v.public[slices.Index(v.subnets, sn)] {
				n.PublicIPs = []string{g.publicIP()}
			}
		default:
			sn := g.roundRobin(&at, nil)
			n := g.eni(sn, "interface", g.groupsFor(g.vpc[g.subnetVPC[sn]]))
			n.RequesterManaged = false
		}
	}
}

// ---- flow logs ----

// flowLogs puts a VPC flow log on every other VPC (half of them).
func (g *generator) flowLogs() {
	for _, v := range g.vpc {
		if v.idx%2 != 0 {
			continue
		}
		f := snapshot.FlowLog{ID: g.id("fl"), Meta: meta(v.account, v.region, nil), ResourceID: v.id, ResourceType: "VPC", TrafficType: "ALL", Status: "ACTIVE"}
		if g.chance(0.2) {
			f.TrafficType = "REJECT"
		}
		if g.chance(0.5) {
			f.DestinationType, f.Destination = "s3", "arn:aws:s3:::acme-org-flow-logs/"+v.account+"/"
		} else {
			f.DestinationType = "cloud-watch-logs"
			f.Destination = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/vpc/flow-logs/%s", v.region, v.account, v.id)
			f.DeliverLogsRoleARN = g.flowRole[v.account]
		}
		g.s.FlowLogs = append(g.s.FlowLogs, f)
	}
}
