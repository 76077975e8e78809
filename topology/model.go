package topology

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// Map is what the picture shows of one snapshot, before layout.
type Map struct {
	// Groups are the account/region pairs holding VPCs, sorted.
	Groups []Group
	// Peerings are the peering connections, sorted by id.
	Peerings []Peering
	// owner maps a resource id to the element key a finding about it is
	// drawn on; owners holds the ids drawn on several elements (a NACL
	// or route table on some of its VPC's subnets). ips maps a private
	// address to its subnet's key.
	owner  map[string]string
	owners map[string][]string
	ips    map[string]string
	// vpcOf maps every element key to the key of the VPC holding it.
	vpcOf map[string]string
}

// Group is one account and region; either may be "" when the input does
// not say (IaC before apply).
type Group struct {
	Account, Region string
	VPCs            []VPC
}

// VPC is one VPC box. External VPCs are peers the input does not describe.
type VPC struct {
	ID, Name, CIDRs string
	Default         bool
	External        bool
	Gateways        []Gateway
	Subnets         []Subnet
}

// Key is the VPC's element key.
func (v *VPC) Key() string { return "vpc/" + v.ID }

// Subnet is one cell of a VPC's grid.
type Subnet struct {
	ID, Name, CIDR, AZ string
	// Public: the subnet's route table has an active route to an internet
	// gateway.
	Public                bool
	Instances, Interfaces int
	RouteTable, NACL      string
}

// Key is the subnet's element key.
func (s *Subnet) Key() string { return "subnet/" + s.ID }

// Gateway kinds, in the order a VPC's gateway bar shows them.
const (
	KindIGW  = "igw"
	KindEIGW = "eigw"
	KindNAT  = "nat"
	KindVPCE = "vpce"
	KindTGW  = "tgw"
	KindVGW  = "vgw"
)

var kindOrder = []string{KindIGW, KindEIGW, KindNAT, KindVPCE, KindTGW, KindVGW}

// Gateway is a chip in a VPC's gateway bar.
type Gateway struct {
	Kind, ID string
	// Label is the chip's short text; Detail its hover text.
	Label, Detail string
	// NotFollowed marks transit and virtual private gateways: vpclint
	// sees routes to them but not what lies behind.
	NotFollowed bool
}

// Key is the gateway's element key.
func (g *Gateway) Key() string { return "gw/" + g.ID }

// Peering is a peering connection between two VPC boxes.
type Peering struct {
	ID, Status string
	// Requester and Accepter are VPC ids; RequesterRoutes and
	// AccepterRoutes say whether that side has a route to the peering.
	Requester, Accepter             string
	RequesterRoutes, AccepterRoutes bool
}

// Key is the peering's element key.
func (p *Peering) Key() string { return "pcx/" + p.ID }

// Routes says which sides route through the peering: both, requester,
// accepter or none.
func (p *Peering) Routes() string {
	switch {
	case p.RequesterRoutes && p.AccepterRoutes:
		return "both"
	case p.RequesterRoutes:
		return "requester"
	case p.AccepterRoutes:
		return "accepter"
	default:
		return "none"
	}
}

// FromSnapshot builds the map of one snapshot.
func FromSnapshot(s *snapshot.Snapshot) *Map {
	n := len(s.VPCs) + len(s.Subnets) + len(s.NetworkInterfaces) + len(s.Instances) + len(s.SecurityGroups)
	m := &Map{owner: make(map[string]string, n), owners: map[string][]string{}, ips: make(map[string]string, len(s.NetworkInterfaces)), vpcOf: map[string]string{}}
	vpcs := map[string]*VPC{}
	order := make([]*VPC, 0, len(s.VPCs))
	for i := range s.VPCs {
		v := &s.VPCs[i]
		box := &VPC{ID: v.ID, Name: v.Tags["Name"], CIDRs: strings.Join(append(slices.Clone(v.CIDRBlocks), v.IPv6CIDRBlocks...), ", "), Default: v.IsDefault}
		vpcs[v.ID] = box
		order = append(order, box)
		m.element(v.ID, box.Key(), box.Key())
	}
	publicRT := publicTables(s)
	addSubnets(m, s, vpcs, publicRT)
	addGateways(m, s, vpcs)
	addPeerings(m, s, vpcs)
	for _, p := range m.Peerings {
		for _, id := range []string{p.Requester, p.Accepter} {
			if vpcs[id] == nil && id != "" {
				box := &VPC{ID: id, External: true}
				vpcs[id] = box
				order = append(order, box)
				m.vpcOf[box.Key()] = box.Key()
			}
		}
	}
	addOwners(m, s, vpcs)
	m.Groups = group(s, order)
	return m
}

// element records an element key, inside vpcKey, and that findings about
// id are drawn on it.
func (m *Map) element(id, key, vpcKey string) {
	m.vpcOf[key] = vpcKey
	m.own(id, key)
}

