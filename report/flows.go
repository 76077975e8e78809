package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/snapshot"
)

// FlowsSchema versions the JSON of `vpclint flows`.
const FlowsSchema = "vpclint.flows/v1"

// Flows is what `vpclint flows` renders: the summary of the flow logs and,
// when a configuration was given, the explanation of every REJECT group.
type Flows struct {
	Tool    Tool
	Summary *flowlogs.Summary
	// Against names the configuration the REJECTs were explained against
	// ("" when none was given: Explained is then empty).
	Against   string
	Explained []flowlogs.Explanation
	// Top is how many rows the ranked tables keep (0: 10).
	Top int
}

// flowsView is the JSON document, and the data the text and HTML render.
type flowsView struct {
	Schema         string                     `json:"schema"`
	Tool           string                     `json:"tool"`
	Inputs         []string                   `json:"inputs"`
	Errors         []flowlogs.InputError      `json:"errors"`
	First          int64                      `json:"first"`
	Last           int64                      `json:"last"`
	Records        int64                      `json:"records"`
	NoData         int64                      `json:"nodata"`
	SkipData       int64                      `json:"skipdata"`
	Filtered       int64                      `json:"filtered"`
	MalformedCount int64                      `json:"malformed_count"`
	Malformed      []flowlogs.Malformed       `json:"malformed"`
	Groups         int                        `json:"groups"`
	Totals         flowlogs.ActionCounts      `json:"totals"`
	RejectsByPort  []flowlogs.PortCount       `json:"rejects_by_port"`
	TopByBytes     []flowlogs.Talker          `json:"top_talkers_by_bytes"`
	TopByPackets   []flowlogs.Talker          `json:"top_talkers_by_packets"`
	ByInterface    []flowlogs.InterfaceCounts `json:"by_interface"`
	ByDirection    []flowlogs.DirectionCounts `json:"by_direction"`
	BucketSeconds  int64                      `json:"bucket_seconds"`
	Histogram      []flowlogs.Bucket          `json:"histogram"`
	Against        string                     `json:"against,omitempty"`
	Explained      []flowlogs.Explanation     `json:"explained"`
	Verdicts       map[flowlogs.Verdict]int   `json:"verdicts,omitempty"`
}

func newFlowsView(f *Flows) (*flowsView, error) {
	s := f.Summary
	top := f.Top
	if top <= 0 {
		top = 10
	}
	byBytes, err := s.TopTalkers(top, flowlogs.ByBytes)
	if err != nil {
		return nil, err
	}
	byPackets, err := s.TopTalkers(top, flowlogs.ByPackets)
	if err != nil {
		return nil, err
	}
	rejects := s.RejectsByProtocolPort()
	if len(rejects) > top {
		rejects = rejects[:top]
	}
	v := &flowsView{
		Schema: FlowsSchema, Tool: strings.TrimSpace(f.Tool.Name + " " + f.Tool.Version),
		Inputs: nonNil(s.Inputs), Errors: nonNil(s.Errors), First: s.First, Last: s.Last,
		Records: s.Records, NoData: s.NoData, SkipData: s.SkipData, Filtered: s.Filtered,
		MalformedCount: s.MalformedCount, Malformed: nonNil(s.Malformed), Groups: len(s.Groups),
		Totals: s.ByAction(), RejectsByPort: nonNil(rejects), TopByBytes: nonNil(byBytes), TopByPackets: nonNil(byPackets),
		ByInterface: nonNil(s.ByInterface()), ByDirection: nonNil(s.ByDirection()),
		BucketSeconds: s.BucketSeconds, Histogram: nonNil(s.Histogram),
		Against: f.Against, Explained: nonNil(f.Explained),
	}
	if f.Against != "" {
		v.Verdicts = map[flowlogs.Verdict]int{}
		for _, e := range f.Explained {
			v.Verdicts[e.Verdict]++
		}
	}
	return v, nil
}

