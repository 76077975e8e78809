package reach

import (
	"net/netip"
	"slices"
	"sync"

	"github.com/vpclint/vpclint/snapshot"
)

// ENI is a network interface as reach sees it: addresses, subnet and the
// security groups whose rules apply to it. Instances listed without their
// ENIs get one synthesised from the instance.
type ENI struct {
	ID         string
	InstanceID string
	SubnetID   string
	VPCID      string
	Private    []netip.Addr
	Public     []netip.Addr
	IPv6       []netip.Addr
	Groups     []string
	// InterfaceType is EC2's (interface, lambda, network_load_balancer, ...).
	InterfaceType string
	// PublicUnknown: the public address is known only after apply
	// (Terraform, CloudFormation). Unknown is never safe: exposure treats it
	// as possibly public and says so.
	PublicUnknown bool
}

// Model indexes a normalised snapshot for path evaluation. Build it once
// with NewModel and share it: it is read-only afterwards.
type Model struct {
	S         *snapshot.Snapshot
	VPCs      map[string]*snapshot.VPC
	Subnets   map[string]*snapshot.Subnet
	Groups    map[string]*snapshot.SecurityGroup
	ACLs      map[string]*snapshot.NetworkACL
	Tables    map[string]*snapshot.RouteTable
	IGWs      map[string]*snapshot.InternetGateway
	EIGWs     map[string]*snapshot.EgressOnlyInternetGateway
	NATs      map[string]*snapshot.NATGateway
	Peerings  map[string]*snapshot.PeeringConnection
	Endpoints map[string]*snapshot.VPCEndpoint
	Lists     map[string]*snapshot.PrefixList
	ENIs      map[string]*ENI
	// Instances maps an instance to its ENIs (primary first).
	Instances map[string][]*ENI
	// Members maps a security group to the ENIs that use it.
	Members map[string][]*ENI
	byAddr  map[netip.Addr]*ENI
	// order lists the ENI ids sorted, for deterministic walks.
	order []string

	tagsOnce sync.Once
	tags     map[string]map[string]string

	matrixMu sync.Mutex
	matrices map[string]*Matrix
}

// CachedMatrix is Matrix computed once per model and family, for callers
// that share a model (intents, change impact, the rules' facts).
func (m *Model) CachedMatrix(family string) *Matrix {
	m.matrixMu.Lock()
	defer m.matrixMu.Unlock()
	if x := m.matrices[family]; x != nil {
		return x
	}
	if m.matrices == nil {
		m.matrices = map[string]*Matrix{}
	}
	x := m.Matrix(family)
	m.matrices[family] = x
	return x
}

func index[T any](xs []T, id func(*T) string) map[string]*T {
	m := make(map[string]*T, len(xs))
	for i := range xs {
		m[id(&xs[i])] = &xs[i]
	}
	return m
}

// NewModel indexes s, which must be normalised.
func NewModel(s *snapshot.Snapshot) *Model {
	m := &Model{
		S:         s,
		VPCs:      index(s.VPCs, func(x *snapshot.VPC) string { return x.ID }),
		Subnets:   index(s.Subnets, func(x *snapshot.Subnet) string { return x.ID }),
		Groups:    index(s.SecurityGroups, func(x *snapshot.SecurityGroup) string { return x.ID }),
		ACLs:      index(s.NetworkACLs, func(x *snapshot.NetworkACL) string { return x.ID }),
		Tables:    index(s.RouteTables, func(x *snapshot.RouteTable) string { return x.ID }),
		IGWs:      index(s.InternetGateways, func(x *snapshot.InternetGateway) string { return x.ID }),
		EIGWs:     index(s.EgressOnlyInternetGateways, func(x *snapshot.EgressOnlyInternetGateway) string { return x.ID }),
		NATs:      index(s.NATGateways, func(x *snapshot.NATGateway) string { return x.ID }),
		Peerings:  index(s.PeeringConnections, func(x *snapshot.PeeringConnection) string { return x.ID }),
		Endpoints: index(s.VPCEndpoints, func(x *snapshot.VPCEndpoint) string { return x.ID }),
		Lists:     index(s.PrefixLists, func(x *snapshot.PrefixList) string { return x.ID }),
		ENIs:      map[string]*ENI{},
		Instances: map[string][]*ENI{},
		Members:   map[string][]*ENI{},
		byAddr:    map[netip.Addr]*ENI{},
	}
	instances := index(s.Instances, func(x *snapshot.Instance) string { return x.ID })
	for i := range s.NetworkInterfaces {
		n := &s.NetworkInterfaces[i]
		e := &ENI{
			ID: n.ID, SubnetID: n.SubnetID, VPCID: n.VPCID, Groups: slices.Clone(n.SecurityGroupIDs),
			Private: addrs(n.PrivateIPs), Public: addrs(n.PublicIPs), IPv6: addrs(n.IPv6Addresses),
			PublicUnknown: slices.Contains(n.Unknown, "public_ips"),
			InterfaceType: n.InterfaceType,
		}
		if n.Attachment != nil {
			e.InstanceID = n.Attachment.InstanceID
			if in := instances[e.InstanceID]; in != nil {
				if len(e.Groups) == 0 {
					e.Groups = slices.Clone(in.SecurityGroupIDs)
				}
				e.PublicUnknown = e.PublicUnknown || (len(e.Public) == 0 && slices.Contains(in.Unknown, "public_ip"))
			}
		}
		m.add(e)
	}
	for i := range s.Instances {
		in := &s.Instances[i]
		if in.State == "terminated" || len(m.Instances[in.ID]) > 0 || in.SubnetID == "" || in.PrivateIP == "" {
			continue
		}
		e := &ENI{
			ID: in.ID + "/eni", InstanceID: in.ID, SubnetID: in.SubnetID, VPCID: in.VPCID,
			Groups: slices.Clone(in.SecurityGroupIDs), Private: addrs([]string{in.PrivateIP}), Public: addrs([]string{in.PublicIP}),
			PublicUnknown: slices.Contains(in.Unknown, "public_ip"),
		}
		m.add(e)
	}
	m.order = make([]string, 0, len(m.ENIs))
	for id := range m.ENIs {
		m.order = append(m.order, id)
	}
	slices.Sort(m.order)
	return m
}

