package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

func (b *builder) securityGroup(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	sg := &snapshot.SecurityGroup{ID: id}
	if in.typ == "aws_default_security_group" {
		sg.Name, sg.IsDefault, sg.Description = snapshot.DefaultSecurityGroupName, true, "default VPC security group"
	} else {
		var st state
		if sg.Name, st = str(o, "name", &unk, "name"); st == absent {
			unk.add("name") // generated, or from name_prefix
		}
		if d, st := str(o, "description", &unk, "description"); st != absent {
			sg.Description = d
		} else {
			sg.Description = "Managed by Terraform"
		}
	}
	if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); st == known {
		sg.VPCID = v
	} else if st == absent {
		unk.add("vpc_id") // the region's default VPC
	}
	for _, dir := range []string{"ingress", "egress"} {
		for _, c := range nested(o, dir) {
			src := nestedSrc(in, c)
			liftIgnores(in.src, c.ignores)
			rules := b.sgRules(in, c, src, id, false)
			if dir == "ingress" {
				sg.Ingress = append(sg.Ingress, rules...)
			} else {
				sg.Egress = append(sg.Egress, rules...)
			}
		}
	}
	sg.Meta = b.meta(in, unk)
	b.sgs[id] = sg
	if sg.IsDefault {
		b.defaultSG[sg.VPCID] = true
	}
}

// sgRules flattens one rule block (inline, aws_security_group_rule, or
// the vpc_security_group_*_rule resources when vpcStyle) into rules with
// one target each.
func (b *builder) sgRules(in *instance, o *obj, src *snapshot.Source, selfID string, vpcStyle bool) []snapshot.SGRule {
	var unk fields
	protoAttr := "protocol"
	if vpcStyle {
		protoAttr = "ip_protocol"
	}
	if o.unknownAll {
		return []snapshot.SGRule{{
			Protocol: "all", FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, Source: src,
			Unknown: []string{"protocol", "from_port", "to_port", "cidr_ipv4"},
		}}
	}
	proto, st := str(o, protoAttr, &unk, "protocol")
	if st != known {
		proto = "all"
		unk.add("protocol")
	}
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.invalidAt(in, o, protoAttr, "%s: %v", in.addr, err)
		proto, name = "all", "all"
		unk.add("protocol")
	}
	r := snapshot.SGRule{Protocol: proto, Source: src, ICMPType: -1, ICMPCode: -1}
	from, fs := asInt(o.attrs["from_port"])
	to, ts := asInt(o.attrs["to_port"])
	switch name {
	case "tcp", "udp":
		r.FromPort, r.ToPort = 0, 65535
		r.FromPort = portOr(from, fs, r.FromPort, &unk, "from_port")
		r.ToPort = portOr(to, ts, r.ToPort, &unk, "to_port")
		if vpcStyle && fs == known && from == -1 {
			r.FromPort, r.ToPort = 0, 65535
		}
		b.portRange(in, o, &r.FromPort, &r.ToPort, &unk)
	case "icmp", "icmpv6":
		r.FromPort, r.ToPort = -1, -1
		r.ICMPType = portOr(from, fs, -1, &unk, "icmp_type")
		r.ICMPCode = portOr(to, ts, -1, &unk, "icmp_code")
		b.icmpRange(in, o, "from_port", &r.ICMPType, &r.ICMPCode, &unk)
	default:
		r.FromPort, r.ToPort = 0, 65535
	}
	r.Description, _ = str(o, "description", &unk, "description")
	if vpcStyle {
		r.Tags = asStringMap(o.attrs["tags"])
	}
	var out []snapshot.SGRule
	emit := func(set func(*snapshot.SGRule), field string, isUnknown bool) {
		x := r
		x.Unknown = slices.Clone(unk)
		if isUnknown {
			x.Unknown = append(x.Unknown, field)
		} else {
			set(&x)
		}
		if len(x.Unknown) == 0 {
			x.Unknown = nil
		}
		out = append(out, x)
	}
	list := func(attr, field string, set func(*snapshot.SGRule, string)) {
		vs, n, st := asStrings(o.attrs[attr])
		for _, v := range vs {
			emit(func(x *snapshot.SGRule) { set(x, v) }, field, false)
		}
		if st == unknown || n > 0 {
			emit(nil, field, true)
		}
	}
	cidr4 := func(x *snapshot.SGRule, v string) { x.CIDRIPv4 = v }
	cidr6 := func(x *snapshot.SGRule, v string) { x.CIDRIPv6 = v }
	pl := func(x *snapshot.SGRule, v string) { x.PrefixListID = b.resolve(v) }
	group := func(x *snapshot.SGRule, v string) {
		x.ReferencedGroup = &snapshot.GroupReference{GroupID: b.resolve(v)}
	}
	if vpcStyle {
		list("cidr_ipv4", "cidr_ipv4", cidr4)
		list("cidr_ipv6", "cidr_ipv6", cidr6)
		list("prefix_list_id", "prefix_list_id", pl)
		list("referenced_security_group_id", "referenced_group", group)
	} else {
		list("cidr_blocks", "cidr_ipv4", cidr4)
		list("ipv6_cidr_blocks", "cidr_ipv6", cidr6)
		list("prefix_list_ids", "prefix_list_id", pl)
		list("security_groups", "referenced_group", group)
		list("source_security_group_id", "referenced_group", group)
		if boolAttr(o, "self", false, nil, "") {
			emit(func(x *snapshot.SGRule) { x.ReferencedGroup = &snapshot.GroupReference{GroupID: selfID} }, "", false)
		} else if _, st := asBool(o.attrs["self"]); st == unknown {
			emit(nil, "referenced_group", true)
		}
	}
	if len(out) == 0 {
		b.gapAt(in, "rule", "%s: a security group rule at line %d has no source or destination (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, security_groups or self)", in.addr, o.rng.Start.Line)
	}
	return out
}

