package compliance

import (
	"cmp"
	"strconv"
	"strings"
)

// CompareControls orders control ids as the frameworks number them: 5.2
// before 5.10, 2.1.1 before 2.1.4, EC2.9 before EC2.18, IAM before S3.
func CompareControls(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := comparePart(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(len(pa), len(pb)), strings.Compare(a, b))
}

func comparePart(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(na, nb)
	}
	return strings.Compare(a, b)
}
