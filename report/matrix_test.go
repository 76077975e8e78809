package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

const (
	flowLab    = "../examples/flow-logs-lab/snapshot.json"
	peeringLab = "../examples/peering-endpoints-lab/snapshot.json"
)

type matrixJSON struct {
	Family    string   `json:"family"`
	Protocols []string `json:"protocols"`
	Classes   []struct {
		ID      string   `json:"id"`
		VPC     string   `json:"vpc"`
		Subnet  string   `json:"subnet"`
		Groups  []string `json:"groups"`
		Members []string `json:"members"`
	} `json:"classes"`
	Rows []struct {
		From  string `json:"from"`
		Cells []struct {
			To      []string          `json:"to"`
			Allowed map[string]string `json:"allowed"`
			Certain map[string]bool   `json:"certain"`
		} `json:"cells"`
	} `json:"rows"`
	Pairs int `json:"pairs"`
}

const (
	flowENIa = "eni-0a11b22c33d44e55f"
	flowENIb = "eni-0b22c33d44e55f66a"
	peerA    = "eni-01a7b8c9d0e1f2a31"
	peerB    = "eni-02b7c8d9e0f1a2b32"
)

// renderMatrix renders a snapshot's matrix as vpclint matrix does, with
// its flags: --family, --vpc (comma-separated) and --from.
func renderMatrix(t *testing.T, path string, flags ...string) (text, js string) {
	t.Helper()
	family, from := "ipv4", ""
	var vpcs []string
	for i := 0; i+1 < len(flags); i += 2 {
		switch flags[i] {
		case "--family":
			family = flags[i+1]
		case "--vpc":
			vpcs = append(vpcs, strings.Split(flags[i+1], ",")...)
		case "--from":
			from = flags[i+1]
		default:
			t.Fatalf("unknown flag %s", flags[i])
		}
	}
	s, err := snapshot.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	m := reach.NewModel(s)
	x := m.Matrix(family)
	rows, err := MatrixRows(m, x, vpcs, from)
	if err != nil {
		t.Fatal(err)
	}
	h := NewMatrix(x, rows, len(vpcs) > 0 || from != "")
	var tb, jb bytes.Buffer
	if err := h.WriteText(&tb); err != nil {
		t.Fatal(err)
	}
	if err := h.WriteJSON(&jb); err != nil {
		t.Fatal(err)
	}
	return tb.String(), jb.String()
}

func matrixText(t *testing.T, path string, flags ...string) string {
	t.Helper()
	text, _ := renderMatrix(t, path, flags...)
	return text
}

func matrixOf(t *testing.T, path string, flags ...string) matrixJSON {
	t.Helper()
	_, js := renderMatrix(t, path, flags...)
	var v matrixJSON
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return v
}

// The JSON is streamed row by row; it must be exactly what encoding/json
// writes for the whole document.
func TestMatrixJSONStreamsOneDocument(t *testing.T) {
	for _, c := range []struct {
		path  string
		flags []string
	}{
		{flowLab, nil},
		{peeringLab, nil},
		{peeringLab, []string{"--from", peerB}},
		{flowLab, []string{"--family", "ipv6"}},
		{peeringLab, []string{"--vpc", "vpc-01a2b3c4d5e6f7a81", "--from", peerB}},
	} {
		_, js := renderMatrix(t, c.path, c.flags...)
		var doc struct {
			Family    string          `json:"family"`
			Protocols []string        `json:"protocols"`
			Classes   json.RawMessage `json:"classes"`
			Rows      json.RawMessage `json:"rows"`
			Pairs     int             `json:"pairs"`
		}
		if err := json.Unmarshal([]byte(js), &doc); err != nil {
			t.Fatalf("%s %v: %v\n%s", c.path, c.flags, err, js)
		}
		want, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if js != string(want)+"\n" {
			t.Errorf("%s %v: streamed JSON differs from encoding/json's\n%s\nwant\n%s", c.path, c.flags, js, want)
		}
	}
}