// portOr returns a port (or ICMP type/code) when known, def otherwise,
// recording an unknown one.
// portRange reads a TCP/UDP range AWS would reject (a port outside
// 0-65535, from above to) as all ports, unknown, with a located problem.
func (b *builder) portRange(in *instance, o *obj, from, to *int, unk *fields) {
	if *from >= 0 && *to <= 65535 && *from <= *to {
		return
	}
	b.invalidAt(in, o, "from_port", "%s: port range %d-%d is not within 0-65535 with from_port <= to_port", in.addr, *from, *to)
	*from, *to = 0, 65535
	unk.add("from_port")
	unk.add("to_port")
}

// icmpRange reads an ICMP type or code outside -1-255 as all, unknown,
// with a located problem.
func (b *builder) icmpRange(in *instance, o *obj, attr string, typ, code *int, unk *fields) {
	if *typ >= -1 && *typ <= 255 && *code >= -1 && *code <= 255 {
		return
	}
	b.invalidAt(in, o, attr, "%s: icmp type %d code %d out of range (want -1 for all, or 0-255)", in.addr, *typ, *code)
	*typ, *code = -1, -1
	unk.add("icmp_type")
	unk.add("icmp_code")
}

func portOr(v int, st state, def int, unk *fields, field string) int {
	switch st {
	case known:
		return v
	case unknown:
		unk.add(field)
	case absent:
	}
	return def
}