// own records that findings about id are drawn on key.
func (m *Map) own(id, key string) {
	prev, ok := m.owner[id]
	switch {
	case !ok:
		m.owner[id] = key
	case prev != key && !slices.Contains(m.owners[id], key):
		m.owners[id] = append(m.owners[id], key)
	}
}

// keys are the element keys findings about id are drawn on.
func (m *Map) keys(id string) []string {
	k, ok := m.owner[id]
	if !ok {
		return nil
	}
	return append([]string{k}, m.owners[id]...)
}

// publicTables are the route tables with an active route to an internet
// gateway.
func publicTables(s *snapshot.Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			if r.TargetType == snapshot.TargetInternetGateway && r.State != "blackhole" {
				out[rt.ID] = true
			}
		}
	}
	return out
}

func addSubnets(m *Map, s *snapshot.Snapshot, vpcs map[string]*VPC, publicRT map[string]bool) {
	cells := map[string]*Subnet{}
	byVPC := map[string][]*Subnet{}
	for i := range s.Subnets {
		sn := &s.Subnets[i]
		c := &Subnet{
			ID: sn.ID, Name: sn.Tags["Name"], CIDR: sn.CIDRBlock, AZ: sn.AvailabilityZone,
			Public: publicRT[sn.RouteTableID], RouteTable: sn.RouteTableID, NACL: sn.NetworkACLID,
		}
		cells[sn.ID] = c
		byVPC[sn.VPCID] = append(byVPC[sn.VPCID], c)
	}
	for _, e := range s.NetworkInterfaces {
		if c := cells[e.SubnetID]; c != nil {
			c.Interfaces++
			for _, ip := range e.PrivateIPs {
				m.ips[ip] = c.Key()
			}
		}
	}
	for _, in := range s.Instances {
		if c := cells[in.SubnetID]; c != nil && in.State != "terminated" {
			c.Instances++
		}
	}
	for id, list := range byVPC {
		v := vpcs[id]
		if v == nil {
			continue
		}
		// Public subnets first, then by zone and id, as the console's
		// resource map reads.
		slices.SortFunc(list, func(a, b *Subnet) int {
			if a.Public != b.Public {
				if a.Public {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(a.AZ, b.AZ), cmp.Compare(a.ID, b.ID))
		})
		for _, c := range list {
			v.Subnets = append(v.Subnets, *c)
			m.element(c.ID, c.Key(), v.Key())
		}
	}
}

func addGateways(m *Map, s *snapshot.Snapshot, vpcs map[string]*VPC) {
	add := func(vpcID string, g Gateway) {
		v := vpcs[vpcID]
		if v == nil || slices.ContainsFunc(v.Gateways, func(x Gateway) bool { return x.ID == g.ID }) {
			return
		}
		v.Gateways = append(v.Gateways, g)
		m.element(g.ID, g.Key(), v.Key())
	}
	for _, g := range s.InternetGateways {
		for _, a := range g.Attachments {
			add(a.VPCID, Gateway{Kind: KindIGW, ID: g.ID, Label: "IGW", Detail: "internet gateway " + g.ID + " (" + a.State + ")"})
		}
	}
	for _, g := range s.EgressOnlyInternetGateways {
		for _, a := range g.Attachments {
			add(a.VPCID, Gateway{Kind: KindEIGW, ID: g.ID, Label: "egress-only IGW", Detail: "egress-only internet gateway " + g.ID})
		}
	}
	for _, n := range s.NATGateways {
		add(n.VPCID, Gateway{
			Kind: KindNAT, ID: n.ID, Label: "NAT " + n.ConnectivityType,
			Detail: "NAT gateway " + n.ID + " (" + n.ConnectivityType + ", " + n.State + ") in " + n.SubnetID,
		})
	}
	for _, e := range s.VPCEndpoints {
		add(e.VPCID, Gateway{
			Kind: KindVPCE, ID: e.ID, Label: "endpoint " + serviceShort(e.ServiceName),
			Detail: e.Type + " endpoint " + e.ID + " for " + e.ServiceName,
		})
	}
	// Transit and virtual private gateways appear only as route targets:
	// vpclint does not follow traffic past them.
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			switch r.TargetType {
			case snapshot.TargetTransitGateway:
				add(rt.VPCID, Gateway{
					Kind: KindTGW, ID: r.TargetID, Label: "transit gw", NotFollowed: true,
					Detail: "transit gateway " + r.TargetID + ": routes go there, not followed by vpclint",
				})
			case snapshot.TargetVirtualPrivateGateway:
				add(rt.VPCID, Gateway{
					Kind: KindVGW, ID: r.TargetID, Label: "VPN gw", NotFollowed: true,
					Detail: "virtual private gateway " + r.TargetID + ": routes go there, not followed by vpclint",
				})
			default:
			}
		}
	}
	for _, v := range vpcs {
		slices.SortFunc(v.Gateways, func(a, b Gateway) int {
			return cmp.Or(cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind)), cmp.Compare(a.ID, b.ID))
		})
	}
}

