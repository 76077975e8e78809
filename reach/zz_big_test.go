package reach

import "testing"

func TestDiffBig(t *testing.T) {
	var st diffStats
	bad := 0
	for seed := uint64(1_000_000); seed < 1_150_000; seed++ {
		if !runDifferentialSeed(t, seed, 4, &st) {
			bad++
			if bad > 5 {
				t.Fatal("stop")
			}
		}
	}
	t.Log(st)
}