func (b *builder) sgRuleResource(in *instance) {
	o := in.o
	gid, ok := b.need(in, "security_group_id")
	if !ok {
		return
	}
	sg := b.sg(gid, in)
	liftIgnores(sg.Source, in.src.Ignores)
	egress := in.typ == "aws_vpc_security_group_egress_rule"
	if in.typ == "aws_security_group_rule" {
		t, st := str(o, "type", nil, "")
		if st != known {
			b.gapAt(in, "type", "%s: type is unknown until apply, so the rule could not be placed", in.addr)
			return
		}
		egress = t == "egress"
	}
	rules := b.sgRules(in, o, in.src, gid, in.typ != "aws_security_group_rule")
	for i := range rules {
		rules[i].RuleID = in.addr
		if len(rules) > 1 {
			rules[i].RuleID = fmt.Sprintf("%s/%d", in.addr, i)
		}
	}
	if egress {
		sg.Egress = append(sg.Egress, rules...)
	} else {
		sg.Ingress = append(sg.Ingress, rules...)
	}
}

func (b *builder) sg(id string, in *instance) *snapshot.SecurityGroup {
	if sg, ok := b.sgs[id]; ok {
		return sg
	}
	// A group this configuration does not manage: its other rules are
	// unknown to vpclint, the rules written here are still checked.
	src := *in.src
	sg := &snapshot.SecurityGroup{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"name", "vpc_id", "ingress", "egress"}}}
	b.sgs[id] = sg
	return sg
}

func (b *builder) networkACL(in *instance) {
	o := in.o
	id := b.alias[in.addr]
	var unk fields
	a := &snapshot.NetworkACL{ID: id, IsDefault: in.typ == "aws_default_network_acl"}
	if v, st := b.ref(o, "vpc_id", &unk, "vpc_id"); a.IsDefault && st == known {
		a.VPCID = v
	} else if a.IsDefault {
		var ok bool
		if a.VPCID, ok = snapshot.DefaultNetworkACLVPC(id); !ok {
			unk.add("vpc_id")
			a.VPCID = ""
		}
	} else {
		a.VPCID, _ = b.ref(o, "vpc_id", &unk, "vpc_id")
	}
	a.SubnetIDs = b.refs(o, "subnet_ids", &unk, "subnet_ids")
	if s, st := b.ref(o, "subnet_id", &unk, "subnet_ids"); st == known {
		a.SubnetIDs = append(a.SubnetIDs, s)
	}
	for _, dir := range []string{"ingress", "egress"} {
		for _, c := range nested(o, dir) {
			liftIgnores(in.src, c.ignores)
			if e, ok := b.aclEntry(in, c, nestedSrc(in, c), dir == "egress", false); ok {
				a.Entries = append(a.Entries, e)
			}
		}
	}
	a.Meta = b.meta(in, unk)
	b.acls[id] = a
}

