package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/reach"
)

// MatrixRows selects the rows vpclint matrix prints, in class order: the
// classes in vpcs (all when empty), and with from only the class holding
// that instance (its primary interface) or network interface. An unknown
// or classless from is an error that names it.
func MatrixRows(m *reach.Model, x *reach.Matrix, vpcs []string, from string) ([]int, error) {
	only := -1
	if from != "" {
		eni := from
		if enis, ok := m.Instances[from]; ok {
			if len(enis) == 0 {
				return nil, fmt.Errorf("--from %s: the instance has no network interface", from)
			}
			eni = enis[0].ID
		} else if m.ENIs[from] == nil {
			return nil, fmt.Errorf("--from %s: no such instance or network interface", from)
		}
		i, ok := x.Index(eni)
		if !ok {
			return nil, fmt.Errorf("--from %s: interface %s is in no %s class (no %s address, or no subnet)", from, eni, x.Family, x.Family)
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

// Matrix is the output of vpclint matrix: the selected rows of a
// reachability matrix and the classes they mention. It keeps the rows
// unbuilt and writes them one at a time, so that a large account's
// matrix (hundreds of megabytes of text) never sits in memory whole.
type Matrix struct {
	x        *reach.Matrix
	rows     []int
	classes  []reach.Class
	pairs    int
	filtered bool
}

// NewMatrix lists the classes to print (when filtered, only those the
// rows mention) and counts the pairs, without building the rows.
func NewMatrix(x *reach.Matrix, rows []int, filtered bool) *Matrix {
	h := &Matrix{x: x, rows: rows, classes: []reach.Class{}, filtered: filtered}
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
func (h *Matrix) row(i int) matrixRow {
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

// WriteJSON streams the JSON document one row at a time, indented as
// json.MarshalIndent indents a whole value.
func (h *Matrix) WriteJSON(w io.Writer) error {
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

// WriteText writes the classes, then each row's destinations grouped by
// identical cell.
func (h *Matrix) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	h.text(bw)
	return bw.Flush()
}

func (h *Matrix) text(w io.Writer) {
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
