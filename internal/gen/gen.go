package gen

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"net/netip"
	"strconv"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// Generate builds a synthetic snapshot as a live scan would write it
// (before normalisation). It panics if p does not Validate. The result is
// a pure function of p.
func Generate(p Params) *snapshot.Snapshot {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	g := &generator{
		p:        p,
		rng:      rand.New(rand.NewPCG(p.Seed, p.Seed)),
		counters: map[string]uint64{},
		s: &snapshot.Snapshot{
			Schema: snapshot.SchemaV1,
			Origin: snapshot.Origin{Kind: "live", Tool: fmt.Sprintf("vpclint internal/gen (synthetic) seed=%d", p.Seed)},
		},
	}
	g.accounts()
	g.vpcs()
	g.subnets()
	g.peerings()
	g.securityGroups()
	g.routeTables()
	g.networkACLs()
	g.iam()
	g.endpoints()
	g.buckets()
	g.interfaces()
	g.flowLogs()
	return g.s
}

type vpcInfo struct {
	idx             int
	id              string
	account, region string
	cidr            string
	ipv6            string
	igw, eigw       string
	nat             int // index into s.NATGateways, -1 when none
	subnets         []int
	public          []bool
	groups          []int // non-default security groups, indices into s.SecurityGroups
	defaultSG       string
	mainRT          int
	customRTs       []int
	peerings        []int // indices into s.PeeringConnections
}

type generator struct {
	p        Params
	rng      *rand.Rand
	s        *snapshot.Snapshot
	counters map[string]uint64

	vpc                []*vpcInfo
	subnetVPC          []int // subnet index -> vpc index
	nextHost           []int // subnet index -> next free host number
	publicIPs          uint32
	ec2Profile         map[string][]string // account -> instance profile ids
	flowRole           map[string]string   // account -> flow-logs delivery role ARN
	adminRole          map[string]string   // account -> an admin role ARN
	s3Gateways         map[string][]string // account/region -> S3 gateway endpoint ids
	roleARNs           map[string][]string // account -> role ARNs made so far
	interfaceEndpoints []int
}

