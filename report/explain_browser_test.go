package report_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/report"
)

// TestExplainInChromium loads explain pages of the flow-logs lab in
// headless Chromium: the DOM the browser built has the path's edge in the
// SVG with the blocker named on it, the ends ringed, the hostile tag as
// text, and nothing that names an outside resource. Screenshots go to
// VPCLINT_SCREENSHOT_DIR when set (else the test's temp dir), logged, to
// be looked at.
func TestExplainInChromium(t *testing.T) {
	bin := report.RequireChromium(t)
	shots := screenshotDir(t)
	cases := []struct {
		name, to, traffic string
		edge, label       string
	}{
		{"explain-blocked-nacl", "8.8.8.8", "icmp", "path path-blocked", "acl-0b2c3d4e5f6a7b8c9 icmp/8/0"},
		{"explain-blocked-sg", labB, "icmp", "path path-blocked", "sg-0d3e4f5a6b7c8d9e0 icmp/8/0"},
		{"explain-allowed", "internet", "tcp/443", "path path-exposure", "tcp/443 allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page := explainPage(t, c.to, c.traffic)
			checkNothingOutside(t, string(page))
			dom := report.DumpDOM(t, bin, page)
			svg := regexp.MustCompile(`(?s)<svg class="topo-svg".*?</svg>`).FindString(dom)
			if svg == "" {
				t.Fatalf("no topology picture in the DOM; it starts:\n%.300s", dom)
			}
			edge := regexp.MustCompile(`(?s)<g class="` + c.edge + `">.*?</g>`).FindString(svg)
			if edge == "" || !strings.Contains(edge, `<path d="M`) || !strings.Contains(edge, ">"+c.label+"</text>") {
				t.Errorf("no %q edge labelled %q in the SVG:\n%s", c.edge, c.label, edge)
			}
			if n := strings.Count(svg, `<rect class="end-ring"`); n < 1 {
				t.Error("the ends are not ringed")
			}
			if regexp.MustCompile(`(?i)<img\b`).MatchString(dom) || !strings.Contains(dom, "&lt;img src=x onerror=alert(1)&gt;") {
				t.Error("the hostile tag is not text in the browser's DOM")
			}
			file := filepath.Join(shots, c.name+".png")
			screenshot(t, page, file)
			t.Logf("screenshot of %s at 1400 px: %s", c.name, file)
		})
	}
}
