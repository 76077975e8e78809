package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/facts"
	"github.com/vpclint/vpclint/flowlogs"
)

// TestFlowRulesEndToEnd runs the flow rules on the lab with its records,
// from the Go facts through OPA: every REJECT is a FLOW001 finding on the
// component that drops it, with nothing unused or too wide in the lab.
func TestFlowRulesEndToEnd(t *testing.T) {
	sum, err := flowlogs.Read(context.Background(), []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, flowlogs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, Options{Enable: []string{"FLOW001", "FLOW002", "FLOW003", "CHG003"}, Facts: facts.Options{Flows: sum}})
	fs, err := e.Check(context.Background(), loadSnap(t, "../examples/flow-logs-lab/snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.RuleID+" "+f.Resource.Type+" "+f.Resource.ID+" "+f.Severity.String()+" "+f.Key)
		if f.Location.File == "" || !strings.Contains(f.Message, "REJECT record") {
			t.Errorf("%s: location %+v, message %q", f.RuleID, f.Location, f.Message)
		}
	}
	want := []string{
		"FLOW001 network_acl acl-0b2c3d4e5f6a7b8c9 low eni-0a11b22c33d44e55f/egress/1/172.31.5.10/8.8.8.8/0",
		"FLOW001 security_group sg-0d3e4f5a6b7c8d9e0 low eni-0a11b22c33d44e55f/ingress/6/198.51.100.77/172.31.5.10/3389",
		"FLOW001 security_group sg-0d3e4f5a6b7c8d9e0 low eni-0b22c33d44e55f66a/ingress/1/172.31.5.10/172.31.9.20/0",
		"FLOW001 security_group sg-0d3e4f5a6b7c8d9e0 low eni-0b22c33d44e55f66a/ingress/6/198.51.100.77/172.31.9.20/22",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFlowFactsConvertAsJSON holds the flow facts (netip addresses,
// embedded explanations, reach verdicts) to encoding/json: the rules see
// what the JSON output shows.
func TestFlowFactsConvertAsJSON(t *testing.T) {
	sum, err := flowlogs.Read(context.Background(), []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, flowlogs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := facts.Compute(loadSnap(t, "../examples/flow-logs-lab/snapshot.json"), facts.Options{Flows: sum}, nil)
	got, err := toValue(f.Flows)
	if err != nil {
		t.Fatal(err)
	}
	if want := jsonOracle(t, f.Flows); got.Compare(want) != 0 {
		t.Fatalf("toValue differs from encoding/json:\n%v\n%v", got, want)
	}
	if src := dig(got, "rejects", 0, "src"); src == nil || src.String() != `"172.31.5.10"` {
		t.Errorf("an address became %v", src)
	}
}
