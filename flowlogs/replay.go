package flowlogs

import (
	"fmt"
	"strconv"

	"github.com/vpclint/vpclint/reach"
)

// Change is what a planned configuration does to an observed accepted
// flow.
type Change string

// The changes Replay reports.
const (
	// ChangeDropped: the planned configuration drops the flow at its
	// interface; Causes say by what.
	ChangeDropped Change = "dropped"
	// ChangeInterfaceRemoved: the interface that carried the flow is not
	// in the planned configuration.
	ChangeInterfaceRemoved Change = "interface-removed"
	// ChangeUnknown: the planned configuration cannot decide the flow
	// (an unknown CIDR or reference, typical of a plan before apply).
	ChangeUnknown Change = "unknown"
)

// Breakage is an observed ACCEPT group that a planned configuration
// would no longer admit (the basis of CHG003): the group and its
// explanation against the planned state.
type Breakage struct {
	Explanation
	Change Change `json:"change"`
	// Preexisting is set when the current configuration (before) does
	// not admit the flow either: it was already drift, not the change's
	// doing.
	Preexisting bool `json:"preexisting,omitempty"`
}

// Replay evaluates every ACCEPT group of s against the planned state
// after and returns, in the summary's order, each one it would drop,
// whose interface it removes, or that it leaves undecided. before, the
// current state, may be nil; given, it marks breakages that are not the
// change's doing and leaves out what it cannot decide either.
func Replay(before, after *reach.Model, s *Summary) []Breakage {
	ax := NewExplainer(after, s)
	var bx *Explainer
	if before != nil {
		bx = NewExplainer(before, s)
	}
	var out []Breakage
	for _, g := range s.Groups {
		if g.Action != Accept {
			continue
		}
		if b, ok := replayOne(ax, bx, g); ok {
			out = append(out, b)
		}
	}
	return out
}

func replayOne(ax, bx *Explainer, g Group) (Breakage, bool) {
	if e, _ := ax.iface(g); e == nil {
		if bx != nil {
			if e, _ := bx.iface(g); e == nil {
				return Breakage{}, false // never in the configuration: nothing changes
			}
		}
		ex := flowOf(g)
		ex.Verdict = VerdictUnknown
		ex.Reason = fmt.Sprintf("interface %s is not in the planned configuration: the accepted flow %s loses its endpoint", g.Interface, flowText(g))
		return Breakage{Explanation: ex, Change: ChangeInterfaceRemoved}, true
	}
	ex := ax.Explain(g)
	if ex.Reach == nil { // forwarded traffic or no usable direction: not decided by either state
		return Breakage{}, false
	}
	var was *Explanation
	if bx != nil {
		b := bx.Explain(g)
		was = &b
	}
	switch ex.Reach.Result {
	case reach.Blocked:
		ex.Reason = fmt.Sprintf("the accepted flow %s would now be dropped: %s", flowText(g), blockMessages(ex.Reach.Blocks))
		return Breakage{Explanation: ex, Change: ChangeDropped, Preexisting: was != nil && was.Reach != nil && was.Reach.Result == reach.Blocked}, true
	case reach.Unknown:
		if was != nil && (was.Reach == nil || was.Reach.Result != reach.Allowed) {
			return Breakage{}, false
		}
		ex.Reason = fmt.Sprintf("whether the planned configuration admits the accepted flow %s is unknown: %s", flowText(g), blockMessages(ex.Reach.Unknowns))
		return Breakage{Explanation: ex, Change: ChangeUnknown}, true
	case reach.Allowed:
	}
	return Breakage{}, false
}

// flowText names a group's flow as the records show it.
func flowText(g Group) string {
	port := func(p int) string {
		if p == EphemeralPort {
			return "ephemeral"
		}
		return strconv.Itoa(p)
	}
	dir := ""
	if g.Direction != DirectionUnknown {
		dir = " " + string(g.Direction)
	}
	return fmt.Sprintf("%s:%s -> %s:%s protocol %d%s at %s", g.Src, port(g.SrcPort), g.Dst, port(g.DstPort), g.Protocol, dir, g.Interface)
}
