package reach

import (
	"fmt"
	"slices"
	"strings"
	"sync"

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
	Causes []string `json:"causes"`
	// Components are the components Causes name, one per security group,
	// those that differ between the snapshots first, so a finding can
	// point at what changed.
	Components []Component `json:"components,omitempty"`
	Message    string      `json:"message"`
}

// maxChanges bounds the changes Diff lists; the rest are counted in a note.
const maxChanges = 2000

// Diff compares what gets through between every pair of interface
// classes, over the full IPv4 and IPv6 matrices of both snapshots, and
// from the internet to every interface, and reports what was lost
// (predicted breakage) and gained (new exposure). Interfaces are compared
// when they exist in both; two interfaces fall in one joint class when
// they share a class before and a class after, so one representative
// per joint class is exact.
func Diff(before, after *Model) ([]Change, []string) {
	var out []Change
	var notes []string
	more := 0
	emit := func(cs []Change) {
		for _, c := range cs {
			if len(out) < maxChanges {
				out = append(out, c)
			} else {
				more++
			}
		}
	}
	internet := map[string]bool{}
	for _, fam := range []string{"ipv4", "ipv6"} {
		d := newDiffPlan(before, after, fam)
		for i, p := range d.joint {
			for _, k := range d.partners(i) {
				q := d.joint[k]
				if k == i {
					if p.twin == "" {
						continue
					}
					q.eni = p.twin
				}
				emit(d.cells(p, q))
			}
		}
		for _, p := range d.joint {
			if !internet[p.eni] {
				internet[p.eni] = true
				emit(diffInternet(before, after, p.eni))
			}
		}
	}
	if more > 0 {
		notes = append(notes, fmt.Sprintf("listed the first %d changes; %d more not shown", maxChanges, more))
	}
	return out, notes
}

// joint is one joint class: its classes before and after, a
// representative interface and, when there is one, a second member to
// stand for the class as its own destination.
type joint struct {
	before, after int
	eni, twin     string
}

func jointClasses(xb, xa *Matrix) []joint {
	byKey := map[[2]int]int{}
	var out []joint
	for i := range xa.Classes {
		for _, id := range xa.Classes[i].Members {
			b, ok := xb.Index(id)
			if !ok {
				continue
			}
			k := [2]int{b, i}
			if n, seen := byKey[k]; seen {
				if out[n].twin == "" {
					out[n].twin = id
				}
				continue
			}
			byKey[k] = len(out)
			out = append(out, joint{before: b, after: i, eni: id})
		}
	}
	slices.SortFunc(out, func(p, q joint) int { return strings.Compare(p.eni, q.eni) })
	return out
}

// diffPlan holds, for one family, the two matrices, the joint classes
// and what lets Diff skip a pair cheaply.
type diffPlan struct {
	before, after *Model
	xb, xa        *Matrix
	joint         []joint
	// byBefore and byAfter list the joint classes of each class.
	byBefore, byAfter [][]int
	// same maps a before value to the equal after value, or -1.
	same  []int
	stamp []int
}

func newDiffPlan(before, after *Model, fam string) *diffPlan {
	d := &diffPlan{before: before, after: after}
	// The two matrices at once: their class and group-set phases are
	// serial, so this keeps both cores busy.
	var wg sync.WaitGroup
	wg.Go(func() { d.xb = before.CachedMatrix(fam) })
	d.xa = after.CachedMatrix(fam)
	wg.Wait()
	d.joint = jointClasses(d.xb, d.xa)
	d.byBefore, d.byAfter = make([][]int, len(d.xb.Classes)), make([][]int, len(d.xa.Classes))
	for k, j := range d.joint {
		d.byBefore[j.before] = append(d.byBefore[j.before], k)
		d.byAfter[j.after] = append(d.byAfter[j.after], k)
	}
	index := map[string]int{}
	for i, v := range d.xa.values {
		index[v.key()] = i
	}
	d.same = make([]int, len(d.xb.values))
	for i, v := range d.xb.values {
		if k, ok := index[v.key()]; ok {
			d.same[i] = k
		} else {
			d.same[i] = -1
		}
	}
	d.stamp = make([]int, len(d.joint))
	for i := range d.stamp {
		d.stamp[i] = -1
	}
	return d
}

