package facts

import (
	"context"
	"testing"

	"github.com/vpclint/vpclint/flowlogs"
)

func labFlows(t *testing.T) *flowlogs.Summary {
	t.Helper()
	s, err := flowlogs.Read(context.Background(), []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, flowlogs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestComputeFlows joins the lab's records with the lab: each REJECT is
// about the component that drops it (aws-semantics §8.3), lab-sg's one
// egress rule is used, and without a before state nothing is replayed.
func TestComputeFlows(t *testing.T) {
	s := load(t, "../examples/flow-logs-lab/snapshot.json")
	f := Compute(s, Options{Flows: labFlows(t)}, nil)
	if f.Flows == nil {
		t.Fatal("no flow facts")
	}
	got := map[string]Resource{}
	for _, r := range f.Flows.Rejects {
		if r.Verdict != flowlogs.VerdictBlocked {
			t.Errorf("%s: %s: %s", r.ID, r.Verdict, r.Reason)
		}
		got[r.ID] = r.Resource
	}
	sg := Resource{Type: "security_group", ID: "sg-0d3e4f5a6b7c8d9e0"}
	want := map[string]Resource{
		"eni-0b22c33d44e55f66a/ingress/1/172.31.5.10/172.31.9.20/0":      sg,
		"eni-0a11b22c33d44e55f/egress/1/172.31.5.10/8.8.8.8/0":           {Type: "network_acl", ID: "acl-0b2c3d4e5f6a7b8c9"},
		"eni-0b22c33d44e55f66a/ingress/6/198.51.100.77/172.31.9.20/22":   sg,
		"eni-0a11b22c33d44e55f/ingress/6/198.51.100.77/172.31.5.10/3389": sg,
	}
	for id, r := range want {
		if got[id] != r {
			t.Errorf("reject %s is about %v, want %v (all: %v)", id, got[id], r, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d rejects, want %d: %v", len(got), len(want), got)
	}
	var egress *flowlogs.RuleUse
	for i, u := range f.Flows.RuleUse {
		if u.Group == "sg-0d3e4f5a6b7c8d9e0" && u.Direction == "egress" {
			egress = &f.Flows.RuleUse[i]
		}
	}
	if egress == nil || egress.State != flowlogs.RuleUsed {
		t.Errorf("lab-sg's egress rule should be used by the lab's outbound requests: %+v", egress)
	}
	if len(f.Flows.WideRules) != 0 || len(f.Flows.Breaks) != 0 {
		t.Errorf("wide %v, breaks %v: want none", f.Flows.WideRules, f.Flows.Breaks)
	}
}

// TestComputeFlowsBreaks replays the lab's accepted traffic against a
// change that removes lab-sg's egress rule: the outbound requests break,
// at the security group.
func TestComputeFlowsBreaks(t *testing.T) {
	before := load(t, "../examples/flow-logs-lab/snapshot.json")
	after := load(t, "../examples/flow-logs-lab/snapshot.json")
	for i := range after.SecurityGroups {
		if after.SecurityGroups[i].ID == "sg-0d3e4f5a6b7c8d9e0" {
			after.SecurityGroups[i].Egress = nil
		}
	}
	f := Compute(after, Options{Flows: labFlows(t), Before: before}, nil)
	if len(f.Flows.Breaks) == 0 {
		t.Fatal("removing the egress rule breaks no observed flow")
	}
	for _, b := range f.Flows.Breaks {
		if b.Change != flowlogs.ChangeDropped || b.Resource != (Resource{Type: "security_group", ID: "sg-0d3e4f5a6b7c8d9e0"}) || b.Role != flowlogs.RoleRequest {
			t.Errorf("break %s: %s at %v (%s): %s", b.ID, b.Change, b.Resource, b.Role, b.Message)
		}
	}
}

func TestComputeWithoutFlows(t *testing.T) {
	if f := Compute(load(t, "../examples/flow-logs-lab/snapshot.json"), Options{}, nil); f.Flows != nil {
		t.Error("flow facts without flow logs")
	}
}