// aclEntry reads one NACL entry (inline, or aws_network_acl_rule when
// standalone).
func (b *builder) aclEntry(in *instance, o *obj, src *snapshot.Source, egress, standalone bool) (snapshot.ACLEntry, bool) {
	numAttr, actAttr, cidr4, cidr6 := "rule_no", "action", "cidr_block", "ipv6_cidr_block"
	if standalone {
		numAttr, actAttr = "rule_number", "rule_action"
		egress = boolAttr(o, "egress", false, nil, "")
		if _, st := asBool(o.attrs["egress"]); st == unknown {
			b.gapAt(in, "egress", "%s: egress is unknown until apply, so the entry could not be placed", in.addr)
			return snapshot.ACLEntry{}, false
		}
	}
	if o.unknownAll {
		b.gapAt(in, "entry", "%s: an entry at line %d is unknown until apply", in.addr, o.rng.Start.Line)
		return snapshot.ACLEntry{}, false
	}
	var unk fields
	e := snapshot.ACLEntry{Egress: egress, Source: src, ICMPType: -1, ICMPCode: -1}
	n, st := asInt(o.attrs[numAttr])
	if st != known {
		b.gapAt(in, numAttr, "%s: the rule number of the entry at line %d is unknown until apply, so its place in the ACL could not be checked", in.addr, o.rng.Start.Line)
		return snapshot.ACLEntry{}, false
	}
	if n < 1 || n > 32766 {
		b.invalidAt(in, o, numAttr, "%s: rule number %d is outside 1-32766", in.addr, n)
		b.gapAt(in, numAttr, "%s: the entry at line %d has a rule number AWS rejects, so its place in the ACL could not be checked", in.addr, o.rng.Start.Line)
		return snapshot.ACLEntry{}, false
	}
	e.RuleNumber = n
	if a, st := str(o, actAttr, &unk, "action"); st == known && (strings.EqualFold(a, "allow") || strings.EqualFold(a, "deny")) {
		e.Action = strings.ToLower(a)
	} else {
		if st == known {
			b.invalidAt(in, o, actAttr, "%s: %s %q (want allow or deny)", in.addr, actAttr, a)
		}
		e.Action = "allow"
		unk.add("action")
	}
	proto, pst := str(o, "protocol", &unk, "protocol")
	if pst != known {
		proto = "all"
		unk.add("protocol")
	}
	name, _, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		b.invalidAt(in, o, "protocol", "%s: %v", in.addr, err)
		proto, name = "all", "all"
		unk.add("protocol")
	}
	e.Protocol = proto
	switch name {
	case "tcp", "udp":
		e.FromPort, e.ToPort = 0, 65535
		if v, st := asInt(o.attrs["from_port"]); st == known {
			e.FromPort = v
		} else if st == unknown {
			unk.add("from_port")
		}
		if v, st := asInt(o.attrs["to_port"]); st == known {
			e.ToPort = v
		} else if st == unknown {
			unk.add("to_port")
		}
		b.portRange(in, o, &e.FromPort, &e.ToPort, &unk)
	case "icmp", "icmpv6":
		e.FromPort, e.ToPort = -1, -1
		if v, st := asInt(o.attrs["icmp_type"]); st == known {
			e.ICMPType = v
		} else {
			unk.add("icmp_type")
		}
		if v, st := asInt(o.attrs["icmp_code"]); st == known {
			e.ICMPCode = v
		} else {
			unk.add("icmp_code")
		}
		b.icmpRange(in, o, "icmp_type", &e.ICMPType, &e.ICMPCode, &unk)
	default:
		e.FromPort, e.ToPort = 0, 65535
	}
	if c, st := str(o, cidr4, &unk, "cidr_ipv4"); st == known {
		e.CIDRIPv4 = c
	}
	if c, st := str(o, cidr6, &unk, "cidr_ipv6"); st == known {
		e.CIDRIPv6 = c
	}
	if e.CIDRIPv4 == "" && e.CIDRIPv6 == "" && !slices.Contains(unk, "cidr_ipv4") && !slices.Contains(unk, "cidr_ipv6") {
		b.invalidAt(in, o, numAttr, "%s: NACL entry %d has neither %s nor %s", in.addr, n, cidr4, cidr6)
		unk.add("cidr_ipv4")
	}
	if len(unk) > 0 {
		e.Unknown = unk
	}
	return e, true
}

func (b *builder) aclRule(in *instance) {
	o := in.o
	aid, ok := b.need(in, "network_acl_id")
	if !ok {
		return
	}
	a := b.acl(aid, in)
	liftIgnores(a.Source, in.src.Ignores)
	if e, ok := b.aclEntry(in, o, in.src, false, true); ok {
		a.Entries = append(a.Entries, e)
	}
}

func (b *builder) aclAssociation(in *instance) {
	aid, ok1 := b.need(in, "network_acl_id")
	sid, ok2 := b.need(in, "subnet_id")
	if ok1 && ok2 {
		a := b.acl(aid, in)
		a.SubnetIDs = append(a.SubnetIDs, sid)
	}
}

func (b *builder) acl(id string, in *instance) *snapshot.NetworkACL {
	if a, ok := b.acls[id]; ok {
		return a
	}
	src := *in.src
	a := &snapshot.NetworkACL{ID: id, Meta: snapshot.Meta{Account: in.account, Region: in.region, Source: &src, Unknown: []string{"vpc_id", "entries"}}}
	b.acls[id] = a
	return a
}
