package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/report"
)

// explainFormats are the formats `vpclint explain` writes.
var explainFormats = []string{"text", "json", "html"}

func (c *cli) explainCmd() *cobra.Command {
	var from, to, traffic string
	var formats, outputs []string
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

-f html writes one self-contained page (no script, nothing loaded from
outside): the question and the verdict, the hop table with the blocking
components highlighted, and the input's topology with this path drawn.
Without -f, the format comes from the -o file name (.html, .json, .txt).

Exit codes: 0 allowed, 1 blocked or unknown, 2 usage or input error.`,
		Example: `  vpclint explain examples/flow-logs-lab --from i-04c7e1f2a3b5d6e0a --to i-04c7e1f2a3b5d6e0b --traffic icmp
  vpclint explain snapshot.json --from internet --to i-0abc --traffic tcp/443 -f json
  vpclint explain examples/flow-logs-lab --from i-04c7e1f2a3b5d6e0a --to 8.8.8.8 -o explain.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return &usageError{msg: "explain needs --from and --to"}
			}
			outs, err := pairOutputs(formats, outputs, explainFormats)
			if err != nil {
				return err
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
			page := &report.Explain{Tool: report.Tool{Name: "vpclint", Version: version}, Input: args[0], Snapshot: s, Traffic: traffic, Verdict: v}
			writers := map[string]func(io.Writer) error{
				"text": func(w io.Writer) error { return report.WriteVerdict(w, v) },
				"json": func(w io.Writer) error { return writeJSON(w, v) },
				"html": func(w io.Writer) error { return report.WriteExplainHTML(w, page) },
			}
			for _, o := range outs {
				if err := c.emit(o.path, o.format+" explanation", writers[o.format]); err != nil {
					return err
				}
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
	cmd.Flags().StringArrayVarP(&formats, "format", "f", nil, "text, json or html (repeatable, paired with --output; default text)")
	cmd.Flags().StringArrayVarP(&outputs, "output", "o", nil, "file for the matching --format, - for stdout (without --format, the format comes from the extension)")
	registerLoadFlags(cmd.Flags(), &load)
	return cmd
}
