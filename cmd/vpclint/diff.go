package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/reach"
)

func (c *cli) diffCmd() *cobra.Command {
	var format string
	var load input.Options
	cmd := &cobra.Command{
		Use:   "diff BEFORE AFTER",
		Short: "Show connectivity lost (predicted breakage) and gained (new exposure) between two inputs",
		Long: `Diff compares what gets through between interface classes (same subnet and
security groups) present in both inputs, and from the internet to every
interface, and names the component responsible for each difference.

BEFORE and AFTER are snapshots, plans, templates or Terraform directories.
Exit codes: 0 no change, 1 changes found, 2 usage or input error.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return &usageError{msg: fmt.Sprintf("unknown format %q (want text or json)", format)}
			}
			before, err := input.LoadOne(cmd.Context(), args[0], load)
			if err != nil {
				return err
			}
			after, err := input.LoadOne(cmd.Context(), args[1], load)
			if err != nil {
				return err
			}
			bm, am := reach.NewModel(before), reach.NewModel(after)
			if !shareInterfaces(bm, am) {
				fmt.Fprintf(c.stderr, "vpclint: warning: %s and %s share no network interface (ids differ, or one has none), so no path could be compared: \"0 changes\" means nothing was compared\n", args[0], args[1])
			}
			changes, notes := reach.Diff(bm, am)
			if format == "json" {
				if changes == nil {
					changes = []reach.Change{}
				}
				if err := writeJSON(c.stdout, map[string]any{"changes": changes, "notes": notes}); err != nil {
					return err
				}
			} else {
				for _, ch := range changes {
					fmt.Fprintf(c.stdout, "%-9s %s\n", strings.ToUpper(ch.Kind), ch.Message)
				}
				for _, n := range notes {
					fmt.Fprintf(c.stdout, "note: %s\n", n)
				}
				fmt.Fprintf(c.stdout, "%d changes\n", len(changes))
			}
			if len(changes) > 0 {
				c.exit = 1
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	registerLoadFlags(cmd.Flags(), &load)
	return cmd
}

// shareInterfaces reports whether any interface, which is what Diff
// compares paths between, is in both models. Inputs that share none (a
// live snapshot against Terraform before apply, two unrelated accounts)
// always diff to nothing.
func shareInterfaces(before, after *reach.Model) bool {
	for id := range after.ENIs {
		if _, ok := before.ENIs[id]; ok {
			return true
		}
	}
	return false
}
