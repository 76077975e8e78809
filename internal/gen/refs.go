package gen

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// CheckReferences reports every dangling or inconsistent reference in a
// normalised snapshot: ids that name nothing, subnets outside their VPC's
// CIDRs, ENI addresses outside their subnet, groups used outside their
// VPC, route targets that do not belong to the table's VPC, and so on.
// It is what the generator's tests and the examples' load test rely on;
// it is not a linter rule (a real account can have dangling references,
// and rules report those).
func CheckReferences(s *snapshot.Snapshot) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	vpcs := map[string]*snapshot.VPC{}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		if vpcs[v.ID] != nil {
			bad("duplicate vpc %s", v.ID)
		}
		vpcs[v.ID] = v
	}
	subnets := map[string]*snapshot.Subnet{}
	for i := range s.Subnets {
		n := &s.Subnets[i]
		if subnets[n.ID] != nil {
			bad("duplicate subnet %s", n.ID)
		}
		subnets[n.ID] = n
		v := vpcs[n.VPCID]
		if v == nil {
			bad("subnet %s: vpc %s does not exist", n.ID, n.VPCID)
			continue
		}
		if n.CIDRBlock != "" && !insideAny(n.CIDRBlock, v.CIDRBlocks) {
			bad("subnet %s: %s is not inside vpc %s %v", n.ID, n.CIDRBlock, v.ID, v.CIDRBlocks)
		}
		for _, c := range n.IPv6CIDRBlocks {
			if !insideAny(c, v.IPv6CIDRBlocks) {
				bad("subnet %s: %s is not inside vpc %s %v", n.ID, c, v.ID, v.IPv6CIDRBlocks)
			}
		}
	}
	sgs := map[string]*snapshot.SecurityGroup{}
	for i := range s.SecurityGroups {
		g := &s.SecurityGroups[i]
		if sgs[g.ID] != nil {
			bad("duplicate security group %s", g.ID)
		}
		sgs[g.ID] = g
	}
	pcx := map[string]*snapshot.PeeringConnection{}
	for i := range s.PeeringConnections {
		p := &s.PeeringConnections[i]
		pcx[p.ID] = p
		for _, side := range []snapshot.PeeringSide{p.Requester, p.Accepter} {
			v := vpcs[side.VPCID]
			if v == nil {
				if side.AccountID == "" || knownAccount(s, side.AccountID) {
					bad("peering %s: vpc %s does not exist", p.ID, side.VPCID)
				}
				continue
			}
			for _, c := range side.CIDRBlocks {
				if !insideAny(c, v.CIDRBlocks) {
					bad("peering %s: %s is not a CIDR of %s", p.ID, c, v.ID)
				}
			}
		}
		if p.Requester.VPCID == p.Accepter.VPCID {
			bad("peering %s peers %s with itself", p.ID, p.Requester.VPCID)
		}
	}
	for _, g := range s.SecurityGroups {
		if vpcs[g.VPCID] == nil {
			bad("security group %s: vpc %s does not exist", g.ID, g.VPCID)
		}
		for _, r := range append(append([]snapshot.SGRule{}, g.Ingress...), g.Egress...) {
			ref := r.ReferencedGroup
			if ref == nil {
				continue
			}
			target := sgs[ref.GroupID]
			switch {
			case target == nil && (ref.AccountID == "" || knownAccount(s, ref.AccountID)):
				bad("security group %s rule %s: referenced group %s does not exist", g.ID, r.RuleID, ref.GroupID)
			case target == nil:
			case target.VPCID != g.VPCID:
				p := pcx[ref.PeeringConnectionID]
				if p == nil || !peers(p, g.VPCID, target.VPCID) {
					bad("security group %s rule %s: group %s is in %s, not %s, and no peering %q joins them", g.ID, r.RuleID, target.ID, target.VPCID, g.VPCID, ref.PeeringConnectionID)
				}
			}
		}
	}
	for _, a := range s.NetworkACLs {
		if vpcs[a.VPCID] == nil {
			bad("network acl %s: vpc %s does not exist", a.ID, a.VPCID)
		}
		for _, sn := range a.SubnetIDs {
			if n := subnets[sn]; n == nil || n.VPCID != a.VPCID {
				bad("network acl %s: subnet %s is not a subnet of %s", a.ID, sn, a.VPCID)
			}
		}
	}
	igws := map[string]string{} // igw -> attached vpc
	for _, g := range s.InternetGateways {
		for _, at := range g.Attachments {
			if vpcs[at.VPCID] == nil {
				bad("internet gateway %s: vpc %s does not exist", g.ID, at.VPCID)
			}
			igws[g.ID] = at.VPCID
		}
	}
	nats := map[string]string{}
	for _, n := range s.NATGateways {
		nats[n.ID] = n.VPCID
		if sn := subnets[n.SubnetID]; sn == nil || sn.VPCID != n.VPCID {
			bad("nat gateway %s: subnet %s is not a subnet of %s", n.ID, n.SubnetID, n.VPCID)
		}
	}
	endpoints := map[string]*snapshot.VPCEndpoint{}
	for i := range s.VPCEndpoints {
		endpoints[s.VPCEndpoints[i].ID] = &s.VPCEndpoints[i]
	}
	pls := map[string]bool{}
	for _, pl := range s.PrefixLists {
		pls[pl.ID] = true
	}
	rts := map[string]*snapshot.RouteTable{}
	for i := range s.RouteTables {
		rt := &s.RouteTables[i]
		rts[rt.ID] = rt
		if vpcs[rt.VPCID] == nil {
			bad("route table %s: vpc %s does not exist", rt.ID, rt.VPCID)
		}
		for _, sn := range rt.SubnetIDs {
			if n := subnets[sn]; n == nil || n.VPCID != rt.VPCID {
				bad("route table %s: subnet %s is not a subnet of %s", rt.ID, sn, rt.VPCID)
			}
		}
		for _, r := range rt.Routes {
			if r.DestinationPrefixListID != "" && !pls[r.DestinationPrefixListID] {
				bad("route table %s: prefix list %s does not exist", rt.ID, r.DestinationPrefixListID)
			}
			switch r.TargetType {
			case snapshot.TargetInternetGateway:
				if igws[r.TargetID] != rt.VPCID {
					bad("route table %s: %s is not attached to %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetNATGateway:
				if nats[r.TargetID] != rt.VPCID {
					bad("route table %s: nat gateway %s is not in %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetPeeringConnection:
				p := pcx[r.TargetID]
				if p == nil || (p.Requester.VPCID != rt.VPCID && p.Accepter.VPCID != rt.VPCID) {
					bad("route table %s: peering %s does not involve %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetGatewayEndpoint:
				if e := endpoints[r.TargetID]; e == nil || e.VPCID != rt.VPCID {
					bad("route table %s: gateway endpoint %s is not in %s", rt.ID, r.TargetID, rt.VPCID)
				}
			}
		}
	}
	for _, e := range s.VPCEndpoints {
		if vpcs[e.VPCID] == nil {
			bad("endpoint %s: vpc %s does not exist", e.ID, e.VPCID)
		}
		for _, id := range e.RouteTableIDs {
			if rt := rts[id]; rt == nil || rt.VPCID != e.VPCID {
				bad("endpoint %s: route table %s is not in %s", e.ID, id, e.VPCID)
			}
		}
		for _, id := range e.SubnetIDs {
			if n := subnets[id]; n == nil || n.VPCID != e.VPCID {
				bad("endpoint %s: subnet %s is not in %s", e.ID, id, e.VPCID)
			}
		}
		for _, id := range e.SecurityGroupIDs {
			if g := sgs[id]; g == nil || g.VPCID != e.VPCID {
				bad("endpoint %s: security group %s is not in %s", e.ID, id, e.VPCID)
			}
		}
	}
	instances := map[string]*snapshot.Instance{}
	for i := range s.Instances {
		instances[s.Instances[i].ID] = &s.Instances[i]
	}
	enis := map[string]*snapshot.NetworkInterface{}
	ips := map[string]string{}
	for i := range s.NetworkInterfaces {
		n := &s.NetworkInterfaces[i]
		if enis[n.ID] != nil {
			bad("duplicate network interface %s", n.ID)
		}
		enis[n.ID] = n
		sn := subnets[n.SubnetID]
		if sn == nil || sn.VPCID != n.VPCID {
			bad("eni %s: subnet %s is not in %s", n.ID, n.SubnetID, n.VPCID)
			continue
		}
		for _, ip := range n.PrivateIPs {
			if !contains(sn.CIDRBlock, ip) {
				bad("eni %s: %s is not inside subnet %s %s", n.ID, ip, sn.ID, sn.CIDRBlock)
			}
			key := n.VPCID + "/" + ip
			if prev, dup := ips[key]; dup {
				bad("eni %s: %s is already used by %s", n.ID, ip, prev)
			}
			ips[key] = n.ID
		}
		for _, id := range n.SecurityGroupIDs {
			if g := sgs[id]; g == nil || g.VPCID != n.VPCID {
				bad("eni %s: security group %s is not in %s", n.ID, id, n.VPCID)
			}
		}
		if at := n.Attachment; at != nil && at.InstanceID != "" {
			in := instances[at.InstanceID]
			if in == nil || !strings.Contains(strings.Join(in.NetworkInterfaceIDs, ","), n.ID) {
				bad("eni %s: attached to %s, which does not list it", n.ID, at.InstanceID)
			}
		}
	}
	profiles := map[string]*snapshot.InstanceProfile{}
	for i := range s.InstanceProfiles {
		profiles[s.InstanceProfiles[i].ID] = &s.InstanceProfiles[i]
	}
	roles := map[string]*snapshot.Role{}
	roleARNs := map[string]bool{}
	for i := range s.Roles {
		roles[s.Roles[i].ID] = &s.Roles[i]
		roleARNs[s.Roles[i].ARN] = true
	}
	for _, in := range s.Instances {
		sn := subnets[in.SubnetID]
		if sn == nil || sn.VPCID != in.VPCID {
			bad("instance %s: subnet %s is not in %s", in.ID, in.SubnetID, in.VPCID)
		}
		for _, id := range in.NetworkInterfaceIDs {
			n := enis[id]
			if n == nil || n.Attachment == nil || n.Attachment.InstanceID != in.ID {
				bad("instance %s: eni %s is not attached to it", in.ID, id)
			}
		}
		for _, id := range in.SecurityGroupIDs {
			if g := sgs[id]; g == nil || g.VPCID != in.VPCID {
				bad("instance %s: security group %s is not in %s", in.ID, id, in.VPCID)
			}
		}
		if in.InstanceProfileID != "" && profiles[in.InstanceProfileID] == nil {
			bad("instance %s: instance profile %s does not exist", in.ID, in.InstanceProfileID)
		}
	}
	for _, p := range s.InstanceProfiles {
		for _, r := range p.RoleIDs {
			if roles[r] == nil {
				bad("instance profile %s: role %s does not exist", p.ID, r)
			}
		}
	}
	providers := map[string]bool{}
	for _, p := range s.IdentityProviders {
		providers[p.ID] = true
	}
	policies := map[string]bool{}
	for _, p := range s.Policies {
		policies[p.ID] = true
	}
	for _, r := range s.Roles {
		for _, id := range r.InstanceProfileIDs {
			if profiles[id] == nil {
				bad("role %s: instance profile %s does not exist", r.ID, id)
			}
		}
		for _, a := range r.AttachedPolicyARNs {
			if !strings.HasPrefix(a, "arn:aws:iam::aws:policy/") && !policies[a] {
				bad("role %s: managed policy %s does not exist", r.ID, a)
			}
		}
		if !r.TrustPolicy.Valid() {
			bad("role %s: trust policy has problems: %v", r.ID, r.TrustPolicy.Problems)
		}
		for _, st := range r.TrustPolicy.Statements {
			for _, f := range st.Principal["Federated"] {
				if strings.HasPrefix(f, "arn:") && !providers[f] {
					bad("role %s: identity provider %s does not exist", r.ID, f)
				}
			}
		}
		for _, ip := range r.InlinePolicies {
			if !ip.Document.Valid() {
				bad("role %s: inline policy %s has problems: %v", r.ID, ip.Name, ip.Document.Problems)
			}
		}
	}
	for _, b := range s.Buckets {
		if b.Policy == nil {
			continue
		}
		if !b.Policy.Valid() {
			bad("bucket %s: policy has problems: %v", b.ID, b.Policy.Problems)
		}
		for _, st := range b.Policy.Statements {
			for _, c := range st.Conditions {
				if c.Key == "aws:sourcevpce" {
					for _, v := range c.Values {
						if endpoints[v] == nil {
							bad("bucket %s: endpoint %s does not exist", b.ID, v)
						}
					}
				}
			}
		}
	}
	for _, f := range s.FlowLogs {
		switch f.ResourceType {
		case "VPC":
			if vpcs[f.ResourceID] == nil {
				bad("flow log %s: vpc %s does not exist", f.ID, f.ResourceID)
			}
		case "Subnet":
			if subnets[f.ResourceID] == nil {
				bad("flow log %s: subnet %s does not exist", f.ID, f.ResourceID)
			}
		case "NetworkInterface":
			if enis[f.ResourceID] == nil {
				bad("flow log %s: eni %s does not exist", f.ID, f.ResourceID)
			}
		}
		if f.DeliverLogsRoleARN != "" && !roleARNs[f.DeliverLogsRoleARN] {
			bad("flow log %s: delivery role %s does not exist", f.ID, f.DeliverLogsRoleARN)
		}
	}
	return errs
}

func knownAccount(s *snapshot.Snapshot, id string) bool {
	for _, a := range s.Accounts {
		if a.ID == id {
			return true
		}
	}
	return len(s.Accounts) == 0
}

func peers(p *snapshot.PeeringConnection, a, b string) bool {
	return (p.Requester.VPCID == a && p.Accepter.VPCID == b) || (p.Requester.VPCID == b && p.Accepter.VPCID == a)
}

func insideAny(cidr string, outer []string) bool {
	in, err := netip.ParsePrefix(cidr)
	if err != nil {
		return false
	}
	for _, o := range outer {
		op, err := netip.ParsePrefix(o)
		if err == nil && op.Bits() <= in.Bits() && op.Contains(in.Addr()) {
			return true
		}
	}
	return false
}

func contains(cidr, ip string) bool {
	p, err1 := netip.ParsePrefix(cidr)
	a, err2 := netip.ParseAddr(ip)
	return err1 == nil && err2 == nil && p.Contains(a)
}
