package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/finding"
)

// TestExamples checks every lab in examples/ against its
// expected-findings.txt ("RULE type/id key" per line), both ways: a
// missing finding and an unexpected one both fail.
func TestExamples(t *testing.T) {
	labs, err := filepath.Glob("../examples/*/expected-findings.txt")
	if err != nil || len(labs) < 3 {
		t.Fatalf("want the three labs, found %v (%v)", labs, err)
	}
	for _, exp := range labs {
		dir := filepath.Dir(exp)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := Run(context.Background(), Options{Paths: []string{dir}, FailOn: finding.High})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Report.Findings {
				got = append(got, strings.Join([]string{f.RuleID, f.Resource.Type + "/" + f.Resource.ID, f.Key}, " "))
			}
			data, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Split(strings.TrimSpace(string(data)), "\n")
			slices.Sort(got)
			slices.Sort(want)
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("missing finding: %s", w)
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("unexpected finding: %s", g)
				}
			}
			if len(res.Problems) > 0 {
				t.Errorf("lab has input problems: %v", res.Problems)
			}
		})
	}
}
