package facts

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// Facts is input.facts: what Go computes so that rules stay short
// selectors and every piece of AWS semantics is tested once, in Go. Every
// map has an entry (possibly []) per NACL where it is keyed by NACL, and
// lists are [], never absent, when vpclint computed them; a rule test may
// omit them, so use object.get where absence matters.
type Facts struct {
	// NACLInternetIngress maps a NACL id to what its inbound allow entries
	// really admit from internet addresses after first-match evaluation;
	// an allow shadowed by a lower-numbered deny does not appear.
	NACLInternetIngress map[string][]reach.Admission `json:"nacl_internet_ingress"`
	// NACLInternetEgress is the same for outbound entries.
	NACLInternetEgress map[string][]reach.Admission `json:"nacl_internet_egress"`
	// PublicCIDRs maps every CIDR used in an SG rule or NACL entry to
	// whether it contains internet addresses.
	PublicCIDRs map[string]bool `json:"public_cidrs"`
	// SGIngressPublic lists the inbound SG rules whose CIDR contains
	// internet addresses. Exposure rules iterate this instead of every
	// rule: on a 100,000-rule account it is the difference between
	// milliseconds and seconds.
	SGIngressPublic []PublicRule `json:"sg_ingress_public"`
	// RoleInstances maps a role id to the instances running with it
	// (through their instance profile), sorted.
	RoleInstances map[string][]string `json:"role_instances"`

	// NACLShadowed maps a NACL to entries that can never match, or that an
	// earlier entry of the opposite action partly decides (aws-semantics
	// §2.1); the * entries are never listed.
	NACLShadowed map[string][]reach.Shadow `json:"nacl_shadowed"`
	// NACLReturnGaps maps a NACL to allow entries whose replies are denied
	// in the other direction on the Linux ephemeral ports 32768-61000
	// (§2.4). Ports and denied ports are port-set text ("22",
	// "1024-65535", "22,80-81"); the entries denying the replies include
	// the * entries (32767, 32768) when they deny.
	NACLReturnGaps map[string][]reach.ReturnGap `json:"nacl_return_gaps"`
	// NACLDeniesAll maps a NACL to the directions ("inbound", "outbound")
	// in which it admits nothing: no allow entry, or every one fully
	// shadowed.
	NACLDeniesAll map[string][]string `json:"nacl_denies_all"`
	// NACLPMTUBlocked maps a NACL to the directions in which ICMP type 3
	// code 4 ("fragmentation needed") from or to an internet address is
	// denied while TCP is admitted (§2.5).
	NACLPMTUBlocked map[string][]string `json:"nacl_pmtu_blocked"`
	// ACLSubnets maps a NACL to every subnet using it, explicitly or as
	// its VPC's default. Report a NACL only when this is non-empty, and
	// name the subnets; use it instead of scanning the subnets.
	ACLSubnets map[string][]string `json:"acl_subnets"`
	// RTSubnets maps a route table to every subnet using it, explicitly
	// or as its VPC's main table.
	RTSubnets map[string][]string `json:"rt_subnets"`
	// SubnetInstances maps a subnet to the instances in it.
	SubnetInstances map[string][]string `json:"subnet_instances"`
	// RouteProblems are routes that cannot work. The route text is
	// "<destination> -> <target type> <target id> (<state>)"; the Rego
	// helpers net.problem_destination and net.problem_route find the
	// destination and the route object.
	RouteProblems []reach.RouteProblem `json:"route_problems"`
	// PeeringProblems are peerings that cannot carry traffic as configured.
	PeeringProblems []reach.PeeringProblem `json:"peering_problems"`
	// OverlappingPeers maps a VPC to the overlaps among the VPCs it is
	// actively peered with, as text like "10.0.0.0/16 (vpc-a) overlaps
	// 10.0.0.0/24 (vpc-b)".
	OverlappingPeers map[string][]string `json:"overlapping_peers"`
	// PeerWideIngress are inbound SG rules (not open to the internet) whose
	// source covers a whole block of a VPC peered with the group's VPC
	// (any peering that is or may become active, the peer VPC in the
	// snapshot), with the peer's subnets holding interfaces in that block:
	// the narrower sources (SG009 keeps the admin and database ports).
	PeerWideIngress []PeerWideRule `json:"peer_wide_ingress"`
	// GatewayProblems are NAT gateways and public interfaces without a
	// working internet route: a public, available NAT gateway whose subnet
	// does not route the internet to an attached IGW, or an interface with
	// a public address (the resource is its instance when it is attached
	// to one, else the interface).
	GatewayProblems []reach.GatewayProblem `json:"gateway_problems"`
	// StaleReferences are security group references that cannot match.
	StaleReferences []reach.StaleReference `json:"stale_references"`
	// InternetExposure is what each interface admits from the internet
	// end to end (§6.1: attached IGW, public address, IGW route, NACL both
	// ways with Linux ephemeral replies, security groups); TCP and UDP
	// only.
	InternetExposure []reach.Exposure `json:"internet_exposure"`
	// SGExposure maps a security group to the interfaces using it and the
	// end-to-end exposures of those interfaces, for re-grading exposure
	// findings (configured vs effective): the Rego helpers
	// net.exposure_grade and net.regrade read it.
	SGExposure map[string]GroupExposure `json:"sg_exposure"`
	// Intents are the evaluated .vpclint.yaml intents. Every pair of
	// interface classes the selections name is checked (tcp, udp and ping
	// through the matrix, anything else with reach); an intent that cannot
	// be decided is unknown, with a problem or the undecided verdict as
	// evidence, never satisfied.
	Intents []reach.IntentResult `json:"intents"`
	// Changes are what gets through after but not before (exposure), or
	// before but not after (breakage), when a before snapshot is given
	// (check --before, a plan's prior state), from comparing the full
	// reachability matrices of both snapshots and every interface from the
	// internet. There is no matrix fact: the class-to-class matrix is far
	// too large to be a Rego value on a large account; ask about one pair
	// with the vpclint.reach builtin.
	Changes []reach.Change `json:"changes"`

	// Access are the policy evaluations of the access and endpoint checks.
	Access Access `json:"access"`

	// Flows join the flow logs given with check --flows with the
	// configuration; absent without them.
	Flows *Flows `json:"flows,omitempty"`

	// Policies analyses every policy document of the snapshot (role trust
	// and inline policies, managed policies, bucket and endpoint
	// policies). It is not under input.facts: the engine puts each
	// analysis into its document, as "analysis" (for example
	// input.roles[id].trust_policy.analysis).
	Policies map[PolicyAt]PolicyAnalysis `json:"-"`
}