// id returns a realistic, unique, deterministic resource id: prefix, "0"
// and 16 hex digits, as AWS writes them. The low 36 bits are an
// odd-multiplier bijection of a per-prefix counter, so ids never collide
// within a prefix; the high 28 bits are a hash of the low ones, for looks.
func (g *generator) id(prefix string) string {
	n := g.counters[prefix]
	g.counters[prefix]++
	h := fnv.New64a()
	_, _ = h.Write([]byte(prefix)) // hash.Hash writes never fail
	salt := h.Sum64() ^ (g.p.Seed * 0x9E3779B97F4A7C15)
	lo := (n*0x5DEECE66D + salt) & (1<<36 - 1)
	hi := ((lo ^ salt) * 0xBF58476D1CE4E5B9) >> 36
	return fmt.Sprintf("%s-0%07x%09x", prefix, hi&(1<<28-1), lo)
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

func meta(account, region string, tags map[string]string) snapshot.Meta {
	return snapshot.Meta{Account: account, Region: region, Tags: tags}
}

func name(n string) map[string]string { return map[string]string{"Name": n} }

var (
	teams = []string{"payments", "search", "identity", "data", "platform", "mobile", "ml", "billing", "growth", "infra"}
	envs  = []string{"prod", "staging", "dev", "sandbox"}
)

func (g *generator) accounts() {
	for a := range g.p.Accounts {
		acct := snapshot.Account{ID: accountIDs[a], Alias: "acme-" + pick(g, envs), OrganizationID: "o-a1b2c3d4e5"}
		if a == 0 {
			acct.PublicAccessBlock = &snapshot.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
		}
		g.s.Accounts = append(g.s.Accounts, acct)
		for r := range g.p.Regions {
			reg := regionNames[r]
			g.s.Regions = append(g.s.Regions, snapshot.Region{ID: accountIDs[a] + "/" + reg, Account: accountIDs[a], Name: reg, Enabled: true})
			// The corporate networks prefix list, referenced by SG rules.
			g.s.PrefixLists = append(g.s.PrefixLists, snapshot.PrefixList{
				ID: g.id("pl"), Meta: meta(accountIDs[a], reg, name("corp-networks")), Name: "corp-networks", OwnerID: accountIDs[a],
				AddressFamily: "IPv4", MaxEntries: 10,
				Entries: []snapshot.PrefixListEntry{{CIDR: "203.0.113.0/24", Description: "HQ"}, {CIDR: "198.51.100.0/25", Description: "VPN"}},
			})
		}
	}
	for r := range g.p.Regions {
		reg := regionNames[r]
		g.s.PrefixLists = append(g.s.PrefixLists,
			snapshot.PrefixList{
				ID: s3PrefixLists[reg], Meta: meta("", reg, nil), Name: "com.amazonaws." + reg + ".s3", OwnerID: "AWS", AddressFamily: "IPv4", AWSManaged: true,
				Entries: []snapshot.PrefixListEntry{{CIDR: "3.5.0.0/19"}, {CIDR: "52.216.0.0/15"}, {CIDR: "54.231.0.0/16"}},
			},
			snapshot.PrefixList{
				ID: ddbPrefixLists[reg], Meta: meta("", reg, nil), Name: "com.amazonaws." + reg + ".dynamodb", OwnerID: "AWS", AddressFamily: "IPv4", AWSManaged: true,
				Entries: []snapshot.PrefixListEntry{{CIDR: "3.218.180.0/22"}, {CIDR: "52.94.0.0/22"}},
			},
		)
	}
}

func (g *generator) corpPrefixList(account, region string) string {
	for _, pl := range g.s.PrefixLists {
		if pl.Account == account && pl.Region == region {
			return pl.ID
		}
	}
	return ""
}

func (g *generator) vpcs() {
	for i := range g.p.VPCs {
		acct := accountIDs[i%g.p.Accounts]
		reg := regionNames[(i/g.p.Accounts)%g.p.Regions]
		v := &vpcInfo{idx: i, id: g.id("vpc"), account: acct, region: reg, cidr: fmt.Sprintf("10.%d.0.0/16", i), nat: -1, mainRT: -1}
		env := envs[i%len(envs)]
		vpc := snapshot.VPC{
			ID: v.id, Meta: meta(acct, reg, map[string]string{"Name": fmt.Sprintf("%s-%s-%d", teams[i%len(teams)], env, i), "Environment": env}),
			CIDRBlocks: []string{v.cidr}, EnableDNSSupport: new(true), EnableDNSHostnames: new(i%7 != 3),
		}
		if hasIPv6(i) {
			v.ipv6 = fmt.Sprintf("2600:1f18:4a3b:%02x00::/56", i)
			vpc.IPv6CIDRBlocks = []string{v.ipv6}
		}
		g.s.VPCs = append(g.s.VPCs, vpc)
		if i%10 != 9 { // every tenth VPC is isolated: no internet gateway
			v.igw = g.id("igw")
			g.s.InternetGateways = append(g.s.InternetGateways, snapshot.InternetGateway{
				ID: v.igw, Meta: meta(acct, reg, name(vpc.Tags["Name"]+"-igw")),
				Attachments: []snapshot.Attachment{{VPCID: v.id, State: "available"}},
			})
		}
		if v.ipv6 != "" {
			v.eigw = g.id("eigw")
			g.s.EgressOnlyInternetGateways = append(g.s.EgressOnlyInternetGateways, snapshot.EgressOnlyInternetGateway{
				ID: v.eigw, Meta: meta(acct, reg, nil),
				Attachments: []snapshot.Attachment{{VPCID: v.id, State: "attached"}},
			})
		}
		g.vpc = append(g.vpc, v)
	}
}

//go:fix inline

func (g *generator) subnets() {
	for k := range g.p.Subnets {
		v := g.vpc[k%g.p.VPCs]
		j := k / g.p.VPCs
		public := j%2 == 0 && v.igw != ""
		azs := regionAZs[v.region]
		kind := "private"
		if public {
			kind = "public"
		}
		sn := snapshot.Subnet{
			ID: g.id("subnet"), Meta: meta(v.account, v.region, name(fmt.Sprintf("%s-%s-%d", teams[v.idx%len(teams)], kind, j))),
			VPCID: v.id, AvailabilityZone: v.region + azs[j%len(azs)], CIDRBlock: fmt.Sprintf("10.%d.%d.0/24", v.idx, j),
			MapPublicIPOnLaunch: public && g.chance(0.5),
		}
		if v.ipv6 != "" {
			sn.IPv6CIDRBlocks = []string{fmt.Sprintf("2600:1f18:4a3b:%02x%02x::/64", v.idx, j)}
		}
		v.subnets = append(v.subnets, len(g.s.Subnets))
		v.public = append(v.public, public)
		g.subnetVPC = append(g.subnetVPC, v.idx)
		g.nextHost = append(g.nextHost, 4) // .0-.3 and .255 are reserved by AWS
		g.s.Subnets = append(g.s.Subnets, sn)
	}
	// A public NAT gateway in the first public subnet of two VPCs in three.
	for _, v := range g.vpc {
		if v.igw == "" || v.idx%3 == 2 || !v.public[0] {
			continue
		}
		v.nat = len(g.s.NATGateways)
		g.s.NATGateways = append(g.s.NATGateways, snapshot.NATGateway{
			ID: g.id("nat"), Meta: meta(v.account, v.region, nil),
			VPCID: v.id, SubnetID: g.s.Subnets[v.subnets[0]].ID, ConnectivityType: "public", State: "available",
		})
	}
}

func (g *generator) peerings() {
	seen := map[[2]int]bool{}
	for k := 0; k < g.p.Peerings; {
		a, b := g.rng.IntN(g.p.VPCs), g.rng.IntN(g.p.VPCs)
		if a == b || seen[[2]int{a, b}] || seen[[2]int{b, a}] {
			continue
		}
		seen[[2]int{a, b}] = true
		va, vb := g.vpc[a], g.vpc[b]
		status := "active"
		if k%10 == 7 {
			status = "pending-acceptance"
		}
		pc := snapshot.PeeringConnection{
			ID: g.id("pcx"), Meta: meta(va.account, va.region, name(fmt.Sprintf("vpc%d-to-vpc%d", a, b))), Status: status,
			Requester: snapshot.PeeringSide{AccountID: va.account, Region: va.region, VPCID: va.id, CIDRBlocks: []string{va.cidr}, AllowDNSResolutionFromRemoteVPC: g.chance(0.3)},
			Accepter:  snapshot.PeeringSide{AccountID: vb.account, Region: vb.region, VPCID: vb.id, CIDRBlocks: []string{vb.cidr}},
		}
		va.peerings = append(va.peerings, len(g.s.PeeringConnections))
		vb.peerings = append(vb.peerings, len(g.s.PeeringConnections))
		g.s.PeeringConnections = append(g.s.PeeringConnections, pc)
		k++
	}
}

// peer returns the other VPC of peering pi as seen from v.
func (g *generator) peer(v *vpcInfo, pi int) *vpcInfo {
	pc := g.s.PeeringConnections[pi]
	other := pc.Accepter.VPCID
	if other == v.id {
		other = pc.Requester.VPCID
	}
	for _, w := range g.vpc {
		if w.id == other {
			return w
		}
	}
	panic("gen: peering to unknown vpc")
}

// spread splits total over len(fixed) buckets: fixed[i] >= 0 is taken as
// is, the others get between lo and hi, heavy-tailed, summing exactly.
func (g *generator) spread(total int, fixed []int, lo, hi int) []int {
	out := make([]int, len(fixed))
	var free []int
	rem := total
	for i, f := range fixed {
		if f >= 0 {
			out[i] = f
			rem -= f
			continue
		}
		free = append(free, i)
	}
	if len(free) == 0 {
		return out
	}
	weights := make([]float64, len(free))
	sum := 0.0
	for i := range free {
		weights[i] = 0.3 + g.rng.ExpFloat64()
		sum += weights[i]
	}
	extra := rem - lo*len(free)
	got := 0
	for i, f := range free {
		out[f] = min(hi, lo+int(weights[i]/sum*float64(extra)))
		got += out[f]
	}
	for got < rem {
		if f := free[g.rng.IntN(len(free))]; out[f] < hi {
			out[f]++
			got++
		}
	}
	for got > rem {
		if f := free[g.rng.IntN(len(free))]; out[f] > lo {
			out[f]--
			got--
		}
	}
	return out
}

// ---- security groups ----

func ruleTCP(from, to int) snapshot.SGRule {
	return snapshot.SGRule{Protocol: "tcp", ProtocolNumber: 6, FromPort: from, ToPort: to, ICMPType: -1, ICMPCode: -1}
}

func ruleUDP(from, to int) snapshot.SGRule {
	return snapshot.SGRule{Protocol: "udp", ProtocolNumber: 17, FromPort: from, ToPort: to, ICMPType: -1, ICMPCode: -1}
}

func ruleICMP(typ, code int) snapshot.SGRule {
	return snapshot.SGRule{Protocol: "icmp", ProtocolNumber: 1, FromPort: -1, ToPort: -1, ICMPType: typ, ICMPCode: code}
}

func ruleICMPv6(typ, code int) snapshot.SGRule {
	return snapshot.SGRule{Protocol: "icmpv6", ProtocolNumber: 58, FromPort: -1, ToPort: -1, ICMPType: typ, ICMPCode: code}
}

func ruleProto(n int) snapshot.SGRule {
	if n < 0 {
		return snapshot.SGRule{Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1}
	}
	return snapshot.SGRule{Protocol: strconv.Itoa(n), ProtocolNumber: n, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1}
}

var appPorts = []struct {
	port int
	what string
}{{80, "HTTP"}, {443, "HTTPS"}, {8080, "app"}, {8443, "app TLS"}, {5432, "PostgreSQL"}, {3306, "MySQL"}, {6379, "Redis"}, {9200, "OpenSearch"}, {27017, "MongoDB"}, {2049, "NFS"}, {9092, "Kafka"}, {11211, "Memcached"}}

var groupRoles = []string{"web", "app", "db", "cache", "worker", "bastion", "lb", "batch", "api", "queue", "efs", "monitoring"}

func (g *generator) securityGroups() {
	n := g.p.SecurityGroups
	fixed := make([]int, n)
	for k := range n {
		fixed[k] = -1
		if k < g.p.VPCs {
			fixed[k] = defaultSGRules(k)
		}
	}
	counts := g.spread(g.p.SGRules, fixed, 1, maxRulesPerGroup)
	// Create every group first so rules can reference any of them.
	for k := range n {
		v := g.vpc[k%g.p.VPCs]
		sg := snapshot.SecurityGroup{ID: g.id("sg"), VPCID: v.id}
		if k < g.p.VPCs {
			sg.Name, sg.Description, sg.IsDefault = snapshot.DefaultSecurityGroupName, "default VPC security group", true
			sg.Meta = meta(v.account, v.region, nil)
			v.defaultSG = sg.ID
		} else {
			role := groupRoles[g.rng.IntN(len(groupRoles))]
			sg.Name = fmt.Sprintf("%s-%s-%d", teams[v.idx%len(teams)], role, k)
			sg.Description = fmt.Sprintf("%s tier for %s", role, teams[v.idx%len(teams)])
			sg.Meta = meta(v.account, v.region, map[string]string{"Name": sg.Name, "Team": teams[v.idx%len(teams)]})
			if g.chance(0.05) {
				sg.Name = fmt.Sprintf("launch-wizard-%d", k)
				sg.Description = fmt.Sprintf("launch-wizard-%d created 2025-06-0%dT10:00:00Z", k, 1+k%9)
				sg.Tags = nil
			}
			v.groups = append(v.groups, k)
		}
		g.s.SecurityGroups = append(g.s.SecurityGroups, sg)
	}
	for k := range n {
		sg := &g.s.SecurityGroups[k]
		v := g.vpc[k%g.p.VPCs]
		if sg.IsDefault {
			if counts[k] > 0 {
				self := ruleProto(-1)
				self.ReferencedGroup = &snapshot.GroupReference{GroupID: sg.ID, AccountID: v.account, VPCID: v.id}
				sg.Ingress = []snapshot.SGRule{g.withID(self)}
				sg.Egress = []snapshot.SGRule{g.withID(withCIDR(ruleProto(-1), "0.0.0.0/0"))}
				if counts[k] == 3 {
					sg.Egress = append(sg.Egress, g.withID(withCIDR6(ruleProto(-1), "::/0")))
				}
			}
			continue
		}
		total := counts[k]
		var egress []snapshot.SGRule
		switch r := g.rng.Float64(); {
		case r < 0.80:
			egress = append(egress, withCIDR(ruleProto(-1), "0.0.0.0/0"))
			if v.ipv6 != "" && total >= 3 && g.chance(0.5) {
				egress = append(egress, withCIDR6(ruleProto(-1), "::/0"))
			}
		case r < 0.95:
			egress = append(egress, desc(withCIDR(ruleTCP(443, 443), "0.0.0.0/0"), "HTTPS out"),
				desc(withPL(ruleTCP(443, 443), s3PrefixLists[v.region]), "S3 via gateway endpoint"),
				desc(withCIDR(ruleUDP(53, 53), v.cidr), "DNS"))
			if len(v.groups) > 0 {
				egress = append(egress, desc(g.withGroup(ruleTCP(5432, 5432), v, pick(g, v.groups)), "PostgreSQL"))
			}
		default: // no egress rules at all: nothing may leave
		}
		if len(egress) > total {
			egress = egress[:total]
		}
		for _, r := range egress {
			sg.Egress = append(sg.Egress, g.withID(r))
		}
		for range total - len(egress) {
			sg.Ingress = append(sg.Ingress, g.withID(g.ingressRule(v, k)))
		}
	}
}

func (g *generator) withID(r snapshot.SGRule) snapshot.SGRule {
	r.RuleID = g.id("sgr")
	return r
}

func withCIDR(r snapshot.SGRule, c string) snapshot.SGRule  { r.CIDRIPv4 = c; return r }
func withCIDR6(r snapshot.SGRule, c string) snapshot.SGRule { r.CIDRIPv6 = c; return r }
func withPL(r snapshot.SGRule, pl string) snapshot.SGRule   { r.PrefixListID = pl; return r }
func desc(r snapshot.SGRule, d string) snapshot.SGRule      { r.Description = d; return r }

func (g *generator) withGroup(r snapshot.SGRule, v *vpcInfo, k int) snapshot.SGRule {
	r.ReferencedGroup = &snapshot.GroupReference{GroupID: g.s.SecurityGroups[k].ID, AccountID: v.account, VPCID: v.id}
	return r
}

func (g *generator) ingressRule(v *vpcInfo, self int) snapshot.SGRule {
	ap := appPorts[g.rng.IntN(len(appPorts))]
	internal := []string{v.cidr, "10.0.0.0/8", g.s.Subnets[pick(g, v.subnets)].CIDRBlock}
	var r snapshot.SGRule
	switch x := g.rng.Float64(); {
	case x < 0.01: // an administrative port open to the world
		port, what := 22, "SSH"
		if g.chance(0.3) {
			port, what = 3389, "RDP"
		}
		r = desc(ruleTCP(port, port), what+" from anywhere")
		if g.chance(0.1) {
			r = desc(ruleTCP(0, 65535), "all TCP from anywhere")
		}
		if v.ipv6 != "" && g.chance(0.3) {
			return withCIDR6(r, "::/0")
		}
		return withCIDR(r, "0.0.0.0/0")
	case x < 0.06:
		port := pick(g, []int{80, 443})
		r = withCIDR(desc(ruleTCP(port, port), "public web"), "0.0.0.0/0")
	case x < 0.40:
		r = desc(g.withGroup(ruleTCP(ap.port, ap.port), v, g.groupIn(v, self)), ap.what+" from "+pick(g, groupRoles))
	case x < 0.42:
		if pv, pi := g.activePeer(v); pv != nil && len(pv.groups) > 0 {
			k := pick(g, pv.groups)
			r = desc(ruleTCP(ap.port, ap.port), ap.what+" from peered VPC")
			r.ReferencedGroup = &snapshot.GroupReference{
				GroupID: g.s.SecurityGroups[k].ID, AccountID: pv.account, VPCID: pv.id,
				PeeringConnectionID: g.s.PeeringConnections[pi].ID, PeeringStatus: "active",
			}
		} else {
			r = desc(g.withGroup(ruleTCP(ap.port, ap.port), v, g.groupIn(v, self)), ap.what)
		}
	case x < 0.65:
		src := pick(g, internal)
		if g.chance(0.15) {
			src = pick(g, []string{"203.0.113.0/24", fmt.Sprintf("198.51.100.%d/32", g.rng.IntN(250)+1)})
		} else if pv, _ := g.activePeer(v); pv != nil && g.chance(0.2) {
			src = pv.cidr
		}
		r = withCIDR(desc(ruleTCP(ap.port, ap.port), ap.what), src)
	case x < 0.70:
		if g.chance(0.5) {
			r = withCIDR(desc(ruleTCP(1024, 65535), "ephemeral"), v.cidr)
		} else {
			r = withCIDR(desc(ruleTCP(8000, 8999), "service mesh"), pick(g, internal))
		}
	case x < 0.78:
		port := pick(g, []int{53, 123, 161, 514, 4789})
		r = withCIDR(desc(ruleUDP(port, port), "udp "+strconv.Itoa(port)), pick(g, internal))
	case x < 0.85:
		switch g.rng.IntN(4) {
		case 0:
			r = ruleICMP(-1, -1)
		case 1:
			r = ruleICMP(8, -1)
		case 2:
			r = ruleICMP(3, 4) // path MTU discovery
		default:
			r = ruleICMP(0, -1)
		}
		src := pick(g, internal)
		if g.chance(0.1) {
			src = "0.0.0.0/0"
		}
		r = withCIDR(desc(r, "ICMP"), src)
	case x < 0.90:
		if g.chance(0.4) {
			r = desc(ruleProto(-1), "all from same tier")
			r.ReferencedGroup = &snapshot.GroupReference{GroupID: g.s.SecurityGroups[self].ID, AccountID: v.account, VPCID: v.id}
		} else {
			src := pick(g, internal)
			if pv, _ := g.activePeer(v); pv != nil && g.chance(0.3) {
				src = pv.cidr
			}
			r = withCIDR(desc(ruleProto(-1), "all traffic"), src)
		}
	case x < 0.93:
		port := pick(g, []int{22, 443, 3389})
		r = withPL(desc(ruleTCP(port, port), "from corporate networks"), g.corpPrefixList(v.account, v.region))
	case x < 0.95:
		if v.ipv6 != "" {
			if g.chance(0.5) {
				r = withCIDR6(desc(ruleICMPv6(-1, -1), "ICMPv6"), v.ipv6)
			} else {
				r = withCIDR6(desc(ruleTCP(443, 443), "HTTPS over IPv6"), "::/0")
			}
		} else {
			r = withCIDR(desc(ruleTCP(ap.port, ap.port), ap.what), v.cidr)
		}
	case x < 0.97:
		r = withCIDR(desc(ruleProto(pick(g, []int{50, 47, 132})), "tunnel"), "203.0.113.0/24")
	default:
		port := pick(g, []int{8443, 9443, 25, 8080})
		r = withCIDR(desc(ruleTCP(port, port), "partner access"), "0.0.0.0/0")
	}
	if g.chance(0.15) {
		r.Description = ""
	}
	return r
}

// groupIn picks a non-default group of v (self when it is the only one).
func (g *generator) groupIn(v *vpcInfo, self int) int {
	if len(v.groups) == 0 {
		return self
	}
	return pick(g, v.groups)
}

// activePeer returns an active, same-region peer of v (SG references work
// only there, aws-semantics §1.3) and the peering's index.
func (g *generator) activePeer(v *vpcInfo) (*vpcInfo, int) {
	if len(v.peerings) == 0 {
		return nil, -1
	}
	pi := pick(g, v.peerings)
	pv := g.peer(v, pi)
	if g.s.PeeringConnections[pi].Status != "active" || pv.region != v.region {
		return nil, -1
	}
	return pv, pi
}

// ---- route tables ----

func (g *generator) routeTables() {
	custom := make([]int, g.p.VPCs)
	for k := range g.p.RouteTables - g.p.VPCs {
		custom[k%g.p.VPCs]++
	}
	for _, v := range g.vpc {
		main := snapshot.RouteTable{ID: g.id("rtb"), Meta: meta(v.account, v.region, name(fmt.Sprintf("vpc%d-main", v.idx))), VPCID: v.id, Main: true, Routes: []snapshot.Route{}}
		if v.igw != "" && g.chance(0.3) {
			main.Routes = append(main.Routes, route("0.0.0.0/0", snapshot.TargetInternetGateway, v.igw))
		}
		v.mainRT = len(g.s.RouteTables)
		g.s.RouteTables = append(g.s.RouteTables, main)
		for c := range custom[v.idx] {
			public := g.chance(0.5) && v.igw != ""
			rt := snapshot.RouteTable{ID: g.id("rtb"), VPCID: v.id, Routes: []snapshot.Route{}}
			if c < len(v.subnets) {
				public = v.public[c]
				rt.SubnetIDs = []string{g.s.Subnets[v.subnets[c]].ID}
			}
			kind := "private"
			if public {
				kind = "public"
			}
			rt.Meta = meta(v.account, v.region, name(fmt.Sprintf("vpc%d-%s-%d", v.idx, kind, c)))
			switch {
			case public:
				rt.Routes = append(rt.Routes, route("0.0.0.0/0", snapshot.TargetInternetGateway, v.igw))
				if v.ipv6 != "" {
					rt.Routes = append(rt.Routes, route6("::/0", snapshot.TargetInternetGateway, v.igw))
				}
			case v.nat >= 0:
				rt.Routes = append(rt.Routes, route("0.0.0.0/0", snapshot.TargetNATGateway, g.s.NATGateways[v.nat].ID))
				if v.ipv6 != "" {
					rt.Routes = append(rt.Routes, route6("::/0", snapshot.TargetEgressOnlyInternetGateway, v.eigw))
				}
			}
			if !public && g.chance(0.3) {
				rt.Routes = append(rt.Routes, route("172.16.0.0/12", snapshot.TargetTransitGateway, "tgw-0"+fmt.Sprintf("%016x", uint64(len(v.region))*0x1f3a5c7e9b)))
			}
			for _, pi := range v.peerings {
				if !g.chance(0.7) { // sometimes one side forgets its route
					continue
				}
				pc := g.s.PeeringConnections[pi]
				r := route(g.peer(v, pi).cidr, "vpc_peering_connection", pc.ID)
				if pc.Status != "active" {
					r.State = "blackhole"
				}
				rt.Routes = append(rt.Routes, r)
			}
			v.customRTs = append(v.customRTs, len(g.s.RouteTables))
			g.s.RouteTables = append(g.s.RouteTables, rt)
		}
	}
}

func route(dst string, typ snapshot.TargetKind, target string) snapshot.Route {
	return snapshot.Route{DestinationCIDR: dst, TargetType: typ, TargetID: target, State: "active", Origin: "CreateRoute"}
}

func route6(dst string, typ snapshot.TargetKind, target string) snapshot.Route {
	return snapshot.Route{DestinationIPv6CIDR: dst, TargetType: typ, TargetID: target, State: "active", Origin: "CreateRoute"}
}

// ---- network ACLs ----

type aclTemplate struct {
	action string
	rule   snapshot.SGRule // protocol, ports and target reused from SG rules
}

func (g *generator) networkACLs() {
	n := g.p.NACLs
	fixed := make([]int, n)
	for k := range n {
		fixed[k] = -1
		if k < g.p.VPCs {
			fixed[k] = defaultACLEntries(k)
		}
	}
	counts := g.spread(g.p.NACLEntries, fixed, 2, 2*maxEntriesPerDirection)
	customOf := make([][]int, g.p.VPCs)
	for k := range n {
		v := g.vpc[k%g.p.VPCs]
		acl := snapshot.NetworkACL{ID: g.id("acl"), VPCID: v.id, Entries: []snapshot.ACLEntry{}}
		if k < g.p.VPCs {
			acl.IsDefault = true
			acl.Meta = meta(v.account, v.region, nil)
			for _, egress := range []bool{false, true} {
				acl.Entries = append(acl.Entries, aclEntry(100, egress, "allow", withCIDR(ruleProto(-1), "0.0.0.0/0")))
				if v.ipv6 != "" {
					acl.Entries = append(acl.Entries, aclEntry(101, egress, "allow", withCIDR6(ruleProto(-1), "::/0")))
				}
			}
		} else {
			acl.Meta = meta(v.account, v.region, name(fmt.Sprintf("vpc%d-nacl-%d", v.idx, len(customOf[v.idx]))))
			in := max(1, min(maxEntriesPerDirection, counts[k]/2+g.rng.IntN(3)-1))
			if counts[k]-in > maxEntriesPerDirection {
				in = counts[k] - maxEntriesPerDirection
			}
			if counts[k]-in < 1 {
				in = counts[k] - 1
			}
			acl.Entries = append(acl.Entries, g.aclDirection(v, false, in)...)
			acl.Entries = append(acl.Entries, g.aclDirection(v, true, counts[k]-in)...)
			customOf[v.idx] = append(customOf[v.idx], len(g.s.NetworkACLs))
		}
		g.s.NetworkACLs = append(g.s.NetworkACLs, acl)
	}
	// Subnet j of a VPC uses custom NACL j%c, except every fifth subnet,
	// which stays on the default NACL implicitly.
	for _, v := range g.vpc {
		c := customOf[v.idx]
		if len(c) == 0 {
			continue
		}
		for j, sn := range v.subnets {
			if j%5 == 4 {
				continue
			}
			a := &g.s.NetworkACLs[c[j%len(c)]]
			a.SubnetIDs = append(a.SubnetIDs, g.s.Subnets[sn].ID)
		}
	}
}

func aclEntry(num int, egress bool, action string, r snapshot.SGRule) snapshot.ACLEntry {
	return snapshot.ACLEntry{
		RuleNumber: num, Egress: egress, Action: action, Protocol: r.Protocol, ProtocolNumber: r.ProtocolNumber,
		FromPort: r.FromPort, ToPort: r.ToPort, ICMPType: r.ICMPType, ICMPCode: r.ICMPCode, CIDRIPv4: r.CIDRIPv4, CIDRIPv6: r.CIDRIPv6,
	}
}

// aclDirection writes m entries for one direction, numbered from a random
// start in a random step, drawing allows and denies in random order so
// that some denies shadow later allows and some allows make later denies
// dead.
func (g *generator) aclDirection(v *vpcInfo, egress bool, m int) []snapshot.ACLEntry {
	start := pick(g, []int{1, 10, 50, 100})
	step := pick(g, []int{1, 5, 10, 100})
	out := make([]snapshot.ACLEntry, 0, m)
	for i := range m {
		t := g.aclTemplate(v)
		if g.chance(0.2) {
			t.action = map[string]string{"allow": "deny", "deny": "allow"}[t.action]
		}
		out = append(out, aclEntry(start+i*step, egress, t.action, t.rule))
	}
	return out
}

func (g *generator) aclTemplate(v *vpcInfo) aclTemplate {
	switch x := g.rng.Float64(); {
	case x < 0.12:
		return aclTemplate{"deny", withCIDR(ruleProto(-1), pick(g, []string{"198.51.100.0/24", "203.0.113.77/32", "192.0.2.0/24"}))}
	case x < 0.30:
		port := pick(g, []int{80, 443})
		return aclTemplate{"allow", withCIDR(ruleTCP(port, port), "0.0.0.0/0")}
	case x < 0.45:
		return aclTemplate{"allow", withCIDR(ruleTCP(1024, 65535), "0.0.0.0/0")}
	case x < 0.58:
		return aclTemplate{"allow", withCIDR(ruleProto(-1), v.cidr)}
	case x < 0.66:
		port := pick(g, []int{22, 3389})
		return aclTemplate{pick(g, []string{"allow", "deny"}), withCIDR(ruleTCP(port, port), pick(g, []string{"0.0.0.0/0", "203.0.113.0/24", "10.0.0.0/8"}))}
	case x < 0.74:
		port := pick(g, []int{53, 123})
		return aclTemplate{"allow", withCIDR(ruleUDP(port, port), pick(g, []string{v.cidr, "0.0.0.0/0"}))}
	case x < 0.82:
		r := ruleICMP(-1, -1)
		if g.chance(0.5) {
			r = ruleICMP(pick(g, []int{0, 3, 8, 11}), -1)
		}
		return aclTemplate{pick(g, []string{"allow", "deny"}), withCIDR(r, "0.0.0.0/0")}
	case x < 0.90:
		if v.ipv6 != "" {
			if g.chance(0.5) {
				return aclTemplate{"allow", withCIDR6(ruleProto(-1), "::/0")}
			}
			return aclTemplate{"allow", withCIDR6(ruleTCP(443, 443), "::/0")}
		}
		return aclTemplate{"allow", withCIDR(ruleTCP(5432, 5432), "10.0.0.0/8")}
	case x < 0.95:
		return aclTemplate{"allow", withCIDR(ruleProto(-1), "0.0.0.0/0")}
	default:
		return aclTemplate{"deny", withCIDR(ruleTCP(0, 65535), "0.0.0.0/0")}
	}
}

// ---- endpoints ----

var endpointServices = []struct {
	service string
	typ     string
}{{"s3", "Gateway"}, {"ssm", "Interface"}, {"dynamodb", "Gateway"}, {"sts", "Interface"}, {"ec2messages", "Interface"}, {"ssmmessages", "Interface"}, {"logs", "Interface"}, {"ecr.api", "Interface"}, {"ecr.dkr", "Interface"}, {"kms", "Interface"}}

// endpoints makes endpoint k in VPC k%VPCs for service k/VPCs, so no VPC
// has two endpoints for one service.
func (g *generator) endpoints() {
	g.s3Gateways = map[string][]string{}
	for k := range g.p.Endpoints {
		v := g.vpc[k%g.p.VPCs]
		svc := endpointServices[k/g.p.VPCs]
		e := snapshot.VPCEndpoint{
			ID: g.id("vpce"), Meta: meta(v.account, v.region, name(fmt.Sprintf("vpc%d-%s", v.idx, svc.service))),
			VPCID: v.id, Type: svc.typ, ServiceName: "com.amazonaws." + v.region + "." + svc.service, State: "available",
		}
		switch svc.typ {
		case "Gateway":
			pl := s3PrefixLists[v.region]
			if svc.service == "dynamodb" {
				pl = ddbPrefixLists[v.region]
			}
			tables := []int{v.mainRT}
			for _, rt := range v.customRTs {
				if g.chance(0.6) {
					tables = append(tables, rt)
				}
			}
			for _, rt := range tables {
				t := &g.s.RouteTables[rt]
				e.RouteTableIDs = append(e.RouteTableIDs, t.ID)
				t.Routes = append(t.Routes, snapshot.Route{DestinationPrefixListID: pl, TargetType: snapshot.TargetGatewayEndpoint, TargetID: e.ID, State: "active", Origin: "CreateRoute"})
			}
			if svc.service == "s3" {
				key := v.account + "/" + v.region
				g.s3Gateways[key] = append(g.s3Gateways[key], e.ID)
			}
		case "Interface":
			// One subnet per AZ, private subnets first, at most three.
			seen := map[string]bool{}
			for _, wantPublic := range []bool{false, true} {
				for j, sn := range v.subnets {
					az := g.s.Subnets[sn].AvailabilityZone
					if v.public[j] == wantPublic && !seen[az] && len(e.SubnetIDs) < 3 {
						seen[az] = true
						e.SubnetIDs = append(e.SubnetIDs, g.s.Subnets[sn].ID)
					}
				}
			}
			if len(v.groups) > 0 && g.chance(0.9) {
				e.SecurityGroupIDs = []string{g.s.SecurityGroups[pick(g, v.groups)].ID}
			} else {
				e.SecurityGroupIDs = []string{v.defaultSG}
			}
			e.PrivateDNSEnabled = g.chance(0.9)
			g.interfaceEndpoints = append(g.interfaceEndpoints, len(g.s.VPCEndpoints))
		}
		if g.chance(0.4) {
			d := policy(stmt{
				Sid: "OrgOnly", Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
				Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
			})
			e.Policy = &d
		}
		g.s.VPCEndpoints = append(g.s.VPCEndpoints, e)
	}
}

// ---- policies ----

type stmt struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal any                       `json:"Principal,omitempty"`
	Action    any                       `json:"Action,omitempty"`
	NotAction any                       `json:"NotAction,omitempty"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

func policy(sts ...stmt) iampolicy.Document {
	b, err := json.Marshal(struct {
		Version   string `json:"Version"`
		Statement []stmt `json:"Statement"`
	}{"2012-10-17", sts})
	if err != nil {
		panic(err)
	}
	return iampolicy.Parse(string(b))
}

func cond(op, key string, val any) map[string]map[string]any {
	return map[string]map[string]any{op: {key: val}}
}

func and(cs ...map[string]map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, c := range cs {
		for op, kv := range c {
			if out[op] == nil {
				out[op] = map[string]any{}
			}
			maps.Copy(out[op], kv)
		}
	}
	return out
}

func ipString(n uint32) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], n)
	return netip.AddrFrom4(b).String()
}