// serviceShort is the last part of an endpoint service name
// (com.amazonaws.us-east-1.s3 → s3).
func serviceShort(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func addPeerings(m *Map, s *snapshot.Snapshot, vpcs map[string]*VPC) {
	routed := map[string]bool{} // vpc id + "|" + pcx id
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			if r.TargetType == snapshot.TargetPeeringConnection {
				routed[rt.VPCID+"|"+r.TargetID] = true
			}
		}
	}
	for _, p := range s.PeeringConnections {
		pe := Peering{
			ID: p.ID, Status: p.Status, Requester: p.Requester.VPCID, Accepter: p.Accepter.VPCID,
			RequesterRoutes: routed[p.Requester.VPCID+"|"+p.ID], AccepterRoutes: routed[p.Accepter.VPCID+"|"+p.ID],
		}
		m.Peerings = append(m.Peerings, pe)
		vpcKey := ""
		if v := vpcs[pe.Requester]; v != nil {
			vpcKey = v.Key()
		} else if v := vpcs[pe.Accepter]; v != nil {
			vpcKey = v.Key()
		}
		m.element(p.ID, pe.Key(), vpcKey)
	}
	slices.SortFunc(m.Peerings, func(a, b Peering) int { return cmp.Compare(a.ID, b.ID) })
}

// addOwners places the resources that are not elements of their own:
// instances and interfaces on their subnet, security groups (and their
// rules) and flow logs on their VPC, NACLs and route tables on the subnets
// that use them, or on their VPC when all of its subnets or none do.
func addOwners(m *Map, s *snapshot.Snapshot, vpcs map[string]*VPC) {
	subnetVPC := map[string]string{}
	for _, sn := range s.Subnets {
		if v := vpcs[sn.VPCID]; v != nil {
			subnetVPC[sn.ID] = v.Key()
		}
	}
	onSubnet := func(id, subnetID string) {
		if subnetVPC[subnetID] != "" {
			m.own(id, "subnet/"+subnetID)
		}
	}
	for _, in := range s.Instances {
		onSubnet(in.ID, in.SubnetID)
	}
	for _, e := range s.NetworkInterfaces {
		onSubnet(e.ID, e.SubnetID)
	}
	onVPC := func(id, vpcID string) {
		if v := vpcs[vpcID]; v != nil {
			m.own(id, v.Key())
		}
	}
	for _, g := range s.SecurityGroups {
		onVPC(g.ID, g.VPCID)
		for _, r := range slices.Concat(g.Ingress, g.Egress) {
			if r.RuleID != "" {
				onVPC(r.RuleID, g.VPCID)
			}
		}
	}
	for _, f := range s.FlowLogs {
		for _, k := range m.keys(f.ResourceID) {
			m.own(f.ID, k)
		}
	}
	users := map[string][]string{} // NACL or route table id -> subnet ids
	perVPC := map[string]int{}
	for _, sn := range s.Subnets {
		users[sn.NetworkACLID] = append(users[sn.NetworkACLID], sn.ID)
		users[sn.RouteTableID] = append(users[sn.RouteTableID], sn.ID)
		perVPC[sn.VPCID]++
	}
	spread := func(id, vpcID string) {
		used := users[id]
		if len(used) == 0 || len(used) == perVPC[vpcID] {
			onVPC(id, vpcID)
			return
		}
		for _, sn := range used {
			onSubnet(id, sn)
		}
	}
	for _, a := range s.NetworkACLs {
		spread(a.ID, a.VPCID)
	}
	for _, rt := range s.RouteTables {
		spread(rt.ID, rt.VPCID)
	}
}

// group sorts VPCs into account/region groups, both sorted, VPCs by id
// with external peers last.
func group(s *snapshot.Snapshot, order []*VPC) []Group {
	where := map[string][2]string{}
	for _, v := range s.VPCs {
		where[v.ID] = [2]string{v.Account, v.Region}
	}
	for _, p := range s.PeeringConnections {
		for _, side := range []snapshot.PeeringSide{p.Requester, p.Accepter} {
			if _, ok := where[side.VPCID]; !ok {
				where[side.VPCID] = [2]string{side.AccountID, side.Region}
			}
		}
	}
	byKey := map[[2]string]*Group{}
	for _, v := range order {
		k := where[v.ID]
		g := byKey[k]
		if g == nil {
			g = &Group{Account: k[0], Region: k[1]}
			byKey[k] = g
		}
		g.VPCs = append(g.VPCs, *v)
	}
	out := make([]Group, 0, len(byKey))
	for _, g := range byKey {
		slices.SortFunc(g.VPCs, func(a, b VPC) int {
			if a.External != b.External {
				if b.External {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.ID, b.ID)
		})
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region))
	})
	return out
}
