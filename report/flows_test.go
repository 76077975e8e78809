package report

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// labFlows reads the flow-logs lab's records and explains them against
// the lab, as `vpclint flows examples/flow-logs-lab/flows --against
// examples/flow-logs-lab` does.
func labFlows(t *testing.T) *Flows {
	t.Helper()
	s, err := flowlogs.Read(context.Background(), []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, flowlogs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	s.Inputs = []string{"examples/flow-logs-lab/flows/vpcflowlogs.log"}
	for i := range s.Malformed {
		s.Malformed[i].File = "examples/flow-logs-lab/flows/vpcflowlogs.log"
	}
	return &Flows{
		Tool: Tool{Name: "vpclint", Version: "test"}, Summary: s,
		Against: "examples/flow-logs-lab", Explained: flowlogs.ExplainAll(reach.NewModel(snap), s),
	}
}

func renderFlows(t *testing.T, write func(*bytes.Buffer, *Flows) error, f *Flows) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFlowsGolden(t *testing.T) {
	writers := map[string]func(*bytes.Buffer, *Flows) error{
		"flows-text": func(b *bytes.Buffer, f *Flows) error { return WriteFlowsText(b, f) },
		"flows-json": func(b *bytes.Buffer, f *Flows) error { return WriteFlowsJSON(b, f) },
		"flows-html": func(b *bytes.Buffer, f *Flows) error { return WriteFlowsHTML(b, f) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			got := renderFlows(t, write, labFlows(t))
			if again := renderFlows(t, write, labFlows(t)); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same records differ")
			}
			golden(t, name, got)
		})
	}
}

// TestFlowsTextExplainsTheLab holds the text to the lab's three stories
// (aws-semantics §8.3): the ping between the instances dropped by b's
// security group, the ping to 8.8.8.8 by NACL entry 1, the SSH probe by
// the security group, and the truncated record reported with its line.
func TestFlowsTextExplainsTheLab(t *testing.T) {
	text := string(renderFlows(t, func(b *bytes.Buffer, f *Flows) error { return WriteFlowsText(b, f) }, labFlows(t)))
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`eni-0b22c33d44e55f66a ingress \S+ 172\.31\.5\.10 -> 172\.31\.9\.20 .*\n\s+BLOCKED: .*sg-0d3e4f5a6b7c8d9e0`),
		regexp.MustCompile(`eni-0a11b22c33d44e55f egress \S+ 172\.31\.5\.10 -> 8\.8\.8\.8 .*\n\s+BLOCKED: .*acl-0b2c3d4e5f6a7b8c9.*\b1\b`),
		regexp.MustCompile(`eni-0b22c33d44e55f66a ingress tcp/22 198\.51\.100\.77 -> 172\.31\.9\.20:22 .*\n\s+BLOCKED: .*sg-0d3e4f5a6b7c8d9e0`),
		regexp.MustCompile(`vpcflowlogs\.log:21: `),
		regexp.MustCompile(`REJECT by protocol and port`),
	} {
		if !want.MatchString(text) {
			t.Errorf("text lacks %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "NOT-EXPLAINED") {
		t.Errorf("a lab REJECT is not explained by the lab's own configuration:\n%s", text)
	}
}

// TestFlowsHTMLInertInChromium renders the page in a real browser with a
// hostile record and checks the charts are there, the payload is text,
// and the page has no script at all.
func TestFlowsHTMLInertInChromium(t *testing.T) {
	bin := requireChromium(t)
	f := labFlows(t)
	f.Summary.Malformed = append(f.Summary.Malformed, flowlogs.Malformed{Position: flowlogs.Position{File: "x.log", Line: 9}, Text: "<img src=x onerror=alert(1)>", Reason: "</pre><script>alert(1)</script>"})
	page := renderFlows(t, func(b *bytes.Buffer, f *Flows) error { return WriteFlowsHTML(b, f) }, f)
	if bytes.Contains(page, []byte("<script")) {
		t.Fatal("the flows page carries a script element")
	}
	dom := dumpDOM(t, bin, page)
	for _, id := range []string{"chart-timeline", "chart-rejects", "chart-talkers"} {
		if !strings.Contains(dom, `id="`+id+`"`) {
			t.Errorf("chart %s missing from the DOM", id)
		}
	}
	if n := strings.Count(dom, `class="reject"`); n < 3 {
		t.Errorf("%d rejected bars in the DOM, want the timeline's and the protocol chart's", n)
	}
	if regexp.MustCompile(`(?i)<img\b|<script\b`).MatchString(dom) {
		t.Error("a payload became an element")
	}
	if !strings.Contains(dom, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the payload is not shown as text")
	}
}
