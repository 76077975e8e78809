package reach

import (
	"net/netip"

	"github.com/vpclint/vpclint/snapshot"
)

// Exposure is what an interface really admits from the internet, end to
// end: an attached IGW, a public address, a route back through the IGW,
// the NACL both ways (replies to Linux ephemeral ports), and the security
// groups (aws-semantics §6.1).
type Exposure struct {
	ENI      string `json:"eni"`
	Instance string `json:"instance,omitempty"`
	Family   string `json:"family"`   // ipv4 | ipv6
	Protocol string `json:"protocol"` // tcp | udp
	// Ports are the destination ports reachable, as ranges.
	Ports [][2]int `json:"ports"`
	// Uncertain: the public address is known only after apply; the path
	// exists if the resource gets one.
	Uncertain bool   `json:"uncertain,omitempty"`
	IGW       string `json:"igw"`
	Table     string `json:"route_table"`
	ACL       string `json:"network_acl"`
	Public    string `json:"public_address"`
}

// InternetExposure computes, for every interface with a public address,
// the TCP and UDP ports reachable from the internet.
func (m *Model) InternetExposure() []Exposure {
	var out []Exposure
	for _, id := range m.order {
		e := m.ENIs[id]
		igw := m.attachedIGW(e.VPCID)
		sn := m.Subnets[e.SubnetID]
		if igw == nil || sn == nil {
			continue
		}
		for _, fam := range []struct {
			name   string
			src    netip.Addr
			public []netip.Addr
		}{{"ipv4", RepresentativeInternet, e.Public}, {"ipv6", netip.MustParseAddr("2001:db8::10"), e.IPv6}} {
			uncertain := len(fam.public) == 0 && e.PublicUnknown && fam.name == "ipv4"
			if (len(fam.public) == 0 && !uncertain) || !m.hasIGWRouteTo(sn.RouteTableID, fam.src, igw.ID) {
				continue
			}
			public := "known after apply"
			if len(fam.public) > 0 {
				public = fam.public[0].String()
			}
			acl := m.ACLs[sn.NetworkACLID]
			if acl == nil {
				continue
			}
			for _, p := range portProtocols {
				t := Traffic{Protocol: p.name, Number: p.num, Ports: AllPorts(), Ephemeral: LinuxEphemeral}
				sg, _, _ := m.sgAllowed(e, false, fam.src, nil, t)
				in, _, _ := aclAllowed(acl, false, fam.src, p.num, sg)
				if in.Empty() {
					continue
				}
				if back, _, _ := aclAllowed(acl, true, fam.src, p.num, LinuxEphemeral); back.Empty() {
					continue // no reply ever gets out
				}
				out = append(out, Exposure{
					ENI: e.ID, Instance: e.InstanceID, Family: fam.name, Protocol: p.name, Ports: in.Ranges(),
					Uncertain: uncertain, IGW: igw.ID, Table: sn.RouteTableID, ACL: acl.ID, Public: public,
				})
			}
		}
	}
	return out
}

// hasIGWRouteTo reports whether a table routes addr to the given IGW.
func (m *Model) hasIGWRouteTo(tableID string, addr netip.Addr, igw string) bool {
	rt := m.Tables[tableID]
	if rt == nil {
		return false
	}
	r := m.routeFor(rt, addr)
	return r != nil && r.State != "blackhole" && r.TargetType == snapshot.TargetInternetGateway && r.TargetID == igw
}
