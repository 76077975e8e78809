package facts

import (
	"fmt"
	"strings"
	"time"

	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/reach"
)

// Flows are the facts of the VPC flow logs given with check --flows:
// observed traffic joined with the configuration (FLOW001-FLOW003,
// CHG003). Absent when no flow logs were given.
type Flows struct {
	// Window is what the records cover.
	Window FlowWindow `json:"window"`
	// Rejects are the REJECT groups, each explained at the interface and
	// on the leg AWS recorded (aws-semantics §8.3): verdict "blocked"
	// (the component that drops it is the resource), "not-explained" (the
	// configuration allows it: drift) or "unknown".
	Rejects []FlowReject `json:"rejects"`
	// RuleUse says, for every rule of every security group in use, whether
	// an accepted request needed it ("used", "unused"), or "unknown" once
	// per group when some interface using it is in no record.
	RuleUse []flowlogs.RuleUse `json:"rule_use"`
	// WideRules are inbound rules whose CIDR is at least 2^8 times wider
	// than the smallest CIDR holding every source they admitted.
	WideRules []flowlogs.WideRule `json:"wide_rules"`
	// Breaks are the accepted flows the checked configuration would no
	// longer admit compared with the before state (check --before, a
	// plan's prior state): change "dropped", "interface-removed" or
	// "unknown". Empty without a before state.
	Breaks []FlowBreak `json:"breaks"`
}

// FlowWindow is the time range and size of the flow-log records read.
type FlowWindow struct {
	First     int64    `json:"first"`
	Last      int64    `json:"last"`
	Records   int64    `json:"records"`
	Malformed int64    `json:"malformed"`
	Inputs    []string `json:"inputs"`
}

// Resource names the entity a flow finding is about.
type Resource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// FlowReject is one explained REJECT group.
type FlowReject struct {
	flowlogs.Explanation
	// ID is the group's stable key: interface/direction/protocol/src/dst/port.
	ID       string   `json:"id"`
	Resource Resource `json:"resource"`
	Message  string   `json:"message"`
}

// FlowBreak is one observed accepted flow a planned change breaks.
type FlowBreak struct {
	flowlogs.Breakage
	ID       string   `json:"id"`
	Resource Resource `json:"resource"`
	Message  string   `json:"message"`
}

func computeFlows(m *reach.Model, s *flowlogs.Summary, before *reach.Model) *Flows {
	f := &Flows{
		Window:  FlowWindow{First: s.First, Last: s.Last, Records: s.Records, Malformed: s.MalformedCount, Inputs: nonNil(s.Inputs)},
		Rejects: []FlowReject{},
		Breaks:  []FlowBreak{},
	}
	x := flowlogs.NewExplainer(m, s)
	for _, g := range s.Groups {
		if g.Action != flowlogs.Reject {
			continue
		}
		ex := x.Explain(g)
		f.Rejects = append(f.Rejects, FlowReject{Explanation: ex, ID: flowID(ex), Resource: flowResource(ex), Message: flowMessage(ex, ex.Reason)})
	}
	uses, wide := flowlogs.RuleUsage(m, s, x)
	f.RuleUse, f.WideRules = nonNil(uses), nonNil(wide)
	if before != nil {
		for _, b := range flowlogs.Replay(before, m, s) {
			if b.Preexisting {
				continue
			}
			f.Breaks = append(f.Breaks, FlowBreak{Breakage: b, ID: flowID(b.Explanation), Resource: flowResource(b.Explanation), Message: flowMessage(b.Explanation, b.Reason)})
		}
	}
	return f
}

// flowID keys a group for fingerprints: stable across runs and windows.
func flowID(ex flowlogs.Explanation) string {
	port := ex.DstPort
	if port == flowlogs.EphemeralPort {
		port = ex.SrcPort
	}
	return fmt.Sprintf("%s/%s/%d/%s/%s/%d", ex.Interface, ex.Direction, ex.Protocol, ex.Src, ex.Dst, port)
}

// flowResource is the component that drops the flow (its security group,
// network ACL, route table), or the interface when nothing in the
// configuration does.
func flowResource(ex flowlogs.Explanation) Resource {
	for _, c := range ex.Causes {
		if c.Component.ID != "" && !strings.Contains(c.Component.ID, ",") {
			return Resource{Type: strings.ReplaceAll(c.Component.Type, "-", "_"), ID: c.Component.ID}
		}
	}
	return Resource{Type: "network_interface", ID: ex.Interface}
}

func flowMessage(ex flowlogs.Explanation, reason string) string {
	window := ""
	if ex.First > 0 {
		f := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02T15:04Z") }
		window = fmt.Sprintf(", %s to %s", f(ex.First), f(ex.Last))
	}
	return fmt.Sprintf("%s %s %s -> %s at %s (%d %s record(s)%s): %s", ex.Traffic, ex.Direction, ex.Src, ex.Dst, ex.Interface, ex.Records, ex.Action, window, reason)
}
