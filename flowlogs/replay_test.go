package flowlogs

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// labTraffic is the lab's normal traffic (a's HTTPS to 1.1.1.1, both
// legs at a) and its failing ping at b.
func labTraffic() *Summary {
	return &Summary{Groups: []Group{
		group(labENIA, Accept, 6, labA, "1.1.1.1", EphemeralPort, 443),
		group(labENIA, Accept, 6, "1.1.1.1", labA, 443, EphemeralPort),
		group(labENIB, Reject, 1, labA, labB, 0, 0),
		group(labENIB, Accept, 6, labB, "52.216.8.93", EphemeralPort, 80),
	}}
}

func TestReplayNothingChanges(t *testing.T) {
	if got := Replay(labModel(t), labModel(t), labTraffic()); len(got) != 0 {
		t.Errorf("the same configuration breaks nothing, got %+v", got)
	}
}

// Removing the egress rule drops the requests; the replies still pass,
// since security groups do not re-check responses.
func TestReplaySecurityGroupEgressRemoved(t *testing.T) {
	after := changed(t, func(s *snapshot.Snapshot) {
		for i := range s.SecurityGroups {
			if s.SecurityGroups[i].ID == labSG {
				s.SecurityGroups[i].Egress = nil
			}
		}
	})
	got := Replay(labModel(t), after, labTraffic())
	if len(got) != 2 {
		t.Fatalf("want the two requests, got %d: %+v", len(got), got)
	}
	for _, b := range got {
		if b.Change != ChangeDropped || b.Preexisting || b.Role != RoleRequest || b.Direction != Egress || len(b.Causes) != 1 || b.Causes[0].Component.ID != labSG {
			t.Errorf("%+v", b)
		}
		if !strings.Contains(b.Reason, "would now be dropped") {
			t.Errorf("reason: %s", b.Reason)
		}
	}
	if got[0].Dst.String() != "1.1.1.1" || got[1].Interface != labENIB {
		t.Errorf("order: %s, %s", got[0].Dst, got[1].Interface)
	}
}

// A NACL change that forgets the ephemeral ports breaks the replies.
func TestReplayNACLDropsReplies(t *testing.T) {
	after := changed(t, func(s *snapshot.Snapshot) {
		addEntry(s, snapshot.ACLEntry{RuleNumber: 10, Action: "deny", Protocol: "tcp", FromPort: 1024, ToPort: 65535, CIDRIPv4: "0.0.0.0/0"})
	})
	got := Replay(nil, after, labTraffic())
	if len(got) != 1 {
		t.Fatalf("want the reply, got %+v", got)
	}
	b := got[0]
	if b.Change != ChangeDropped || b.Role != RoleResponse || b.Direction != Ingress || b.Causes[0].Entry != 10 || b.Causes[0].Leg != "return" {
		t.Errorf("%+v", b)
	}
}

func TestReplayInterfaceRemovedAndPreexisting(t *testing.T) {
	after := changed(t, func(s *snapshot.Snapshot) {
		s.NetworkInterfaces = slices.DeleteFunc(s.NetworkInterfaces, func(n snapshot.NetworkInterface) bool { return n.ID == labENIB })
		s.Instances = slices.DeleteFunc(s.Instances, func(in snapshot.Instance) bool { return in.ID == "i-04c7e1f2a3b5d6e0b" })
	})
	s := labTraffic()
	// An SSH probe that was accepted although the configuration drops it.
	s.Groups = append(s.Groups, group(labENIA, Accept, 6, prober, labA, EphemeralPort, 22))
	got := Replay(labModel(t), after, s)
	if len(got) != 2 {
		t.Fatalf("want b's flow and the probe, got %+v", got)
	}
	if got[0].Change != ChangeInterfaceRemoved || got[0].Interface != labENIB || !strings.Contains(got[0].Reason, "not in the planned configuration") {
		t.Errorf("removed: %+v", got[0])
	}
	if got[1].Change != ChangeDropped || !got[1].Preexisting {
		t.Errorf("probe: %+v", got[1])
	}
	// An interface in neither state is not the change's doing.
	s.Groups = []Group{group("eni-0ffffffffffffffff", Accept, 6, prober, "172.31.1.1", EphemeralPort, 22)}
	if got := Replay(labModel(t), after, s); len(got) != 0 {
		t.Errorf("unknown in both: %+v", got)
	}
}

func TestReplayUnknownInThePlan(t *testing.T) {
	after := changed(t, func(s *snapshot.Snapshot) {
		for i := range s.SecurityGroups {
			if s.SecurityGroups[i].ID == labSG {
				s.SecurityGroups[i].Egress = []snapshot.SGRule{{RuleID: "sgr-planned", Protocol: "-1", Unknown: []string{"cidr_ipv4"}}}
			}
		}
	})
	got := Replay(labModel(t), after, labTraffic())
	if len(got) != 2 || got[0].Change != ChangeUnknown || !strings.Contains(got[0].Reason, "unknown cidr") {
		t.Fatalf("%+v", got)
	}
}
