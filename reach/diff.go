package reach

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// Change is one difference in what gets through between two snapshots.
type Change struct {
	// Kind: "breakage" (reachable before, not after) or "exposure"
	// (reachable after, not before).
	Kind        string `json:"kind"`
	Source      string `json:"source"`
	Destination string `json:"destination"`
	Protocol    string `json:"protocol"`
	// Values are the ports (or ICMP values) that changed.
	Values string `json:"values"`
	// Causes are the components that block it after (breakage) or that
	// let it through after but not before (exposure), marked "(new)" or
	// "(changed)" when they differ from the before snapshot.
	Causes  []string `json:"causes"`
	Message string   `json:"message"`
}

// diffProtocols are the traffic classes compared.
var diffProtocols = []string{"tcp", "udp", "icmp"}

// maxDiffPairs bounds the interface classes compared pairwise.
const maxDiffPairs = 20000

// Diff compares what gets through between interface classes (same subnet
// and groups) present in both snapshots, and from the internet to every
// interface, and reports what was lost (predicted breakage) and gained
// (new exposure).
func Diff(before, after *Model) ([]Change, []string) {
	var out []Change
	var notes []string
	reps := commonClasses(before, after)
	pairs := 0
	for _, a := range reps {
		for _, b := range reps {
			if a == b {
				continue
			}
			ea, eb := after.ENIs[a], after.ENIs[b]
			if ea.VPCID != eb.VPCID && after.activePeering(ea.VPCID, eb.VPCID) == nil && before.activePeering(before.ENIs[a].VPCID, before.ENIs[b].VPCID) == nil {
				continue
			}
			if pairs++; pairs > maxDiffPairs {
				notes = append(notes, fmt.Sprintf("compared the first %d interface-class pairs only", maxDiffPairs))
				return out, notes
			}
			out = append(out, diffPair(before, after, a, b)...)
		}
	}
	for _, id := range reps {
		out = append(out, diffInternet(before, after, id)...)
	}
	return out, notes
}

// commonClasses picks one interface per class, among interfaces present
// in both snapshots, in id order.
func commonClasses(before, after *Model) []string {
	var ids []string
	for _, id := range after.order {
		if before.ENIs[id] != nil {
			ids = append(ids, id)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		for _, m := range []*Model{before, after} {
			e := m.ENIs[id]
			g := slices.Clone(e.Groups)
			slices.Sort(g)
			k := fmt.Sprintf("%p|%s|%s", m, e.SubnetID, strings.Join(g, ","))
			if !seen[k] {
				seen[k] = true
				if !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
		}
	}
	return out
}

func endpointOf(m *Model, id string) Endpoint {
	e := m.ENIs[id]
	name := id
	if e.InstanceID != "" {
		name = e.InstanceID
	}
	return Endpoint{ENI: e, Addr: e.Private[0], Name: name}
}

func diffPair(before, after *Model, a, b string) []Change {
	if len(before.ENIs[a].Private) == 0 || len(before.ENIs[b].Private) == 0 || len(after.ENIs[a].Private) == 0 || len(after.ENIs[b].Private) == 0 {
		return nil
	}
	var out []Change
	for _, p := range diffProtocols {
		t, _ := ParseTraffic(p)
		if p == "icmp" {
			t.Ports = ICMPSet(8, 0)
		}
		out = append(out, compare(before, after, endpointOf(before, a), endpointOf(before, b), endpointOf(after, a), endpointOf(after, b), t)...)
	}
	return out
}

func diffInternet(before, after *Model, id string) []Change {
	var out []Change
	for _, p := range []string{"tcp", "udp"} {
		t, _ := ParseTraffic(p)
		src := Endpoint{Addr: RepresentativeInternet, Name: "internet"}
		out = append(out, compare(before, after, src, endpointOf(before, id), src, endpointOf(after, id), t)...)
	}
	return out
}

func compare(before, after *Model, bs, bd, as, ad Endpoint, t Traffic) []Change {
	was, ok1 := before.Allowed(bs, bd, t)
	now, ok2 := after.Allowed(as, ad, t)
	if !ok1 || !ok2 {
		return nil
	}
	var out []Change
	if lost := was.Subtract(now); !lost.Empty() {
		probe := t
		probe.Ports = Range(lost.Ranges()[0][0], lost.Ranges()[0][0])
		v := after.Reach(as, ad, probe)
		causes := causesOf(v, before)
		out = append(out, Change{
			Kind: "breakage", Source: as.Name, Destination: ad.Name, Protocol: t.Protocol, Values: valuesText(t, lost), Causes: causes,
			Message: fmt.Sprintf("%s -> %s on %s/%s worked before and is blocked after: %s", as.Name, ad.Name, t.Protocol, valuesText(t, lost), strings.Join(causes, "; ")),
		})
	}
	if gained := now.Subtract(was); !gained.Empty() {
		probe := t
		probe.Ports = Range(gained.Ranges()[0][0], gained.Ranges()[0][0])
		v := before.Reach(bs, bd, probe)
		var causes []string
		for _, b := range v.Blocks {
			causes = append(causes, fmt.Sprintf("%s %s no longer blocks (%s)", b.Component.Type, b.Component.ID, b.Message))
		}
		out = append(out, Change{
			Kind: "exposure", Source: as.Name, Destination: ad.Name, Protocol: t.Protocol, Values: valuesText(t, gained), Causes: causes,
			Message: fmt.Sprintf("%s -> %s on %s/%s is newly reachable: %s", as.Name, ad.Name, t.Protocol, valuesText(t, gained), strings.Join(causes, "; ")),
		})
	}
	return out
}

// causesOf names the blocking components of an after-verdict, marking
// those whose rule did not exist before.
func causesOf(v Verdict, before *Model) []string {
	var out []string
	for _, b := range v.Blocks {
		c := fmt.Sprintf("%s %s: %s", b.Component.Type, b.Component.ID, b.Message)
		if b.Rule != "" {
			c = fmt.Sprintf("%s %s %s", b.Component.Type, b.Component.ID, b.Rule)
			if !before.hasRule(b) {
				c += " (new)"
			}
		}
		out = append(out, c)
	}
	return out
}

func (m *Model) hasRule(b Block) bool {
	switch b.Component.Type {
	case "network-acl":
		if a := m.ACLs[b.Component.ID]; a != nil {
			return slices.ContainsFunc(a.Entries, func(e snapshot.ACLEntry) bool { return entryText(e) == b.Rule })
		}
	case "route-table":
		if rt := m.Tables[b.Component.ID]; rt != nil {
			for i := range rt.Routes {
				if routeText(&rt.Routes[i]) == b.Rule {
					return true
				}
			}
		}
	}
	return false
}

func valuesText(t Traffic, p PortSet) string {
	w := &walk{t: t}
	return w.valuesText(p)
}
