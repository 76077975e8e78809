package snapshot

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
)

// DefaultEndpointPolicy is the policy AWS attaches to an endpoint created
// without one (aws-semantics §5.3).
const DefaultEndpointPolicy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// Normalize brings a decoded snapshot into canonical form, once, so that
// rules and reach never re-derive AWS defaults. It is idempotent. Errors
// carry the JSON path of the offending value.
func (s *Snapshot) Normalize() error {
	if s.Schema != SchemaV1 {
		return pathError("schema", "unsupported snapshot schema %q (want %q)", s.Schema, SchemaV1)
	}
	steps := []func() error{
		s.canonicalCIDRs,
		s.defaultSecurityGroups,
		s.canonicalRules,
		s.defaultNetworkACLs,
		s.mainRouteTables,
		s.resolveAssociations,
		s.resolveInstances,
		s.defaultEndpointPolicies,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	s.sortAll()
	return nil
}

// canonicalPrefix parses a CIDR and returns its masked form
// (100.68.0.18/18 -> 100.68.0.0/18, aws-semantics §2.1). want is 4 or 6.
func canonicalPrefix(v string, want int, path string) (string, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(v))
	if err != nil {
		return "", pathError(path, "invalid CIDR %q (want an IPv%d prefix such as %s)", v, want, map[int]string{4: "10.0.0.0/16", 6: "2600:1f18::/56"}[want])
	}
	if (want == 4) != p.Addr().Is4() {
		return "", pathError(path, "CIDR %q is not IPv%d", v, want)
	}
	return p.Masked().String(), nil
}

func isUnknown(unknown []string, field string) bool { return slices.Contains(unknown, field) }

// cidrField canonicalises one optional CIDR field in place.
func cidrField(v *string, want int, unknown []string, field, path string) error {
	if *v == "" || isUnknown(unknown, field) {
		return nil
	}
	c, err := canonicalPrefix(*v, want, path+"."+field)
	if err != nil {
		return err
	}
	*v = c
	return nil
}

func cidrList(vs []string, want int, unknown []string, field, path string) error {
	if isUnknown(unknown, field) {
		return nil
	}
	for i := range vs {
		c, err := canonicalPrefix(vs[i], want, fmt.Sprintf("%s.%s[%d]", path, field, i))
		if err != nil {
			return err
		}
		vs[i] = c
	}
	return nil
}

func (s *Snapshot) canonicalCIDRs() error {
	for i := range s.VPCs {
		v := &s.VPCs[i]
		p := fmt.Sprintf("vpcs[%d]", i)
		if err := cidrList(v.CIDRBlocks, 4, v.Unknown, "cidr_blocks", p); err != nil {
			return err
		}
		if err := cidrList(v.IPv6CIDRBlocks, 6, v.Unknown, "ipv6_cidr_blocks", p); err != nil {
			return err
		}
	}
	for i := range s.Subnets {
		n := &s.Subnets[i]
		p := fmt.Sprintf("subnets[%d]", i)
		if err := cidrField(&n.CIDRBlock, 4, n.Unknown, "cidr_block", p); err != nil {
			return err
		}
		if err := cidrList(n.IPv6CIDRBlocks, 6, n.Unknown, "ipv6_cidr_blocks", p); err != nil {
			return err
		}
	}
	for i := range s.RouteTables {
		for j := range s.RouteTables[i].Routes {
			r := &s.RouteTables[i].Routes[j]
			p := fmt.Sprintf("route_tables[%d].routes[%d]", i, j)
			if err := cidrField(&r.DestinationCIDR, 4, r.Unknown, "destination_cidr", p); err != nil {
				return err
			}
			if err := cidrField(&r.DestinationIPv6CIDR, 6, r.Unknown, "destination_ipv6_cidr", p); err != nil {
				return err
			}
			if r.DestinationCIDR == "" && r.DestinationIPv6CIDR == "" && r.DestinationPrefixListID == "" && !isUnknown(r.Unknown, "destination_cidr") {
				return pathError(p, "route has no destination (want destination_cidr, destination_ipv6_cidr or destination_prefix_list_id)")
			}
			if r.State == "" {
				r.State = "active"
			}
			if r.TargetType == "" {
				return pathError(p+".target_type", "route has no target_type (want local, internet_gateway, nat_gateway, vpc_peering_connection, gateway_endpoint, ...)")
			}
		}
	}
	for i := range s.PeeringConnections {
		pc := &s.PeeringConnections[i]
		for _, side := range []string{"requester", "accepter"} {
			ps := &pc.Requester
			if side == "accepter" {
				ps = &pc.Accepter
			}
			p := fmt.Sprintf("peering_connections[%d].%s", i, side)
			if err := cidrList(ps.CIDRBlocks, 4, pc.Unknown, side+".cidr_blocks", p); err != nil {
				return err
			}
			if err := cidrList(ps.IPv6CIDRBlocks, 6, pc.Unknown, side+".ipv6_cidr_blocks", p); err != nil {
				return err
			}
		}
	}
	for i := range s.PrefixLists {
		pl := &s.PrefixLists[i]
		want := 4
		if strings.EqualFold(pl.AddressFamily, "IPv6") {
			want = 6
		}
		for j := range pl.Entries {
			c, err := canonicalPrefix(pl.Entries[j].CIDR, want, fmt.Sprintf("prefix_lists[%d].entries[%d].cidr", i, j))
			if err != nil {
				return err
			}
			pl.Entries[j].CIDR = c
		}
	}
	return nil
}

