package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/vpclint/vpclint/reach"
)

// WriteVerdict writes what vpclint explain prints for one flow: the
// result, then the path hop by hop, every component that blocks it and
// everything that could not be decided.
func WriteVerdict(w io.Writer, v reach.Verdict) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s from %s to %s: %s\n", v.Traffic, v.Source, v.Destination, strings.ToUpper(string(v.Result)))
	for _, n := range v.Notes {
		fmt.Fprintf(bw, "  note: %s\n", n)
	}
	if len(v.Hops) > 0 {
		fmt.Fprintln(bw, "\nPath:")
		for _, h := range v.Hops {
			fmt.Fprintf(bw, "  %-28s %-30s %s\n", h.Type, h.ID, h.Detail)
		}
	}
	if len(v.Blocks) > 0 {
		fmt.Fprintln(bw, "\nBlocked by:")
		for _, b := range v.Blocks {
			fmt.Fprintf(bw, "  %s  %s %s  (%s leg)\n      %s\n", b.Code, b.Component.Type, b.Component.ID, b.Leg, b.Message)
			if b.Rule != "" {
				fmt.Fprintf(bw, "      rule: %s\n", b.Rule)
			}
		}
	}
	if len(v.Unknowns) > 0 {
		fmt.Fprintln(bw, "\nCould not decide:")
		for _, b := range v.Unknowns {
			fmt.Fprintf(bw, "  %s  %s %s  (%s leg)\n      %s\n", b.Code, b.Component.Type, b.Component.ID, b.Leg, b.Message)
		}
	}
	return bw.Flush()
}