// PublicRule is an inbound SG rule open to internet addresses.
type PublicRule struct {
	GroupID string `json:"group_id"`
	// Rule is the rule as in input.security_groups[group_id].ingress.
	Rule snapshot.SGRule `json:"rule"`
	// Anywhere is set for 0.0.0.0/0 and ::/0.
	Anywhere bool `json:"anywhere"`
	// PrefixLen is the CIDR's prefix length.
	PrefixLen int `json:"prefix_len"`
}

// GroupExposure is what the interfaces of one security group expose.
type GroupExposure struct {
	// Attached are the interfaces using the group, sorted.
	Attached []string `json:"attached"`
	// Exposed are the InternetExposure entries of those interfaces.
	Exposed []reach.Exposure `json:"exposed"`
}

// Compute derives the facts of a normalised snapshot. m is s's reach
// model, built once per check and shared with the vpclint.reach builtin;
// nil builds one.
func Compute(s *snapshot.Snapshot, opt Options, m *reach.Model) *Facts {
	if m == nil {
		m = reach.NewModel(s)
	}
	// The before state's model serves both the change diff and the flow
	// replay: built once, it is the most expensive thing here after m.
	var before *reach.Model
	if opt.Before != nil {
		before = reach.NewModel(opt.Before)
	}
	f := &Facts{}
	f.addNetwork(s)
	f.addReach(m, opt.Intents, before)
	if opt.Flows != nil {
		f.Flows = computeFlows(m, opt.Flows, before)
	}
	f.Access = computeAccess(s, opt)
	f.Policies = analysePolicies(s)
	return f
}

