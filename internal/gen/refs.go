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
	rc := &refChecker{s: s}
	// In this order: each step indexes what the later ones look up.
	for _, step := range []func(){
		rc.vpcsAndSubnets, rc.groupsAndPeerings, rc.networkACLs, rc.gateways, rc.routeTables,
		rc.vpcEndpoints, rc.networkInterfaces, rc.ec2Instances, rc.iam, rc.buckets, rc.flowLogs,
	} {
		step()
	}
	return rc.errs
}

// refChecker holds the indexes by id CheckReferences looks references up in.
type refChecker struct {
	s         *snapshot.Snapshot
	errs      []error
	vpcs      map[string]*snapshot.VPC
	subnets   map[string]*snapshot.Subnet
	sgs       map[string]*snapshot.SecurityGroup
	pcx       map[string]*snapshot.PeeringConnection
	igws      map[string]string // igw -> attached vpc
	nats      map[string]string // nat gateway -> vpc
	endpoints map[string]*snapshot.VPCEndpoint
	pls       map[string]bool
	rts       map[string]*snapshot.RouteTable
	instances map[string]*snapshot.Instance
	enis      map[string]*snapshot.NetworkInterface
	profiles  map[string]*snapshot.InstanceProfile
	roles     map[string]*snapshot.Role
	roleARNs  map[string]bool
}

func (rc *refChecker) bad(format string, args ...any) {
	rc.errs = append(rc.errs, fmt.Errorf(format, args...))
}

func (rc *refChecker) vpcsAndSubnets() {
	rc.vpcs = byID(rc, "vpc", rc.s.VPCs, func(v *snapshot.VPC) string { return v.ID })
	rc.subnets = byID(rc, "subnet", rc.s.Subnets, func(n *snapshot.Subnet) string { return n.ID })
	for i := range rc.s.Subnets {
		n := &rc.s.Subnets[i]
		v := rc.vpcs[n.VPCID]
		if v == nil {
			rc.bad("subnet %s: vpc %s does not exist", n.ID, n.VPCID)
			continue
		}
		if n.CIDRBlock != "" && !insideAny(n.CIDRBlock, v.CIDRBlocks) {
			rc.bad("subnet %s: %s is not inside vpc %s %v", n.ID, n.CIDRBlock, v.ID, v.CIDRBlocks)
		}
		for _, c := range n.IPv6CIDRBlocks {
			if !insideAny(c, v.IPv6CIDRBlocks) {
				rc.bad("subnet %s: %s is not inside vpc %s %v", n.ID, c, v.ID, v.IPv6CIDRBlocks)
			}
		}
	}
}

func (rc *refChecker) groupsAndPeerings() {
	rc.sgs = byID(rc, "security group", rc.s.SecurityGroups, func(g *snapshot.SecurityGroup) string { return g.ID })
	rc.pcx = map[string]*snapshot.PeeringConnection{}
	for i := range rc.s.PeeringConnections {
		p := &rc.s.PeeringConnections[i]
		rc.pcx[p.ID] = p
		for _, side := range []snapshot.PeeringSide{p.Requester, p.Accepter} {
			v := rc.vpcs[side.VPCID]
			if v == nil {
				if side.AccountID == "" || knownAccount(rc.s, side.AccountID) {
					rc.bad("peering %s: vpc %s does not exist", p.ID, side.VPCID)
				}
				continue
			}
			for _, c := range side.CIDRBlocks {
				if !insideAny(c, v.CIDRBlocks) {
					rc.bad("peering %s: %s is not a CIDR of %s", p.ID, c, v.ID)
				}
			}
		}
		if p.Requester.VPCID == p.Accepter.VPCID {
			rc.bad("peering %s peers %s with itself", p.ID, p.Requester.VPCID)
		}
	}
	for _, g := range rc.s.SecurityGroups {
		if rc.vpcs[g.VPCID] == nil {
			rc.bad("security group %s: vpc %s does not exist", g.ID, g.VPCID)
		}
		for _, r := range append(append([]snapshot.SGRule{}, g.Ingress...), g.Egress...) {
			ref := r.ReferencedGroup
			if ref == nil {
				continue
			}
			target := rc.sgs[ref.GroupID]
			switch {
			case target == nil && (ref.AccountID == "" || knownAccount(rc.s, ref.AccountID)):
				rc.bad("security group %s rule %s: referenced group %s does not exist", g.ID, r.RuleID, ref.GroupID)
			case target == nil:
			case target.VPCID != g.VPCID:
				p := rc.pcx[ref.PeeringConnectionID]
				if p == nil || !peers(p, g.VPCID, target.VPCID) {
					rc.bad("security group %s rule %s: group %s is in %s, not %s, and no peering %q joins them", g.ID, r.RuleID, target.ID, target.VPCID, g.VPCID, ref.PeeringConnectionID)
				}
			}
		}
	}
}