// WriteFlowsJSON writes the summary as one JSON document (FlowsSchema),
// byte-identical for the same records.
func WriteFlowsJSON(w io.Writer, f *Flows) error {
	v, err := newFlowsView(f)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteFlowsText writes the summary as the labs' queries give it: totals,
// REJECT by protocol and port, top talkers, per interface and direction,
// then each REJECT group with what dropped it.
func WriteFlowsText(w io.Writer, f *Flows) error {
	v, err := newFlowsView(f)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s records from %s, %s\n", count(v.Records), plural(len(v.Inputs), "input", "inputs"), windowText(v.First, v.Last))
	fmt.Fprintf(w, "  accepted  %s\n  rejected  %s\n", countsText(v.Totals.Accepted), countsText(v.Totals.Rejected))
	fmt.Fprintf(w, "  not grouped: %d NODATA, %d SKIPDATA, %d malformed, %d left out by the filters\n", v.NoData, v.SkipData, v.MalformedCount, v.Filtered)
	for _, e := range v.Errors {
		fmt.Fprintf(w, "  input error: %s: %s\n", e.Input, e.Error)
	}
	if len(v.Malformed) > 0 {
		fmt.Fprintf(w, "\nMalformed records (first %d of %d)\n", len(v.Malformed), v.MalformedCount)
		for _, m := range v.Malformed {
			fmt.Fprintf(w, "  %s:%d: %s: %q\n", m.File, m.Line, m.Reason, m.Text)
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	table(tw, "REJECT by protocol and port", []string{"PROTOCOL", "PORT", "RECORDS", "PACKETS", "BYTES"}, len(v.RejectsByPort), func(i int) []string {
		p := v.RejectsByPort[i]
		return []string{protocolName(p.Protocol), portText(p.Protocol, p.Port), count(p.Records), count(p.Packets), count(p.Bytes)}
	})
	table(tw, "Top talkers by bytes", []string{"SOURCE", "DESTINATION", "BYTES", "PACKETS", "RECORDS"}, len(v.TopByBytes), func(i int) []string {
		t := v.TopByBytes[i]
		return []string{t.Src.String(), t.Dst.String(), count(t.Bytes), count(t.Packets), count(t.Records)}
	})
	table(tw, "Top talkers by packets", []string{"SOURCE", "DESTINATION", "PACKETS", "BYTES", "RECORDS"}, len(v.TopByPackets), func(i int) []string {
		t := v.TopByPackets[i]
		return []string{t.Src.String(), t.Dst.String(), count(t.Packets), count(t.Bytes), count(t.Records)}
	})
	table(tw, "By interface", []string{"INTERFACE", "ACCEPTED", "REJECTED", "BYTES"}, len(v.ByInterface), func(i int) []string {
		c := v.ByInterface[i]
		return []string{c.Interface, count(c.Accepted.Records), count(c.Rejected.Records), count(c.Accepted.Bytes + c.Rejected.Bytes)}
	})
	table(tw, "By direction", []string{"DIRECTION", "ACCEPTED", "REJECTED"}, len(v.ByDirection), func(i int) []string {
		c := v.ByDirection[i]
		return []string{directionText(c.Direction), count(c.Accepted.Records), count(c.Rejected.Records)}
	})
	if err := tw.Flush(); err != nil {
		return err
	}
	if v.Against == "" {
		_, err := fmt.Fprintln(w, "\nREJECTs not explained: give the configuration with --against (a snapshot, Terraform, a plan, CloudFormation or --live).")
		return err
	}
	fmt.Fprintf(w, "\nREJECT groups explained against %s: %s\n", v.Against, verdictText(v.Verdicts))
	for _, e := range v.Explained {
		fmt.Fprintf(w, "  %s %s %s %s -> %s  %s\n", e.Interface, directionText(e.Direction), trafficText(e), endpointText(e.Src, e.SrcPort), endpointText(e.Dst, e.DstPort), plural(int(e.Records), "record", "records"))
		fmt.Fprintf(w, "      %s: %s\n", strings.ToUpper(string(e.Verdict)), e.Reason)
		for _, a := range e.Assumptions {
			fmt.Fprintf(w, "      assumed: %s\n", a)
		}
	}
	return nil
}

// table writes one titled table; nothing when it has no rows.
func table(tw *tabwriter.Writer, title string, head []string, n int, row func(int) []string) {
	if n == 0 {
		return
	}
	fmt.Fprintf(tw, "\n%s\n", title)
	fmt.Fprintf(tw, "  %s\n", strings.Join(head, "\t"))
	for i := range n {
		fmt.Fprintf(tw, "  %s\n", strings.Join(row(i), "\t"))
	}
}

func count(n int64) string { return strconv.FormatInt(n, 10) }

func countsText(c flowlogs.Counts) string {
	return fmt.Sprintf("%s records, %s packets, %s bytes", count(c.Records), count(c.Packets), count(c.Bytes))
}

func windowText(first, last int64) string {
	if first == 0 && last == 0 {
		return "no time range (no records with start and end)"
	}
	f := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02 15:04:05") }
	return fmt.Sprintf("%s to %s UTC", f(first), f(last))
}

func protocolName(n int) string {
	name, _, err := snapshot.CanonicalProtocol(strconv.Itoa(n))
	if err != nil || n < 0 {
		return "-"
	}
	return name
}

// portText shows a grouped destination port: "ephemeral" for a client's,
// "-" for protocols without ports.
func portText(protocol, port int) string {
	switch {
	case port == flowlogs.EphemeralPort:
		return "ephemeral"
	case protocol != 6 && protocol != 17 && protocol != 132:
		return "-"
	}
	return strconv.Itoa(port)
}

func endpointText(a fmt.Stringer, port int) string {
	if port <= 0 {
		return a.String()
	}
	return a.String() + ":" + strconv.Itoa(port)
}

func trafficText(e flowlogs.Explanation) string {
	if e.Traffic != "" {
		return e.Traffic
	}
	return protocolName(e.Protocol)
}

func directionText(d flowlogs.Direction) string {
	if d == flowlogs.DirectionUnknown {
		return "(direction not recorded)"
	}
	return string(d)
}

func verdictText(vs map[flowlogs.Verdict]int) string {
	var parts []string
	for _, v := range []flowlogs.Verdict{flowlogs.VerdictBlocked, flowlogs.VerdictNotExplained, flowlogs.VerdictUnknown, flowlogs.VerdictAllowed} {
		if vs[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", vs[v], v))
		}
	}
	if len(parts) == 0 {
		return "no REJECT groups"
	}
	return strings.Join(parts, ", ")
}
