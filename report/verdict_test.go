package report

import (
	"bytes"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// The README's example: the flow-logs lab's NACL outbound entry 1 drops
// the ping to 8.8.8.8.
func TestWriteVerdict(t *testing.T) {
	s, err := snapshot.Load(flowLab)
	if err != nil {
		t.Fatal(err)
	}
	m := reach.NewModel(s)
	src, err := m.Resolve("i-04c7e1f2a3b5d6e0a")
	if err != nil {
		t.Fatal(err)
	}
	dst, err := m.Resolve("8.8.8.8")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := reach.ParseTraffic("icmp")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteVerdict(&buf, m.Reach(src, dst, tr)); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		"icmp/8/0 from i-04c7e1f2a3b5d6e0a to 8.8.8.8: BLOCKED\n",
		"\nPath:\n  network-interface            eni-0a11b22c33d44e55f",
		"\nBlocked by:\n  SUBNET_ACL_RESTRICTION  network-acl acl-0b2c3d4e5f6a7b8c9  (forward leg)\n      acl-0b2c3d4e5f6a7b8c9 of subnet-0e1f2a3b4c5d6e7f8: outbound rule 1 deny icmp type -1 code -1 0.0.0.0/0 matches icmp type 8 code 0 to 8.8.8.8 first\n",
	} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("verdict lacks %q\n%s", want, got)
		}
	}
	if err := WriteVerdict(failWriter{}, m.Reach(src, dst, tr)); err == nil {
		t.Error("a failed write is not an error")
	}
}