func (rc *refChecker) networkACLs() {
	for _, a := range rc.s.NetworkACLs {
		if rc.vpcs[a.VPCID] == nil {
			rc.bad("network acl %s: vpc %s does not exist", a.ID, a.VPCID)
		}
		for _, sn := range a.SubnetIDs {
			if n := rc.subnets[sn]; n == nil || n.VPCID != a.VPCID {
				rc.bad("network acl %s: subnet %s is not a subnet of %s", a.ID, sn, a.VPCID)
			}
		}
	}
}

func (rc *refChecker) gateways() {
	rc.igws = map[string]string{}
	for _, g := range rc.s.InternetGateways {
		for _, at := range g.Attachments {
			if rc.vpcs[at.VPCID] == nil {
				rc.bad("internet gateway %s: vpc %s does not exist", g.ID, at.VPCID)
			}
			rc.igws[g.ID] = at.VPCID
		}
	}
	rc.nats = map[string]string{}
	for _, n := range rc.s.NATGateways {
		rc.nats[n.ID] = n.VPCID
		if sn := rc.subnets[n.SubnetID]; sn == nil || sn.VPCID != n.VPCID {
			rc.bad("nat gateway %s: subnet %s is not a subnet of %s", n.ID, n.SubnetID, n.VPCID)
		}
	}
}

