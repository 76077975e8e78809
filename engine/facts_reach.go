package engine

import (
	"slices"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// ReachFacts are the network facts reach computes for the breakage and
// exposure rules (DESIGN.md "Facts").
type ReachFacts struct {
	// NACLShadowed maps a NACL to entries that can never match, or that an
	// earlier entry of the opposite action partly decides.
	NACLShadowed map[string][]reach.Shadow `json:"nacl_shadowed"`
	// NACLReturnGaps maps a NACL to allow entries whose replies are denied
	// in the other direction on the client's ephemeral ports.
	NACLReturnGaps map[string][]reach.ReturnGap `json:"nacl_return_gaps"`
	// NACLDeniesAll maps a NACL to the directions in which it admits nothing.
	NACLDeniesAll map[string][]string `json:"nacl_denies_all"`
	// NACLPMTUBlocked maps a NACL to the directions in which it drops ICMP
	// "fragmentation needed" from the internet.
	NACLPMTUBlocked map[string][]string `json:"nacl_pmtu_blocked"`
	// ACLSubnets maps a NACL to every subnet using it, implicitly or not.
	ACLSubnets map[string][]string `json:"acl_subnets"`
	// RTSubnets maps a route table to every subnet using it, implicitly or not.
	RTSubnets map[string][]string `json:"rt_subnets"`
	// SubnetInstances maps a subnet to the instances in it.
	SubnetInstances map[string][]string `json:"subnet_instances"`
	// RouteProblems are routes that cannot work.
	RouteProblems []reach.RouteProblem `json:"route_problems"`
	// PeeringProblems are peerings that cannot carry traffic as configured.
	PeeringProblems []reach.PeeringProblem `json:"peering_problems"`
	// OverlappingPeers maps a VPC to the overlaps among the VPCs it peers with.
	OverlappingPeers map[string][]string `json:"overlapping_peers"`
	// GatewayProblems are NAT gateways and public interfaces without a
	// working internet route.
	GatewayProblems []reach.GatewayProblem `json:"gateway_problems"`
	// StaleReferences are group references that cannot match.
	StaleReferences []reach.StaleReference `json:"stale_references"`
	// InternetExposure is what each interface admits from the internet end
	// to end.
	InternetExposure []reach.Exposure `json:"internet_exposure"`
	// SGExposure maps a security group to the interfaces using it and the
	// end-to-end exposures of those interfaces, for re-grading exposure
	// findings (configured vs effective).
	SGExposure map[string]GroupExposure `json:"sg_exposure"`
	// Intents are the evaluated .vpclint.yaml intents.
	Intents []reach.IntentResult `json:"intents"`
	// Changes are what gets through after but not before, or before but
	// not after, when a before snapshot is given.
	Changes []reach.Change `json:"changes"`
}

// GroupExposure is what the interfaces of one security group expose.
type GroupExposure struct {
	Attached []string         `json:"attached"`
	Exposed  []reach.Exposure `json:"exposed"`
}

// computeReachFacts derives the reach facts from m, the model of the
// snapshot being checked (built once per check and shared with the
// vpclint.reach builtin).
func computeReachFacts(m *reach.Model, intents []reach.Intent, before *snapshot.Snapshot) ReachFacts {
	s := m.S
	f := ReachFacts{
		NACLShadowed: map[string][]reach.Shadow{}, NACLReturnGaps: map[string][]reach.ReturnGap{},
		NACLDeniesAll: map[string][]string{}, NACLPMTUBlocked: map[string][]string{}, ACLSubnets: map[string][]string{}, RTSubnets: map[string][]string{}, SubnetInstances: map[string][]string{},
		RouteProblems: nonNil(m.RouteProblems()), PeeringProblems: nonNil(m.PeeringProblems()),
		OverlappingPeers: m.OverlappingPeers(), GatewayProblems: nonNil(m.GatewayProblems()),
		StaleReferences: nonNil(m.StaleReferences()), InternetExposure: nonNil(m.InternetExposure()),
		SGExposure: map[string]GroupExposure{}, Intents: []reach.IntentResult{},
	}
	for _, in := range intents {
		f.Intents = append(f.Intents, m.EvaluateIntent(in))
	}
	f.Changes = []reach.Change{}
	if before != nil {
		changes, _ := reach.Diff(reach.NewModel(before), m)
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
	return f
}
