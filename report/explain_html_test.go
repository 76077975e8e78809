package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/report"
	"github.com/vpclint/vpclint/snapshot"
)

const (
	flowLab = "../examples/flow-logs-lab/snapshot.json"
	hostile = `<img src=x onerror=alert(1)>`
	labA    = "i-04c7e1f2a3b5d6e0a"
	labB    = "i-04c7e1f2a3b5d6e0b"
)

// explainPage answers one question from instance A of the flow-logs lab, whose VPC
// and subnet are named with a hostile tag, and renders the explain page.
func explainPage(t *testing.T, to, traffic string) []byte {
	t.Helper()
	s, err := snapshot.Load(flowLab)
	if err != nil {
		t.Fatal(err)
	}
	s.VPCs[0].Tags = map[string]string{"Name": hostile}
	s.Subnets[0].Tags = map[string]string{"Name": hostile}
	m := reach.NewModel(s)
	src, err := m.Resolve(labA)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := m.Resolve(to)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := reach.ParseTraffic(traffic)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	e := &report.Explain{
		Tool: report.Tool{Name: "vpclint", Version: "1.2.3"}, Input: "lab " + hostile, Snapshot: s,
		Traffic: traffic, Verdict: m.Reach(src, dst, tr),
	}
	if err := report.WriteExplainHTML(&buf, e); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contains(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// The ping to 8.8.8.8: blocked by the NACL's outbound entry 1, at hop 4
// (the outbound NACL hop, not the inbound one of the return leg), drawn
// as a blocked edge named after the NACL.
func TestExplainHTMLBlockedByNACL(t *testing.T) {
	page := string(explainPage(t, "8.8.8.8", "icmp"))
	contains(t, page,
		`icmp/8/0 from i-04c7e1f2a3b5d6e0a to 8.8.8.8: <strong>BLOCKED</strong>`,
		`(asked as <code>icmp</code>)`, `<dd>1.2.3</dd>`,
		`<code>SUBNET_ACL_RESTRICTION</code>`,
		`<code class="rule">outbound rule 1 deny icmp type -1 code -1 0.0.0.0/0</code>`,
		`<g class="path path-blocked"><title>1. i-04c7e1f2a3b5d6e0a → 8.8.8.8 icmp/8/0: blocked by network-acl acl-0b2c3d4e5f6a7b8c9</title>`,
		`<text class="path-label"`, `>acl-0b2c3d4e5f6a7b8c9 icmp/8/0</text>`,
		`<g class="end" data-el="t0:subnet/subnet-0e1f2a3b4c5d6e7f8"><title>source i-04c7e1f2a3b5d6e0a</title>`,
		`<g class="end" data-el="t0:gw/igw-0f1e2d3c4b5a69788"><title>destination 8.8.8.8</title>`,
		`<td>hop 4</td>`,
	)
	blocked := regexp.MustCompile(`<tr class="hop blocked" id="hop-(\d+)">`).FindAllStringSubmatch(page, -1)
	if len(blocked) != 1 || blocked[0][1] != "4" {
		t.Errorf("blocked hop rows %v, want hop 4 only (outbound, forward leg)", blocked)
	}
	// No script at all, and a policy that admits none.
	if strings.Contains(page, "<script") || strings.Contains(page, "script-src") || strings.Contains(page, "unsafe-inline") {
		t.Error("the explain page has a script or admits one")
	}
	if strings.Contains(page, `tabindex=`) || strings.Contains(page, `data-filter=`) {
		t.Error("the picture's paths are buttons on a page without the findings table")
	}
}

// The ping between the two instances: the group is on both interfaces,
// the block is on B's inbound rules (hop 4), not A's outbound (hop 2),
// and the edge ends at their shared subnet, marked as both ends.
func TestExplainHTMLBlockedBySG(t *testing.T) {
	page := string(explainPage(t, labB, "icmp"))
	contains(t, page,
		`<code>ENI_SG_RULES_MISMATCH</code>`, `no inbound rule of sg-0d3e4f5a6b7c8d9e0 (on eni-0b22c33d44e55f66a)`,
		`same subnet: no route table, no network ACL`,
		`>sg-0d3e4f5a6b7c8d9e0 icmp/8/0</text>`, `>from/to</text>`,
	)
	if !regexp.MustCompile(`<tr class="hop blocked" id="hop-4">\s*<td>4</td><td>security-group</td>`).MatchString(page) ||
		strings.Contains(page, `<tr class="hop blocked" id="hop-2">`) {
		t.Error("the block is not on hop 4 (inbound rules of B) alone")
	}
}

// HTTPS out to the internet is allowed: an exposure-style edge from the
// subnet to the internet gateway.
func TestExplainHTMLAllowed(t *testing.T) {
	page := string(explainPage(t, "internet", "tcp/443"))
	contains(t, page, `: <strong>ALLOWED</strong>`, `Nothing blocks this traffic.`,
		`<g class="path path-exposure">`, `>tcp/443 allowed</text>`, `marker-end="url(#t0-arrow-red)"`)
	if strings.Contains(page, `class="hop blocked"`) || strings.Contains(page, `<g class="path path-blocked"`) {
		t.Error("an allowed flow shows a block")
	}
}

// Everything from the input is escaped, and the page is the same bytes
// every time.
func TestExplainHTMLEscapedAndDeterministic(t *testing.T) {
	a := explainPage(t, "8.8.8.8", "icmp")
	b := explainPage(t, "8.8.8.8", "icmp")
	if !bytes.Equal(a, b) {
		t.Error("two runs gave different pages")
	}
	page := string(a)
	if strings.Contains(page, hostile) || regexp.MustCompile(`(?i)<img\b`).MatchString(page) {
		t.Error("the hostile tag came out unescaped")
	}
	if n := strings.Count(page, "&lt;img src=x onerror=alert(1)&gt;"); n < 3 {
		t.Errorf("the hostile tag is shown escaped %d times, want it in the input name, the VPC and the subnet", n)
	}
	if !strings.Contains(page, `content="default-src 'none'; style-src 'sha256-`) {
		t.Error("no Content-Security-Policy with default-src 'none' and a style hash")
	}
	css := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	if len(css) < 2 || !strings.Contains(page, report.CSPHash(css[1])) {
		t.Error("the policy does not carry the hash of the page's style element")
	}
}