func (m *Model) add(e *ENI) {
	if e.VPCID == "" {
		if sn := m.Subnets[e.SubnetID]; sn != nil {
			e.VPCID = sn.VPCID
		}
	}
	m.ENIs[e.ID] = e
	if e.InstanceID != "" {
		m.Instances[e.InstanceID] = append(m.Instances[e.InstanceID], e)
	}
	for _, g := range e.Groups {
		m.Members[g] = append(m.Members[g], e)
	}
	for _, a := range slices.Concat(e.Private, e.IPv6) {
		m.byAddr[a] = e
	}
}

func addrs(ss []string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// ENIByAddr finds the interface owning a private IPv4 or IPv6 address.
func (m *Model) ENIByAddr(a netip.Addr) *ENI { return m.byAddr[a] }

// vpcPrefixes returns a VPC's IPv4 and IPv6 CIDRs.
func (m *Model) vpcPrefixes(vpcID string) []netip.Prefix {
	v := m.VPCs[vpcID]
	if v == nil {
		return nil
	}
	return prefixes(slices.Concat(v.CIDRBlocks, v.IPv6CIDRBlocks))
}

func prefixes(ss []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func anyContains(ps []netip.Prefix, a netip.Addr) bool {
	return slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(a) })
}

// attachedIGW returns the internet gateway attached to a VPC, if any.
func (m *Model) attachedIGW(vpcID string) *snapshot.InternetGateway {
	for _, g := range m.S.InternetGateways {
		for _, a := range g.Attachments {
			if a.VPCID == vpcID && (a.State == "attached" || a.State == "available" || a.State == "") {
				return m.IGWs[g.ID]
			}
		}
	}
	return nil
}

// activePeering returns the active peering between two VPCs, if any.
func (m *Model) activePeering(a, b string) *snapshot.PeeringConnection {
	for i := range m.S.PeeringConnections {
		p := &m.S.PeeringConnections[i]
		if p.Status != "active" {
			continue
		}
		if (p.Requester.VPCID == a && p.Accepter.VPCID == b) || (p.Requester.VPCID == b && p.Accepter.VPCID == a) {
			return p
		}
	}
	return nil
}

// sideRegion is a peering side's Region, or its VPC's when the side does
// not say.
func (m *Model) sideRegion(side snapshot.PeeringSide) string {
	if side.Region != "" {
		return side.Region
	}
	if v := m.VPCs[side.VPCID]; v != nil {
		return v.Region
	}
	return ""
}

// sameRegion reports whether a peering joins VPCs of one Region; when
// neither side's Region is known it is taken as intra-Region, the common
// case for hand-written snapshots.
func (m *Model) sameRegion(pc *snapshot.PeeringConnection) bool {
	a, b := m.sideRegion(pc.Requester), m.sideRegion(pc.Accepter)
	return a == "" || b == "" || a == b
}