// partners are the joint classes in a row of joint class i in either
// matrix (its VPC and the VPCs peered with it, before or after), in
// order: no other pair can get through in either snapshot.
func (d *diffPlan) partners(i int) []int {
	var out []int
	for _, side := range []struct {
		x     *Matrix
		class int
		by    [][]int
	}{{d.xb, d.joint[i].before, d.byBefore}, {d.xa, d.joint[i].after, d.byAfter}} {
		for _, b := range side.x.rows[side.class] {
			for c := side.x.vpcAt[b.vpc][0]; c < side.x.vpcAt[b.vpc][1]; c++ {
				for _, k := range side.by[c] {
					if d.stamp[k] != i {
						d.stamp[k] = i
						out = append(out, k)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// cells compares one joint pair column by column. A pair outside a
// matrix (its VPCs not joined by a peering) is asked of Reach directly.
func (d *diffPlan) cells(p, q joint) []Change {
	before, after, xb, xa := d.before, d.after, d.xb, d.xa
	ib, okb := xb.at(p.before, q.before)
	ia, oka := xa.at(p.after, q.after)
	if okb && oka && d.same[ib] == int(ia) {
		return nil
	}
	var cb, ca Cell
	if okb {
		cb = xb.values[ib]
	}
	if oka {
		ca = xa.values[ia]
	}
	bs, bd := xb.member(before, p.before, p.eni), xb.member(before, q.before, q.eni)
	as, ad := xa.member(after, p.after, p.eni), xa.member(after, q.after, q.eni)
	var out []Change
	for c, t := range matrixTraffic(xa.Family) {
		t.Ephemeral = ClientEphemeral(as.ENI)
		var was, now PortSet
		var ok bool
		if okb {
			was, ok = cb.Allowed[c], cb.Certain[c]
		} else {
			tb := t
			tb.Ephemeral = ClientEphemeral(bs.ENI)
			was, ok = before.Allowed(bs, bd, tb)
		}
		if !ok {
			continue
		}
		if oka {
			now, ok = ca.Allowed[c], ca.Certain[c]
		} else {
			now, ok = after.Allowed(as, ad, t)
		}
		if !ok {
			continue
		}
		out = append(out, compare(before, after, bs, bd, as, ad, t, was, now)...)
	}
	return out
}

// member is the endpoint of one interface of class i, named like Resolve
// names it.
func (x *Matrix) member(m *Model, i int, id string) Endpoint {
	e := m.ENIs[id]
	addr := x.Classes[i].rep.Addr
	if a, ok := familyAddr(e, x.Family != "ipv6"); ok {
		addr = a
	}
	name := id
	if e.InstanceID != "" && m.Instances[e.InstanceID][0] == e {
		name = e.InstanceID
	}
	return Endpoint{ENI: e, Addr: addr, Name: name}
}

func endpointOf(m *Model, id string) Endpoint {
	e := m.ENIs[id]
	name := id
	if e.InstanceID != "" {
		name = e.InstanceID
	}
	return Endpoint{ENI: e, Addr: e.Private[0], Name: name}
}

func diffInternet(before, after *Model, id string) []Change {
	if len(before.ENIs[id].Private) == 0 || len(after.ENIs[id].Private) == 0 {
		return nil
	}
	var out []Change
	for _, p := range []string{"tcp", "udp"} {
		t, _ := ParseTraffic(p)
		src := Endpoint{Addr: RepresentativeInternet, Name: "internet"}
		bs, bd, as, ad := src, endpointOf(before, id), src, endpointOf(after, id)
		was, ok1 := before.Allowed(bs, bd, t)
		now, ok2 := after.Allowed(as, ad, t)
		if ok1 && ok2 {
			out = append(out, compare(before, after, bs, bd, as, ad, t, was, now)...)
		}
	}
	return out
}

// compare reports what of t was allowed but is not (breakage) and the
// reverse (exposure), with the components responsible.
func compare(before, after *Model, bs, bd, as, ad Endpoint, t Traffic, was, now PortSet) []Change {
	var out []Change
	if lost := was.Subtract(now); !lost.Empty() {
		probe := t
		probe.Ports = Range(lost.Ranges()[0][0], lost.Ranges()[0][0])
		v := after.Reach(as, ad, probe)
		causes := causesOf(v, before)
		out = append(out, Change{
			Kind: "breakage", Source: as.Name, Destination: ad.Name, Protocol: t.Protocol, Values: valuesText(t, lost), Causes: causes, Components: components(v, before, after),
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
			Kind: "exposure", Source: as.Name, Destination: ad.Name, Protocol: t.Protocol, Values: valuesText(t, gained), Causes: causes, Components: components(v, before, after),
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

// components lists the components of a verdict's blocks, one per
// security group of a group-set component, those that differ between the
// two snapshots first (a finding points at the first: what changed).
func components(v Verdict, before, after *Model) []Component {
	var changed, same []Component
	for _, b := range v.Blocks {
		ids := []string{b.Component.ID}
		if b.Component.Type == "security-group" {
			ids = strings.Split(b.Component.ID, ",")
		}
		for _, id := range ids {
			c := Component{b.Component.Type, id}
			if differs(c, before, after) {
				changed = append(changed, c)
			} else {
				same = append(same, c)
			}
		}
	}
	return append(changed, same...)
}

// differs reports whether a security group, network ACL or route table
// has other rules, entries or routes in the two snapshots (where they are
// written and what they are called aside).
func differs(c Component, before, after *Model) bool {
	switch c.Type {
	case "security-group":
		a, b := before.Groups[c.ID], after.Groups[c.ID]
		return a == nil || b == nil || !sameTexts(a.Ingress, b.Ingress, sgRuleText) || !sameTexts(a.Egress, b.Egress, sgRuleText)
	case "network-acl":
		a, b := before.ACLs[c.ID], after.ACLs[c.ID]
		return a == nil || b == nil || !sameTexts(a.Entries, b.Entries, entryText)
	case "route-table":
		a, b := before.Tables[c.ID], after.Tables[c.ID]
		return a == nil || b == nil || !sameTexts(a.Routes, b.Routes, func(r snapshot.Route) string { return routeText(&r) })
	}
	return false
}

// sameTexts compares two lists as multisets of their texts.
func sameTexts[T any](a, b []T, text func(T) string) bool {
	if len(a) != len(b) {
		return false
	}
	ta, tb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ta[i], tb[i] = text(a[i]), text(b[i])
	}
	slices.Sort(ta)
	slices.Sort(tb)
	return slices.Equal(ta, tb)
}

func sgRuleText(r snapshot.SGRule) string {
	group := ""
	if r.ReferencedGroup != nil {
		group = r.ReferencedGroup.GroupID
	}
	return fmt.Sprintf("%d %d-%d %d/%d %s %s %s %s %v", r.ProtocolNumber, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode, r.CIDRIPv4, r.CIDRIPv6, r.PrefixListID, group, r.Unknown)
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
