package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/reach"
)

func (c *cli) matrixCmd() *cobra.Command {
	var family, from, format, output string
	var vpcs []string
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
			s, err := check.LoadOne(cmd.Context(), args[0], check.LoadOptions{})
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
			rows, err := matrixRows(m, x, vpcs, from)
			if err != nil {
				return err
			}
			h := newMatrixHead(x, rows, len(vpcs) > 0 || from != "")
			return c.writeStream(output, "matrix", func(w io.Writer) error {
				if format == "json" {
					return h.writeJSON(w)
				}
				h.writeText(w)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&family, "family", "ipv4", "address family: ipv4 or ipv6")
	fl.StringSliceVar(&vpcs, "vpc", nil, "only rows of classes in this VPC (repeatable, comma-separated)")
	fl.StringVar(&from, "from", "", "only the row of the class holding this instance or network interface")
	fl.StringVarP(&format, "format", "f", "text", "text or json")
	fl.StringVarP(&output, "output", "o", "-", "output file, - for stdout")
	return cmd
}

// matrixRows selects the rows to print, in class order.
func matrixRows(m *reach.Model, x *reach.Matrix, vpcs []string, from string) ([]int, error) {
	only := -1
	if from != "" {
		eni := from
		if enis, ok := m.Instances[from]; ok {
			if len(enis) == 0 {
				return nil, &usageError{msg: fmt.Sprintf("--from %s: the instance has no network interface", from)}
			}
			eni = enis[0].ID
		} else if m.ENIs[from] == nil {
			return nil, &usageError{msg: fmt.Sprintf("--from %s: no such instance or network interface", from)}
		}
		i, ok := x.Index(eni)
		if !ok {
			return nil, &usageError{msg: fmt.Sprintf("--from %s: interface %s is in no %s class (no %s address, or no subnet)", from, eni, x.Family, x.Family)}
		}
		only = i
	}
	var rows []int
	for i := range x.Classes {
		if only >= 0 && i != only {
			continue
		}
		if len(vpcs) > 0 && !slices.Contains(vpcs, x.Classes[i].VPC) {
			continue
		}
		rows = append(rows, i)
	}
	return rows, nil
}

// matrixHead is what vpclint matrix writes before the rows.
type matrixHead struct {
	x        *reach.Matrix
	rows     []int
	classes  []reach.Class
	pairs    int
	filtered bool
}

// newMatrixHead lists the classes to print (when filtered, only those the
// rows mention) and counts the pairs, without building the rows.
func newMatrixHead(x *reach.Matrix, rows []int, filtered bool) *matrixHead {
	h := &matrixHead{x: x, rows: rows, classes: []reach.Class{}, filtered: filtered}
	used := make([]bool, len(x.Classes))
	for _, i := range rows {
		used[i] = true
		x.Row(i, func(j int, _ reach.Cell) {
			used[j] = true
			h.pairs++
		})
	}
	for i, cl := range x.Classes {
		if filtered && !used[i] {
			continue
		}
		if cl.Groups == nil {
			cl.Groups = []string{}
		}
		h.classes = append(h.classes, cl)
	}
	return h
}

type matrixRow struct {
	From  string       `json:"from"`
	Cells []matrixCell `json:"cells"`
}

// matrixCell is one distinct cell of a row and the destinations that get
// it.
type matrixCell struct {
	To      []string          `json:"to"`
	Allowed map[string]string `json:"allowed"`
	Certain map[string]bool   `json:"certain"`

	cell reach.Cell
}

// row groups row i's destinations by identical cell, in the order of
// their first destination.
func (h *matrixHead) row(i int) matrixRow {
	x := h.x
	row := matrixRow{From: x.Classes[i].ID, Cells: []matrixCell{}}
	for _, g := range x.RowGroups(i) {
		mc := matrixCell{To: make([]string, len(g.To)), Allowed: map[string]string{}, Certain: map[string]bool{}, cell: g.Cell}
		for k, j := range g.To {
			mc.To[k] = x.Classes[j].ID
		}
		for p, proto := range x.Protocols {
			mc.Allowed[proto] = allowedValue(proto, g.Cell.Allowed[p])
			mc.Certain[proto] = g.Cell.Certain[p]
		}
		row.Cells = append(row.Cells, mc)
	}
	return row
}

// writeJSON streams the JSON document one row at a time, indented as
// writeJSON indents a whole value.
func (h *matrixHead) writeJSON(w io.Writer) error {
	part := func(v any, prefix string) string {
		b, err := json.MarshalIndent(v, prefix, "  ")
		if err != nil {
			panic(err) // strings, ints and maps of them always encode
		}
		return string(b)
	}
	list := func(n int, item func(int) string) string {
		if n == 0 {
			return "[]"
		}
		var sb strings.Builder
		sb.WriteString("[\n")
		for k := range n {
			if k > 0 {
				sb.WriteString(",\n")
			}
			sb.WriteString("    " + item(k))
		}
		sb.WriteString("\n  ]")
		return sb.String()
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\n  \"family\": %s,\n  \"protocols\": %s,\n  \"classes\": %s,\n  \"rows\": ",
		part(h.x.Family, "  "), part(h.x.Protocols, "  "), list(len(h.classes), func(k int) string { return part(h.classes[k], "    ") }))
	if len(h.rows) == 0 {
		_, _ = bw.WriteString("[]") // a write error sticks; Flush returns it
	} else {
		_, _ = bw.WriteString("[\n") // a write error sticks; Flush returns it
		for k, i := range h.rows {
			if k > 0 {
				_, _ = bw.WriteString(",\n") // a write error sticks; Flush returns it
			}
			_, _ = bw.WriteString("    " + part(h.row(i), "    ")) // a write error sticks; Flush returns it
		}
		_, _ = bw.WriteString("\n  ]") // a write error sticks; Flush returns it
	}
	fmt.Fprintf(bw, ",\n  \"pairs\": %d\n}\n", h.pairs)
	return bw.Flush()
}

// allowedValue renders a column's allowed set: ports, or for the icmp
// column whether the echo request gets through.
func allowedValue(proto string, p reach.PortSet) string {
	switch {
	case strings.HasPrefix(proto, "icmp"):
		if p.Empty() {
			return "none"
		}
		return "echo"
	case p.Equal(reach.AllPorts()):
		return "all"
	default:
		return p.String()
	}
}

func (h *matrixHead) writeText(w io.Writer) {
	x := h.x
	cols := make([]string, len(x.Protocols))
	for p, proto := range x.Protocols {
		cols[p] = proto
		if strings.HasPrefix(proto, "icmp") {
			cols[p] += " echo"
		}
	}
	fmt.Fprintf(w, "%s matrix: %s, %s (columns: %s)\n", x.Family, plural(len(h.classes), "class", "classes"), plural(h.pairs, "pair", "pairs"), strings.Join(cols, ", "))
	if len(h.classes) == 0 {
		if h.filtered {
			fmt.Fprintf(w, "no %s class in the selected VPCs\n", x.Family)
		} else {
			fmt.Fprintf(w, "no interface with an %s address in a subnet\n", x.Family)
		}
		return
	}
	fmt.Fprintln(w, "\nclasses:")
	for _, cl := range h.classes {
		groups := strings.Join(cl.Groups, ",")
		if groups == "" {
			groups = "no groups"
		}
		fmt.Fprintf(w, "  class %s (%s, %s, %s; ephemeral %s; %s)\n", cl.ID, cl.VPC, cl.Subnet, groups, cl.Ephemeral, plural(len(cl.Members), "member", "members"))
	}
	fmt.Fprintln(w, "\nrows:")
	for _, i := range h.rows {
		row := h.row(i)
		if len(row.Cells) == 0 {
			fmt.Fprintf(w, "  %s -> nothing: no other class in its VPC or a peered VPC\n", row.From)
			continue
		}
		for _, mc := range row.Cells {
			parts := make([]string, len(x.Protocols))
			for p, proto := range x.Protocols {
				v := mc.Allowed[proto]
				if strings.HasPrefix(proto, "icmp") {
					v = "echo allowed"
					if mc.cell.Allowed[p].Empty() {
						v = "echo blocked"
					}
				}
				parts[p] = proto + " " + v
				if !mc.Certain[proto] {
					parts[p] += " (uncertain)"
				}
			}
			fmt.Fprintf(w, "  %s -> %s: %s\n", row.From, strings.Join(mc.To, ", "), strings.Join(parts, " | "))
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeStream writes to stdout ("-") or to a file, whole or not at all,
// through a buffer rather than building the output in memory: a large
// account's matrix runs to hundreds of megabytes.
func (c *cli) writeStream(path, what string, write func(io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriterSize(c.stdout, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if !c.quiet {
		fmt.Fprintf(c.stderr, "vpclint: wrote %s to %s\n", what, path)
	}
	return nil
}