// addNetwork sets the facts read straight off the snapshot's SG rules,
// NACL entries and instances.
func (f *Facts) addNetwork(s *snapshot.Snapshot) {
	f.NACLInternetIngress = map[string][]reach.Admission{}
	f.NACLInternetEgress = map[string][]reach.Admission{}
	f.PublicCIDRs = map[string]bool{}
	f.SGIngressPublic = []PublicRule{}
	f.RoleInstances = map[string][]string{}
	for _, a := range s.NetworkACLs {
		f.NACLInternetIngress[a.ID] = nonNil(reach.InternetAdmissions(a.Entries, false))
		f.NACLInternetEgress[a.ID] = nonNil(reach.InternetAdmissions(a.Entries, true))
	}
	for _, sg := range s.SecurityGroups {
		for _, rs := range [][]snapshot.SGRule{sg.Ingress, sg.Egress} {
			for _, r := range rs {
				markPublic(f.PublicCIDRs, r.CIDRIPv4, r.CIDRIPv6)
			}
		}
	}
	for _, a := range s.NetworkACLs {
		for _, e := range a.Entries {
			markPublic(f.PublicCIDRs, e.CIDRIPv4, e.CIDRIPv6)
		}
	}
	for _, sg := range s.SecurityGroups {
		for _, r := range sg.Ingress {
			c := cmp.Or(r.CIDRIPv4, r.CIDRIPv6)
			if c == "" || !f.PublicCIDRs[c] {
				continue
			}
			p, _ := netip.ParsePrefix(c)
			f.SGIngressPublic = append(f.SGIngressPublic, PublicRule{GroupID: sg.ID, Rule: r, Anywhere: p.Bits() == 0, PrefixLen: p.Bits()})
		}
	}
	for _, in := range s.Instances {
		for _, r := range in.RoleIDs {
			f.RoleInstances[r] = append(f.RoleInstances[r], in.ID)
		}
	}
}

func markPublic(m map[string]bool, cidrs ...string) {
	for _, c := range cidrs {
		if c == "" {
			continue
		}
		if _, seen := m[c]; seen {
			continue
		}
		p, err := netip.ParsePrefix(c)
		m[c] = err == nil && reach.IsPublicPrefix(p)
	}
}

// addReach sets the network facts reach computes for the breakage and
// exposure rules, from m, the model of the snapshot being checked.
func (f *Facts) addReach(m *reach.Model, intents []reach.Intent, before *reach.Model) {
	s := m.S
	f.NACLShadowed, f.NACLReturnGaps = map[string][]reach.Shadow{}, map[string][]reach.ReturnGap{}
	f.NACLDeniesAll, f.NACLPMTUBlocked = map[string][]string{}, map[string][]string{}
	f.ACLSubnets, f.RTSubnets, f.SubnetInstances = map[string][]string{}, map[string][]string{}, map[string][]string{}
	f.RouteProblems, f.PeeringProblems = nonNil(m.RouteProblems()), nonNil(m.PeeringProblems())
	f.OverlappingPeers, f.GatewayProblems = m.OverlappingPeers(), nonNil(m.GatewayProblems())
	f.StaleReferences, f.InternetExposure = nonNil(m.StaleReferences()), nonNil(m.InternetExposure())
	f.PeerWideIngress = peerWideIngress(m, f.PublicCIDRs)
	f.SGExposure, f.Intents = map[string]GroupExposure{}, []reach.IntentResult{}
	for _, in := range intents {
		f.Intents = append(f.Intents, m.EvaluateIntent(in))
	}
	f.Changes = []reach.Change{}
	if before != nil {
		changes, _ := reach.Diff(before, m)
		f.Changes = nonNil(changes)
	}
	for i := range s.NetworkACLs {
		a := &s.NetworkACLs[i]
		sh := reach.Shadows(a)
		f.NACLShadowed[a.ID] = nonNil(sh)
		f.NACLReturnGaps[a.ID] = nonNil(reach.ReturnGaps(a, sh))
		f.NACLDeniesAll[a.ID] = nonNil(reach.DeniesAll(a, sh))
		f.NACLPMTUBlocked[a.ID] = nonNil(reach.PMTUBlocked(a))
	}
	for _, sn := range s.Subnets {
		f.ACLSubnets[sn.NetworkACLID] = append(f.ACLSubnets[sn.NetworkACLID], sn.ID)
		f.RTSubnets[sn.RouteTableID] = append(f.RTSubnets[sn.RouteTableID], sn.ID)
	}
	for _, in := range s.Instances {
		if in.SubnetID != "" {
			f.SubnetInstances[in.SubnetID] = append(f.SubnetInstances[in.SubnetID], in.ID)
		}
	}
	byENI := map[string][]reach.Exposure{}
	for _, x := range f.InternetExposure {
		byENI[x.ENI] = append(byENI[x.ENI], x)
	}
	for g, members := range m.Members {
		ge := GroupExposure{Attached: []string{}, Exposed: []reach.Exposure{}}
		for _, e := range members {
			ge.Attached = append(ge.Attached, e.ID)
			ge.Exposed = append(ge.Exposed, byENI[e.ID]...)
		}
		slices.Sort(ge.Attached)
		f.SGExposure[g] = ge
	}
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
