package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/report"
)

func (c *cli) matrixCmd() *cobra.Command {
	var family, from, format, output string
	var vpcs []string
	var load input.Options
	cmd := &cobra.Command{
		Use:   "matrix INPUT [--family ipv4|ipv6] [--vpc ID] [--from X]",
		Short: "Print the class-to-class reachability matrix",
		Long: `Matrix prints what gets through between every pair of interface classes.

A class is a set of network interfaces no question can tell apart: the same
subnet, the same security groups, the same client ephemeral port range, and
primary addresses that no CIDR of the input separates (no security group rule,
NACL entry, route, prefix list, peering or VPC CIDR contains one and not the
other). Every member gets the answer of every other member, so the matrix is
exact for each interface, not a sample. A class is named by its first member.

Each row is a source class; it covers the classes of its own VPC and of every
VPC joined to it by a peering connection (an inactive peering blocks). A class
with one member has no cell to itself. The columns are tcp and udp (all ports)
and the icmp echo request (icmpv6 for --family ipv6). Destinations with the
same cell are listed together:

  eni-0a -> eni-0b, eni-0c: tcp 22,443 | udp none | icmp echo blocked

"(uncertain)" marks a column where something the input cannot resolve (a
group or prefix list it does not hold, for instance) might still block what
is listed: nothing known blocks it, but it is not known to be open.

INPUT is a snapshot, plan, template or Terraform directory. --vpc keeps the
rows of classes in those VPCs (repeatable or comma-separated); --from keeps
the row of the class holding an instance (its primary interface) or a network
interface. The JSON output lists the classes the printed rows mention; its
allowed values are port sets ("all", "none", "22,443"), and "echo" or "none"
for the icmp column; pairs counts the printed cells.

To see why one cell is what it is, explain it with the class ids:

  vpclint explain INPUT --from <class id> --to <class id> --traffic tcp/22

(for a class's cell to itself, give two of its members: the JSON lists them).

Exit codes: 0 matrix printed (it is a report, not a gate), 2 usage or input
error.`,
		Example: `  vpclint matrix examples/peering-endpoints-lab
  vpclint matrix snapshot.json --vpc vpc-0abc --family ipv6 -f json -o matrix.json
  vpclint matrix snapshot.json --from i-0abc`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if family != "ipv4" && family != "ipv6" {
				return &usageError{msg: fmt.Sprintf("unknown family %q (want ipv4 or ipv6)", family)}
			}
			if format != "text" && format != "json" {
				return &usageError{msg: fmt.Sprintf("unknown format %q (want text or json)", format)}
			}
			if output == "" {
				return &usageError{msg: "--output needs a file name, or - for stdout"}
			}
			s, err := input.LoadOne(cmd.Context(), args[0], load)
			if err != nil {
				return err
			}
			m := reach.NewModel(s)
			for _, v := range vpcs {
				if m.VPCs[v] == nil {
					return &usageError{msg: fmt.Sprintf("--vpc %s: no such VPC in %s", v, args[0])}
				}
			}
			x := m.Matrix(family)
			rows, err := report.MatrixRows(m, x, vpcs, from)
			if err != nil {
				return &usageError{msg: err.Error()}
			}
			h := report.NewMatrix(x, rows, len(vpcs) > 0 || from != "")
			return c.emit(output, "matrix", func(w io.Writer) error {
				if format == "json" {
					return h.WriteJSON(w)
				}
				return h.WriteText(w)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&family, "family", "ipv4", "address family: ipv4 or ipv6")
	fl.StringSliceVar(&vpcs, "vpc", nil, "only rows of classes in this VPC (repeatable, comma-separated)")
	fl.StringVar(&from, "from", "", "only the row of the class holding this instance or network interface")
	fl.StringVarP(&format, "format", "f", "text", "text or json")
	fl.StringVarP(&output, "output", "o", "-", "output file, - for stdout")
	registerLoadFlags(fl, &load)
	return cmd
}
