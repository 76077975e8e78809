package main

import (
	"strings"
	"testing"
)

// Two inputs with no interface in common diff to nothing; the user is
// told so instead of reading "0 changes" as "nothing changed".
func TestDiffWarnsWhenNothingIsShared(t *testing.T) {
	a, b := "../../examples/default-vpc-lab/snapshot.json", "../../examples/peering-endpoints-lab/snapshot.json"
	out, errOut, code := vpclint(t, "diff", a, b)
	if code != 0 || !strings.Contains(out, "0 changes") || !strings.Contains(errOut, "share no network interface") {
		t.Errorf("diff of unrelated labs: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if _, errOut, _ := vpclint(t, "diff", a, a); strings.Contains(errOut, "share no") {
		t.Errorf("diff of a lab with itself warns: %s", errOut)
	}
}