func (s *Snapshot) canonicalRules() error {
	for i := range s.SecurityGroups {
		sg := &s.SecurityGroups[i]
		for _, d := range []struct {
			name  string
			rules []SGRule
		}{{"ingress", sg.Ingress}, {"egress", sg.Egress}} {
			for j := range d.rules {
				r := &d.rules[j]
				if err := normalizeSGRule(r, fmt.Sprintf("security_groups[%d].%s[%d]", i, d.name, j)); err != nil {
					return err
				}
				if r.RuleID == "" {
					r.RuleID = fmt.Sprintf("%s/%s/%d", sg.ID, d.name, j)
				}
			}
		}
	}
	for i := range s.NetworkACLs {
		for j := range s.NetworkACLs[i].Entries {
			if err := normalizeACLEntry(&s.NetworkACLs[i].Entries[j], fmt.Sprintf("network_acls[%d].entries[%d]", i, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

func normalizeSGRule(r *SGRule, path string) error {
	name, num, err := CanonicalProtocol(r.Protocol)
	if err != nil {
		return pathError(path+".protocol", "%v", err)
	}
	r.Protocol, r.ProtocolNumber = name, num
	if err := normalizePorts(name, ports{&r.FromPort, &r.ToPort, &r.ICMPType, &r.ICMPCode}, path); err != nil {
		return err
	}
	if err := cidrField(&r.CIDRIPv4, 4, r.Unknown, "cidr_ipv4", path); err != nil {
		return err
	}
	if err := cidrField(&r.CIDRIPv6, 6, r.Unknown, "cidr_ipv6", path); err != nil {
		return err
	}
	targets := 0
	for _, set := range []bool{r.CIDRIPv4 != "", r.CIDRIPv6 != "", r.PrefixListID != "", r.ReferencedGroup != nil} {
		if set {
			targets++
		}
	}
	if targets > 1 {
		return pathError(path, "rule has %d targets (want exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_group; split it into several rules)", targets)
	}
	if targets == 0 && len(r.Unknown) == 0 {
		return pathError(path, "rule has no target (want one of cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_group, or list the unknown field)")
	}
	return nil
}

func normalizeACLEntry(e *ACLEntry, path string) error {
	name, num, err := CanonicalProtocol(e.Protocol)
	if err != nil {
		return pathError(path+".protocol", "%v", err)
	}
	e.Protocol, e.ProtocolNumber = name, num
	if err := normalizePorts(name, ports{&e.FromPort, &e.ToPort, &e.ICMPType, &e.ICMPCode}, path); err != nil {
		return err
	}
	e.Action = strings.ToLower(e.Action)
	if e.Action != "allow" && e.Action != "deny" {
		return pathError(path+".action", "action %q (want allow or deny)", e.Action)
	}
	if e.RuleNumber < 1 || e.RuleNumber > 32768 {
		return pathError(path+".rule_number", "rule number %d out of range (want 1-32766, or 32767/32768 for the default deny)", e.RuleNumber)
	}
	if err := cidrField(&e.CIDRIPv4, 4, e.Unknown, "cidr_ipv4", path); err != nil {
		return err
	}
	if err := cidrField(&e.CIDRIPv6, 6, e.Unknown, "cidr_ipv6", path); err != nil {
		return err
	}
	if (e.CIDRIPv4 == "") == (e.CIDRIPv6 == "") && len(e.Unknown) == 0 {
		return pathError(path, "entry needs exactly one of cidr_ipv4 or cidr_ipv6")
	}
	return nil
}

// allTraffic builds an all-protocol rule or entry target.
func allRule(cidr4, cidr6 string) SGRule {
	return SGRule{Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: cidr4, CIDRIPv6: cidr6, Implicit: true}
}

// defaultSecurityGroups adds the default SG of every VPC the input did not
// list one for, with its default rules (aws-semantics §1.4).
func (s *Snapshot) defaultSecurityGroups() error {
	has := map[string]bool{}
	for i := range s.SecurityGroups {
		sg := &s.SecurityGroups[i]
		sg.IsDefault = sg.IsDefault || sg.Name == DefaultSecurityGroupName
		if sg.IsDefault {
			has[sg.VPCID] = true
		}
	}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		if has[v.ID] {
			continue
		}
		sg := DefaultSecurityGroup(v)
		s.SecurityGroups = append(s.SecurityGroups, sg)
		s.inheritLine("security_groups", sg.ID, v.ID)
	}
	return nil
}

// inheritLine places an entity vpclint made explicit at its VPC's line in
// the snapshot file, so findings on it point somewhere useful.
func (s *Snapshot) inheritLine(coll, id, vpcID string) {
	if n := s.lines["vpcs/"+vpcID]; n > 0 {
		s.lines[coll+"/"+id] = n
	}
}

func aclAll(rule int, egress bool, action, cidr4, cidr6 string) ACLEntry {
	return ACLEntry{RuleNumber: rule, Egress: egress, Action: action, Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: cidr4, CIDRIPv6: cidr6, Implicit: true}
}

// defaultNetworkACLs adds each VPC's default NACL when absent (allow all,
// aws-semantics §2.3) and the "*" deny entries every NACL ends with
// (32767 IPv4, 32768 IPv6, §2.1).
func (s *Snapshot) defaultNetworkACLs() error {
	has := map[string]bool{}
	for _, a := range s.NetworkACLs {
		if a.IsDefault {
			has[a.VPCID] = true
		}
	}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		if has[v.ID] {
			continue
		}
		acl := DefaultNetworkACL(v)
		s.NetworkACLs = append(s.NetworkACLs, acl)
		s.inheritLine("network_acls", acl.ID, v.ID)
	}
	for i := range s.NetworkACLs {
		a := &s.NetworkACLs[i]
		for _, egress := range []bool{false, true} {
			if !slices.ContainsFunc(a.Entries, func(e ACLEntry) bool { return e.Egress == egress && e.RuleNumber == 32767 }) {
				a.Entries = append(a.Entries, aclAll(32767, egress, "deny", "0.0.0.0/0", ""))
			}
			if !slices.ContainsFunc(a.Entries, func(e ACLEntry) bool { return e.Egress == egress && e.RuleNumber == 32768 }) {
				a.Entries = append(a.Entries, aclAll(32768, egress, "deny", "", "::/0"))
			}
		}
		seen := map[[2]int]bool{}
		for j, e := range a.Entries {
			k := [2]int{e.RuleNumber, map[bool]int{false: 0, true: 1}[e.Egress]}
			if seen[k] {
				return pathError(fmt.Sprintf("network_acls[%d].entries[%d]", i, j), "duplicate rule number %d in the %s direction", e.RuleNumber, direction(e.Egress))
			}
			seen[k] = true
		}
	}
	return nil
}

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// mainRouteTables adds a main route table to VPCs without one, and the
// local routes (one per VPC CIDR) to every table (aws-semantics §3.1).
func (s *Snapshot) mainRouteTables() error {
	has := map[string]bool{}
	for _, rt := range s.RouteTables {
		if rt.Main {
			if has[rt.VPCID] {
				return pathError("route_tables", "VPC %s has more than one main route table", rt.VPCID)
			}
			has[rt.VPCID] = true
		}
	}
	vpcs := map[string]*VPC{}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		vpcs[v.ID] = v
		if !has[v.ID] {
			s.RouteTables = append(s.RouteTables, RouteTable{ID: MainRouteTableID(v.ID), VPCID: v.ID, Main: true, Meta: Meta{Account: v.Account, Region: v.Region, Implicit: true, Source: v.Source}})
			s.inheritLine("route_tables", MainRouteTableID(v.ID), v.ID)
		}
	}
	for i := range s.RouteTables {
		rt := &s.RouteTables[i]
		v := vpcs[rt.VPCID]
		if v == nil {
			continue
		}
		for _, c := range v.CIDRBlocks {
			if !slices.ContainsFunc(rt.Routes, func(r Route) bool { return r.DestinationCIDR == c }) {
				rt.Routes = append(rt.Routes, Route{DestinationCIDR: c, TargetType: TargetLocal, TargetID: "local", State: "active", Origin: "CreateRouteTable", Implicit: true})
			}
		}
		for _, c := range v.IPv6CIDRBlocks {
			if !slices.ContainsFunc(rt.Routes, func(r Route) bool { return r.DestinationIPv6CIDR == c }) {
				rt.Routes = append(rt.Routes, Route{DestinationIPv6CIDR: c, TargetType: TargetLocal, TargetID: "local", State: "active", Origin: "CreateRouteTable", Implicit: true})
			}
		}
	}
	return nil
}

// resolveAssociations gives every subnet its route table and NACL,
// recording which were implicit (the main table, the default NACL).
// Associations may be written on either side; both are kept in sync.
func (s *Snapshot) resolveAssociations() error {
	rtOf, aclOf := map[string]string{}, map[string]string{}
	for i, rt := range s.RouteTables {
		for _, sn := range rt.SubnetIDs {
			if prev, ok := rtOf[sn]; ok && prev != rt.ID {
				return pathError(fmt.Sprintf("route_tables[%d].subnet_ids", i), "subnet %s is associated with both %s and %s (a subnet has exactly one route table)", sn, prev, rt.ID)
			}
			rtOf[sn] = rt.ID
		}
	}
	for i, a := range s.NetworkACLs {
		for _, sn := range a.SubnetIDs {
			if prev, ok := aclOf[sn]; ok && prev != a.ID {
				return pathError(fmt.Sprintf("network_acls[%d].subnet_ids", i), "subnet %s is associated with both %s and %s (a subnet has exactly one network ACL)", sn, prev, a.ID)
			}
			aclOf[sn] = a.ID
		}
	}
	mainRT, defACL := map[string]string{}, map[string]string{}
	for _, rt := range s.RouteTables {
		if rt.Main {
			mainRT[rt.VPCID] = rt.ID
		}
	}
	for _, a := range s.NetworkACLs {
		if a.IsDefault {
			defACL[a.VPCID] = a.ID
		}
	}
	rtIdx, aclIdx := indexBy(s.RouteTables, func(r RouteTable) string { return r.ID }), indexBy(s.NetworkACLs, func(a NetworkACL) string { return a.ID })
	for i := range s.Subnets {
		sn := &s.Subnets[i]
		p := fmt.Sprintf("subnets[%d]", i)
		switch explicit, ok := rtOf[sn.ID]; {
		case ok && sn.RouteTableID != "" && !sn.RouteTableImplicit && sn.RouteTableID != explicit:
			return pathError(p+".route_table_id", "subnet says route table %s but %s lists the subnet", sn.RouteTableID, explicit)
		case ok:
			sn.RouteTableID, sn.RouteTableImplicit = explicit, false
		case sn.RouteTableID != "" && !sn.RouteTableImplicit:
			if j, found := rtIdx[sn.RouteTableID]; found {
				s.RouteTables[j].SubnetIDs = append(s.RouteTables[j].SubnetIDs, sn.ID)
			}
		default:
			sn.RouteTableID, sn.RouteTableImplicit = mainRT[sn.VPCID], true
		}
		switch explicit, ok := aclOf[sn.ID]; {
		case ok && sn.NetworkACLID != "" && !sn.NetworkACLImplicit && sn.NetworkACLID != explicit:
			return pathError(p+".network_acl_id", "subnet says network ACL %s but %s lists the subnet", sn.NetworkACLID, explicit)
		case ok:
			sn.NetworkACLID, sn.NetworkACLImplicit = explicit, false
		case sn.NetworkACLID != "" && !sn.NetworkACLImplicit:
			if j, found := aclIdx[sn.NetworkACLID]; found {
				s.NetworkACLs[j].SubnetIDs = append(s.NetworkACLs[j].SubnetIDs, sn.ID)
			}
		default:
			sn.NetworkACLID, sn.NetworkACLImplicit = defACL[sn.VPCID], true
		}
	}
	return nil
}

func indexBy[T any](xs []T, key func(T) string) map[string]int {
	m := make(map[string]int, len(xs))
	for i, x := range xs {
		m[key(x)] = i
	}
	return m
}

// resolveInstances fills what an instance implies: its VPC from the
// subnet, and the roles of its instance profile.
func (s *Snapshot) resolveInstances() error {
	subnets := indexBy(s.Subnets, func(n Subnet) string { return n.ID })
	profiles := indexBy(s.InstanceProfiles, func(p InstanceProfile) string { return p.ID })
	profileByName := indexBy(s.InstanceProfiles, func(p InstanceProfile) string { return p.Name })
	for i := range s.Instances {
		in := &s.Instances[i]
		if in.VPCID == "" {
			if j, ok := subnets[in.SubnetID]; ok {
				in.VPCID = s.Subnets[j].VPCID
			}
		}
		if in.InstanceProfileID != "" && len(in.RoleIDs) == 0 {
			j, ok := profiles[in.InstanceProfileID]
			if !ok {
				j, ok = profileByName[in.InstanceProfileID]
			}
			if ok {
				in.RoleIDs = slices.Clone(s.InstanceProfiles[j].RoleIDs)
			}
		}
	}
	for i := range s.NetworkInterfaces {
		n := &s.NetworkInterfaces[i]
		if n.VPCID == "" {
			if j, ok := subnets[n.SubnetID]; ok {
				n.VPCID = s.Subnets[j].VPCID
			}
		}
	}
	return nil
}

func (s *Snapshot) defaultEndpointPolicies() error {
	for i := range s.VPCEndpoints {
		e := &s.VPCEndpoints[i]
		if e.Policy == nil || e.Policy.IsZero() {
			d := iampolicy.Parse(DefaultEndpointPolicy)
			e.Policy, e.PolicyIsDefault = &d, true
		}
	}
	return nil
}

func byID[T any](xs []T, id func(T) string) {
	slices.SortStableFunc(xs, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
}

func (s *Snapshot) sortAll() {
	byID(s.Accounts, func(x Account) string { return x.ID })
	byID(s.Regions, func(x Region) string { return x.ID })
	byID(s.VPCs, func(x VPC) string { return x.ID })
	byID(s.Subnets, func(x Subnet) string { return x.ID })
	byID(s.SecurityGroups, func(x SecurityGroup) string { return x.ID })
	byID(s.NetworkACLs, func(x NetworkACL) string { return x.ID })
	byID(s.RouteTables, func(x RouteTable) string { return x.ID })
	byID(s.InternetGateways, func(x InternetGateway) string { return x.ID })
	byID(s.EgressOnlyInternetGateways, func(x EgressOnlyInternetGateway) string { return x.ID })
	byID(s.NATGateways, func(x NATGateway) string { return x.ID })
	byID(s.PeeringConnections, func(x PeeringConnection) string { return x.ID })
	byID(s.VPCEndpoints, func(x VPCEndpoint) string { return x.ID })
	byID(s.PrefixLists, func(x PrefixList) string { return x.ID })
	byID(s.NetworkInterfaces, func(x NetworkInterface) string { return x.ID })
	byID(s.Instances, func(x Instance) string { return x.ID })
	byID(s.InstanceProfiles, func(x InstanceProfile) string { return x.ID })
	byID(s.Roles, func(x Role) string { return x.ID })
	byID(s.Users, func(x User) string { return x.ID })
	byID(s.Groups, func(x Group) string { return x.ID })
	byID(s.Policies, func(x ManagedPolicy) string { return x.ID })
	byID(s.IdentityProviders, func(x IdentityProvider) string { return x.ID })
	byID(s.Buckets, func(x Bucket) string { return x.ID })
	byID(s.FlowLogs, func(x FlowLog) string { return x.ID })
	byID(s.ResourcePolicies, func(x ResourcePolicy) string { return x.ID })
	for i := range s.Users {
		slices.Sort(s.Users[i].GroupIDs)
		s.Users[i].GroupIDs = slices.Compact(s.Users[i].GroupIDs)
	}
	for i := range s.NetworkACLs {
		slices.SortStableFunc(s.NetworkACLs[i].Entries, func(a, b ACLEntry) int {
			return cmp.Or(cmp.Compare(direction(a.Egress), direction(b.Egress)), cmp.Compare(a.RuleNumber, b.RuleNumber))
		})
		slices.Sort(s.NetworkACLs[i].SubnetIDs)
		s.NetworkACLs[i].SubnetIDs = slices.Compact(s.NetworkACLs[i].SubnetIDs)
	}
	for i := range s.RouteTables {
		slices.Sort(s.RouteTables[i].SubnetIDs)
		s.RouteTables[i].SubnetIDs = slices.Compact(s.RouteTables[i].SubnetIDs)
	}
	slices.SortStableFunc(s.Coverage, func(a, b Gap) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Operation, b.Operation))
	})
}