func (rc *refChecker) routeTables() {
	rc.endpoints = byID(rc, "", rc.s.VPCEndpoints, func(e *snapshot.VPCEndpoint) string { return e.ID })
	rc.pls = map[string]bool{}
	for _, pl := range rc.s.PrefixLists {
		rc.pls[pl.ID] = true
	}
	rc.rts = map[string]*snapshot.RouteTable{}
	for i := range rc.s.RouteTables {
		rt := &rc.s.RouteTables[i]
		rc.rts[rt.ID] = rt
		if rc.vpcs[rt.VPCID] == nil {
			rc.bad("route table %s: vpc %s does not exist", rt.ID, rt.VPCID)
		}
		for _, sn := range rt.SubnetIDs {
			if n := rc.subnets[sn]; n == nil || n.VPCID != rt.VPCID {
				rc.bad("route table %s: subnet %s is not a subnet of %s", rt.ID, sn, rt.VPCID)
			}
		}
		for _, r := range rt.Routes {
			if r.DestinationPrefixListID != "" && !rc.pls[r.DestinationPrefixListID] {
				rc.bad("route table %s: prefix list %s does not exist", rt.ID, r.DestinationPrefixListID)
			}
			switch r.TargetType {
			case snapshot.TargetInternetGateway:
				if rc.igws[r.TargetID] != rt.VPCID {
					rc.bad("route table %s: %s is not attached to %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetNATGateway:
				if rc.nats[r.TargetID] != rt.VPCID {
					rc.bad("route table %s: nat gateway %s is not in %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetPeeringConnection:
				p := rc.pcx[r.TargetID]
				if p == nil || (p.Requester.VPCID != rt.VPCID && p.Accepter.VPCID != rt.VPCID) {
					rc.bad("route table %s: peering %s does not involve %s", rt.ID, r.TargetID, rt.VPCID)
				}
			case snapshot.TargetGatewayEndpoint:
				if e := rc.endpoints[r.TargetID]; e == nil || e.VPCID != rt.VPCID {
					rc.bad("route table %s: gateway endpoint %s is not in %s", rt.ID, r.TargetID, rt.VPCID)
				}
			default:
				// The generator routes to nothing else it would need to find.
			}
		}
	}
}

func (rc *refChecker) vpcEndpoints() {
	for _, e := range rc.s.VPCEndpoints {
		if rc.vpcs[e.VPCID] == nil {
			rc.bad("endpoint %s: vpc %s does not exist", e.ID, e.VPCID)
		}
		for _, id := range e.RouteTableIDs {
			if rt := rc.rts[id]; rt == nil || rt.VPCID != e.VPCID {
				rc.bad("endpoint %s: route table %s is not in %s", e.ID, id, e.VPCID)
			}
		}
		for _, id := range e.SubnetIDs {
			if n := rc.subnets[id]; n == nil || n.VPCID != e.VPCID {
				rc.bad("endpoint %s: subnet %s is not in %s", e.ID, id, e.VPCID)
			}
		}
		for _, id := range e.SecurityGroupIDs {
			if g := rc.sgs[id]; g == nil || g.VPCID != e.VPCID {
				rc.bad("endpoint %s: security group %s is not in %s", e.ID, id, e.VPCID)
			}
		}
	}
}

func (rc *refChecker) networkInterfaces() {
	rc.instances = byID(rc, "", rc.s.Instances, func(in *snapshot.Instance) string { return in.ID })
	rc.enis = byID(rc, "network interface", rc.s.NetworkInterfaces, func(n *snapshot.NetworkInterface) string { return n.ID })
	ips := map[string]string{}
	for i := range rc.s.NetworkInterfaces {
		n := &rc.s.NetworkInterfaces[i]
		sn := rc.subnets[n.SubnetID]
		if sn == nil || sn.VPCID != n.VPCID {
			rc.bad("eni %s: subnet %s is not in %s", n.ID, n.SubnetID, n.VPCID)
			continue
		}
		for _, ip := range n.PrivateIPs {
			if !contains(sn.CIDRBlock, ip) {
				rc.bad("eni %s: %s is not inside subnet %s %s", n.ID, ip, sn.ID, sn.CIDRBlock)
			}
			key := n.VPCID + "/" + ip
			if prev, dup := ips[key]; dup {
				rc.bad("eni %s: %s is already used by %s", n.ID, ip, prev)
			}
			ips[key] = n.ID
		}
		for _, id := range n.SecurityGroupIDs {
			if g := rc.sgs[id]; g == nil || g.VPCID != n.VPCID {
				rc.bad("eni %s: security group %s is not in %s", n.ID, id, n.VPCID)
			}
		}
		if at := n.Attachment; at != nil && at.InstanceID != "" {
			in := rc.instances[at.InstanceID]
			if in == nil || !strings.Contains(strings.Join(in.NetworkInterfaceIDs, ","), n.ID) {
				rc.bad("eni %s: attached to %s, which does not list it", n.ID, at.InstanceID)
			}
		}
	}
}

func (rc *refChecker) ec2Instances() {
	rc.profiles = byID(rc, "", rc.s.InstanceProfiles, func(p *snapshot.InstanceProfile) string { return p.ID })
	rc.roles = byID(rc, "", rc.s.Roles, func(r *snapshot.Role) string { return r.ID })
	rc.roleARNs = map[string]bool{}
	for _, r := range rc.s.Roles {
		rc.roleARNs[r.ARN] = true
	}
	for _, in := range rc.s.Instances {
		sn := rc.subnets[in.SubnetID]
		if sn == nil || sn.VPCID != in.VPCID {
			rc.bad("instance %s: subnet %s is not in %s", in.ID, in.SubnetID, in.VPCID)
		}
		for _, id := range in.NetworkInterfaceIDs {
			n := rc.enis[id]
			if n == nil || n.Attachment == nil || n.Attachment.InstanceID != in.ID {
				rc.bad("instance %s: eni %s is not attached to it", in.ID, id)
			}
		}
		for _, id := range in.SecurityGroupIDs {
			if g := rc.sgs[id]; g == nil || g.VPCID != in.VPCID {
				rc.bad("instance %s: security group %s is not in %s", in.ID, id, in.VPCID)
			}
		}
		if in.InstanceProfileID != "" && rc.profiles[in.InstanceProfileID] == nil {
			rc.bad("instance %s: instance profile %s does not exist", in.ID, in.InstanceProfileID)
		}
	}
	for _, p := range rc.s.InstanceProfiles {
		for _, r := range p.RoleIDs {
			if rc.roles[r] == nil {
				rc.bad("instance profile %s: role %s does not exist", p.ID, r)
			}
		}
	}
}

func (rc *refChecker) iam() {
	providers := map[string]bool{}
	for _, p := range rc.s.IdentityProviders {
		providers[p.ID] = true
	}
	policies := map[string]bool{}
	for _, p := range rc.s.Policies {
		policies[p.ID] = true
	}
	for _, r := range rc.s.Roles {
		for _, id := range r.InstanceProfileIDs {
			if rc.profiles[id] == nil {
				rc.bad("role %s: instance profile %s does not exist", r.ID, id)
			}
		}
		for _, a := range r.AttachedPolicyARNs {
			if !strings.HasPrefix(a, "arn:aws:iam::aws:policy/") && !policies[a] {
				rc.bad("role %s: managed policy %s does not exist", r.ID, a)
			}
		}
		if !r.TrustPolicy.Valid() {
			rc.bad("role %s: trust policy has problems: %v", r.ID, r.TrustPolicy.Problems)
		}
		for _, st := range r.TrustPolicy.Statements {
			for _, f := range st.Principal["Federated"] {
				if strings.HasPrefix(f, "arn:") && !providers[f] {
					rc.bad("role %s: identity provider %s does not exist", r.ID, f)
				}
			}
		}
		for _, ip := range r.InlinePolicies {
			if !ip.Document.Valid() {
				rc.bad("role %s: inline policy %s has problems: %v", r.ID, ip.Name, ip.Document.Problems)
			}
		}
	}
}

func (rc *refChecker) buckets() {
	for _, b := range rc.s.Buckets {
		if b.Policy == nil {
			continue
		}
		if !b.Policy.Valid() {
			rc.bad("bucket %s: policy has problems: %v", b.ID, b.Policy.Problems)
		}
		for _, st := range b.Policy.Statements {
			for _, c := range st.Conditions {
				if c.Key == "aws:sourcevpce" {
					for _, v := range c.Values {
						if rc.endpoints[v] == nil {
							rc.bad("bucket %s: endpoint %s does not exist", b.ID, v)
						}
					}
				}
			}
		}
	}
}

func (rc *refChecker) flowLogs() {
	for _, f := range rc.s.FlowLogs {
		switch f.ResourceType {
		case "VPC":
			if rc.vpcs[f.ResourceID] == nil {
				rc.bad("flow log %s: vpc %s does not exist", f.ID, f.ResourceID)
			}
		case "Subnet":
			if rc.subnets[f.ResourceID] == nil {
				rc.bad("flow log %s: subnet %s does not exist", f.ID, f.ResourceID)
			}
		case "NetworkInterface":
			if rc.enis[f.ResourceID] == nil {
				rc.bad("flow log %s: eni %s does not exist", f.ID, f.ResourceID)
			}
		}
		if f.DeliverLogsRoleARN != "" && !rc.roleARNs[f.DeliverLogsRoleARN] {
			rc.bad("flow log %s: delivery role %s does not exist", f.ID, f.DeliverLogsRoleARN)
		}
	}
}

// byID indexes items by id, reporting duplicates as what ("" when
// duplicates are not checked).
func byID[T any](rc *refChecker, what string, items []T, id func(*T) string) map[string]*T {
	m := make(map[string]*T, len(items))
	for i := range items {
		x := &items[i]
		if what != "" && m[id(x)] != nil {
			rc.bad("duplicate %s %s", what, id(x))
		}
		m[id(x)] = x
	}
	return m
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