func containsAll(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("text lacks %q\n%s", w, out)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMatrixErrors(t *testing.T) {
	s, err := snapshot.Load(peeringLab)
	if err != nil {
		t.Fatal(err)
	}
	m := reach.NewModel(s)
	x := m.Matrix("ipv4")
	rows, err := MatrixRows(m, x, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	h := NewMatrix(x, rows, false)
	if err := h.WriteText(failWriter{}); err == nil {
		t.Error("text: a failed write is not an error")
	}
	if err := h.WriteJSON(failWriter{}); err == nil {
		t.Error("json: a failed write is not an error")
	}
	if _, err := MatrixRows(m, x, nil, "i-nope"); err == nil || err.Error() != "--from i-nope: no such instance or network interface" {
		t.Errorf("--from i-nope: got %v", err)
	}
}

// The flow-logs lab: both instances are one class (same subnet, lab-sg,
// no CIDR between them), and lab-sg admits nothing, so the class reaches
// itself on nothing.
func TestMatrixFlowLogsLab(t *testing.T) {
	out := matrixText(t, flowLab)
	containsAll(t, out,
		"ipv4 matrix: 1 class, 1 pair (columns: tcp, udp, icmp echo)",
		"class "+flowENIa+" (vpc-0a1b2c3d4e5f60718, subnet-0e1f2a3b4c5d6e7f8, sg-0d3e4f5a6b7c8d9e0; ephemeral 32768-61000; 2 members)",
		flowENIa+" -> "+flowENIa+": tcp none | udp none | icmp echo blocked\n",
	)
	if strings.Contains(out, "uncertain") {
		t.Errorf("nothing is uncertain in the lab\n%s", out)
	}
	v := matrixOf(t, flowLab)
	if v.Family != "ipv4" || !slices.Equal(v.Protocols, []string{"tcp", "udp", "icmp"}) || v.Pairs != 1 || len(v.Classes) != 1 || len(v.Rows) != 1 {
		t.Fatalf("json: %+v", v)
	}
	if c := v.Classes[0]; c.ID != flowENIa || !slices.Equal(c.Members, []string{flowENIa, flowENIb}) {
		t.Errorf("class: %+v", c)
	}
	r := v.Rows[0]
	if r.From != flowENIa || len(r.Cells) != 1 {
		t.Fatalf("row: %+v", r)
	}
	c := r.Cells[0]
	if !slices.Equal(c.To, []string{flowENIa}) ||
		c.Allowed["tcp"] != "none" || c.Allowed["udp"] != "none" || c.Allowed["icmp"] != "none" ||
		!c.Certain["tcp"] || !c.Certain["udp"] || !c.Certain["icmp"] {
		t.Errorf("cell: %+v", c)
	}
	// Either instance selects the class's row; so does the other ENI.
	for _, from := range []string{"i-04c7e1f2a3b5d6e0a", "i-04c7e1f2a3b5d6e0b", flowENIb} {
		if v := matrixOf(t, flowLab, "--from", from); len(v.Rows) != 1 || v.Rows[0].From != flowENIa {
			t.Errorf("--from %s: %+v", from, v.Rows)
		}
	}
	// No interface has an IPv6 address.
	out = matrixText(t, flowLab, "--family", "ipv6")
	if !strings.Contains(out, "ipv6 matrix: 0 classes, 0 pairs (columns: tcp, udp, icmpv6 echo)\nno interface with an ipv6 address in a subnet\n") {
		t.Errorf("ipv6:\n%s", out)
	}
}

// The peering lab: across the active peering each side admits ICMP from
// the other VPC and SSH from 10.0.0.0/8, nothing else.
func TestMatrixPeeringLab(t *testing.T) {
	out := matrixText(t, peeringLab)
	containsAll(t, out,
		"ipv4 matrix: 2 classes, 2 pairs",
		"class "+peerA+" (vpc-01a2b3c4d5e6f7a81, subnet-01a1b2c3d4e5f6a71, sg-01a5b6c7d8e9f0a11; ephemeral 32768-61000; 1 member)",
		"class "+peerB+" (vpc-02b3c4d5e6f7a8b92, subnet-02b1c2d3e4f5a6b72, sg-02b5c6d7e8f9a0b12; ephemeral 32768-61000; 1 member)",
		peerA+" -> "+peerB+": tcp 22 | udp none | icmp echo allowed\n",
		peerB+" -> "+peerA+": tcp 22 | udp none | icmp echo allowed\n",
	)
	// One-member classes have no cell to themselves.
	if strings.Contains(out, peerA+" -> "+peerA) || strings.Contains(out, peerB+" -> "+peerB) {
		t.Errorf("self cell of a one-member class\n%s", out)
	}
	v := matrixOf(t, peeringLab)
	if v.Pairs != 2 || len(v.Classes) != 2 || len(v.Rows) != 2 {
		t.Fatalf("json: %+v", v)
	}
	for i, want := range [][2]string{{peerA, peerB}, {peerB, peerA}} {
		r := v.Rows[i]
		if r.From != want[0] || len(r.Cells) != 1 {
			t.Fatalf("row %d: %+v", i, r)
		}
		c := r.Cells[0]
		if !slices.Equal(c.To, []string{want[1]}) || c.Allowed["tcp"] != "22" || c.Allowed["udp"] != "none" || c.Allowed["icmp"] != "echo" ||
			!c.Certain["tcp"] || !c.Certain["udp"] || !c.Certain["icmp"] {
			t.Errorf("row %d cell: %+v", i, c)
		}
	}
	// --vpc and --from keep one row; the classes it mentions stay listed.
	for _, args := range [][]string{{"--vpc", "vpc-02b3c4d5e6f7a8b92"}, {"--from", "i-02b3c4d5e6f7a8b9d"}, {"--from", peerB}} {
		v := matrixOf(t, peeringLab, args...)
		if len(v.Rows) != 1 || v.Rows[0].From != peerB || v.Pairs != 1 || len(v.Classes) != 2 {
			t.Errorf("%v: %+v", args, v)
		}
	}
	if v := matrixOf(t, peeringLab, "--vpc", "vpc-01a2b3c4d5e6f7a81,vpc-02b3c4d5e6f7a8b92"); len(v.Rows) != 2 {
		t.Errorf("comma list: %+v", v.Rows)
	}
	if v := matrixOf(t, peeringLab, "--vpc", "vpc-01a2b3c4d5e6f7a81", "--from", peerB); len(v.Rows) != 0 || len(v.Classes) != 0 || v.Pairs != 0 {
		t.Errorf("--from outside --vpc: %+v", v)
	}
}

// A variant of the peering lab with three more interfaces in B's subnet:
// one with a copy of B's group (its own class, same cells), one whose
// group admits all TCP from 10.0.0.0/8 and UDP from a group the snapshot
// lacks, and a second member of that class. The unresolvable rule blocks
// nothing known, so UDP lists all ports, marked uncertain.
func TestMatrixGroupsIdenticalCells(t *testing.T) {
	data, err := os.ReadFile(peeringLab)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	sgs := doc["security_groups"].([]any)
	var sgB map[string]any
	for _, g := range sgs {
		if g := g.(map[string]any); g["id"] == "sg-02b5c6d7e8f9a0b12" {
			sgB = g
		}
	}
	cp := maps.Clone(sgB)
	cp["id"], cp["name"] = "sg-0copy", "copy"
	egress := sgB["egress"]
	open := map[string]any{
		"id": "sg-0open", "account": "111122223333", "region": "us-east-1", "name": "open", "description": "open", "vpc_id": "vpc-02b3c4d5e6f7a8b92",
		"ingress": []any{
			map[string]any{"protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_ipv4": "10.0.0.0/8"},
			map[string]any{"protocol": "udp", "from_port": 53, "to_port": 53, "referenced_group": map[string]any{"group_id": "sg-0missing"}},
		},
		"egress": egress,
	}
	doc["security_groups"] = append(sgs, cp, open)
	eni := func(id, ip, sg string) map[string]any {
		return map[string]any{
			"id": id, "account": "111122223333", "region": "us-east-1", "subnet_id": "subnet-02b1c2d3e4f5a6b72", "vpc_id": "vpc-02b3c4d5e6f7a8b92",
			"private_ips": []any{ip}, "security_group_ids": []any{sg}, "interface_type": "interface", "source_dest_check": true,
		}
	}
	doc["network_interfaces"] = append(doc["network_interfaces"].([]any),
		eni("eni-0b2copy", "10.2.1.20", "sg-0copy"), eni("eni-0b3open", "10.2.1.30", "sg-0open"), eni("eni-0b4open", "10.2.1.31", "sg-0open"))
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}

	text := matrixText(t, p, "--from", "i-01a2b3c4d5e6f7a8c")
	// Classes sort by VPC, subnet, id: eni-02b7... < eni-0b2copy < eni-0b3open.
	want := []string{
		"  " + peerA + " -> " + peerB + ", eni-0b2copy: tcp 22 | udp none | icmp echo allowed\n",
		"  " + peerA + " -> eni-0b3open: tcp all | udp all (uncertain) | icmp echo blocked\n",
	}
	if !strings.Contains(text, strings.Join(want, "")) {
		t.Errorf("text lacks\n%s\n%s", strings.Join(want, ""), text)
	}
	if !strings.Contains(text, "class eni-0b3open (vpc-02b3c4d5e6f7a8b92, subnet-02b1c2d3e4f5a6b72, sg-0open; ephemeral 32768-61000; 2 members)") {
		t.Errorf("open class header\n%s", text)
	}
	v := matrixOf(t, p, "--from", peerA)
	if len(v.Rows) != 1 || len(v.Rows[0].Cells) != 2 || v.Pairs != 3 {
		t.Fatalf("json: %+v", v)
	}
	c0, c1 := v.Rows[0].Cells[0], v.Rows[0].Cells[1]
	if !slices.Equal(c0.To, []string{peerB, "eni-0b2copy"}) || c0.Allowed["tcp"] != "22" {
		t.Errorf("first cell: %+v", c0)
	}
	if !slices.Equal(c1.To, []string{"eni-0b3open"}) || c1.Allowed["tcp"] != "all" || c1.Allowed["udp"] != "all" || c1.Certain["udp"] || !c1.Certain["tcp"] || c1.Allowed["icmp"] != "none" {
		t.Errorf("second cell: %+v", c1)
	}
	// The two-member class reaches itself; its row lists every class of B
	// and A across the peering.
	v = matrixOf(t, p, "--from", "eni-0b4open")
	if len(v.Rows) != 1 || v.Rows[0].From != "eni-0b3open" || v.Pairs != 4 {
		t.Fatalf("--from second member: %+v", v)
	}
}
