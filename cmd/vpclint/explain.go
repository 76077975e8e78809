package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/report"
)

func (c *cli) explainCmd() *cobra.Command {
	var from, to, traffic, format string
	var load input.Options
	cmd := &cobra.Command{
		Use:   "explain INPUT --from X --to Y [--traffic P]",
		Short: "Explain whether traffic gets through, hop by hop, with every blocking component",
		Long: `Explain loads INPUT (a snapshot, Terraform directory, plan or CloudFormation
template) and evaluates one flow through security groups, route tables, network ACLs
(both directions: they are stateless), peerings and gateways, and names every
component that blocks it with the exact rule, entry or route.

X and Y are instance ids, network interface ids, interface endpoint ids (their
network interfaces), IP addresses, or "internet".
P is tcp/PORT, tcp/FROM-TO, udp/PORT, icmp (echo request), icmp/TYPE/CODE,
icmpv6, all, or a protocol number (default icmp).

Exit codes: 0 allowed, 1 blocked or unknown, 2 usage or input error.`,
		Example: `  vpclint explain examples/flow-logs-lab --from i-04c7e1f2a3b5d6e0a --to i-04c7e1f2a3b5d6e0b --traffic icmp
  vpclint explain snapshot.json --from internet --to i-0abc --traffic tcp/443 -f json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return &usageError{msg: "explain needs --from and --to"}
			}
			if format != "text" && format != "json" {
				return &usageError{msg: fmt.Sprintf("unknown format %q (want text or json)", format)}
			}
			t, err := reach.ParseTraffic(traffic)
			if err != nil {
				return &usageError{msg: err.Error()}
			}
			s, err := input.LoadOne(cmd.Context(), args[0], load)
			if err != nil {
				return err
			}
			m := reach.NewModel(s)
			src, err := m.Resolve(from)
			if err != nil {
				return &usageError{msg: "--from: " + err.Error()}
			}
			dst, err := m.Resolve(to)
			if err != nil {
				return &usageError{msg: "--to: " + err.Error()}
			}
			v := m.Reach(src, dst, t)
			if format == "json" {
				if err := writeJSON(c.stdout, v); err != nil {
					return err
				}
			} else if err := report.WriteVerdict(c.stdout, v); err != nil {
				return err
			}
			if v.Result != reach.Allowed {
				c.exit = 1
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "source: instance id, ENI id, IP address or internet")
	cmd.Flags().StringVar(&to, "to", "", "destination: instance id, ENI id, interface endpoint id, IP address or internet")
	cmd.Flags().StringVar(&traffic, "traffic", "icmp", "tcp/PORT, udp/PORT, icmp, icmp/TYPE/CODE, all, ...")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	registerLoadFlags(cmd.Flags(), &load)
	return cmd
}
