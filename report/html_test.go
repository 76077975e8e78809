package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHTMLEscapesPayloads(t *testing.T) {
	out := string(render(t, "html", fixture(), Options{}))
	for _, raw := range []string{"<img src=x onerror", "</script><script>alert", "<script>alert"} {
		if strings.Contains(out, raw) {
			t.Errorf("html contains unescaped %q", raw)
		}
	}
	for _, escaped := range []string{
		"&lt;img src=x onerror=alert(1)&gt;",                   // tag value in the details
		"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", // message in the table
		`\u003c/script\u003e\u003cscript\u003ealert(1)`,        // message in the JSON block
	} {
		if !strings.Contains(out, escaped) {
			t.Errorf("html lacks the escaped payload %q", escaped)
		}
	}
	// Only our own two script elements may exist.
	if n := strings.Count(out, "<script"); n != 2 {
		t.Errorf("%d <script elements, want 2 (data block and filter script)", n)
	}
}

func TestHTMLSelfContained(t *testing.T) {
	out := string(render(t, "html", fixture(), Options{}))
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ('sha256-[A-Za-z0-9+/]{43}='); script-src ('sha256-[A-Za-z0-9+/]{43}='); img-src data:`).FindStringSubmatch(out)
	if csp == nil {
		t.Fatal("no Content-Security-Policy forbidding network loads and inline code but ours")
	}
	// The hashes are those of the one style and the one executable script
	// element as rendered (the JSON block is not executed and needs none).
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(out, -1)
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(out, -1)
	if len(style) != 1 || len(script) != 1 {
		t.Fatalf("%d style and %d script elements, want one each", len(style), len(script))
	}
	if got := cspHash(style[0][1]); got != csp[1] {
		t.Errorf("style-src %s does not match the style element (%s)", csp[1], got)
	}
	if got := cspHash(script[0][1]); got != csp[2] {
		t.Errorf("script-src %s does not match the script element (%s)", csp[2], got)
	}
	// Nothing may be fetched: no src/href to another document except plain
	// links (<a href>), which load nothing by themselves.
	loads := regexp.MustCompile(`(?i)<(?:script|img|link|iframe|object|embed|source|video|audio)\b[^>]*\b(?:src|href|data)\s*=`)
	if m := loads.FindString(out); m != "" {
		t.Errorf("html loads an external resource: %s", m)
	}
	if regexp.MustCompile(`(?i)@import|url\(\s*['"]?(?:https?:)?//`).MatchString(out) {
		t.Error("css loads an external resource")
	}
	if strings.Contains(out, "innerHTML") {
		t.Error("script uses innerHTML")
	}
}

func TestHTMLSections(t *testing.T) {
	out := string(render(t, "html", fixture(), Options{}))
	for _, want := range []string{
		`id="filter-severity"`, `id="filter-category"`, `id="search"`,
		`<section id="coverage">`, "ec2 DescribeNetworkAcls",
		`<section id="muted">`, "bastion, reviewed in SEC-42", // muted reason
		"inactive waiver: waiver expired on 2024-01-31",        // expired waiver stays open, says so
		"Restrict the source CIDR or use SSM Session Manager.", // remediation
		"aws_security_group_rule/sgr-1",                        // related resource
		`&#34;ports&#34;: [`,                                   // pretty evidence
	} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if n := strings.Count(out, `class="finding-row"`); n != 4 {
		t.Errorf("%d finding rows, want 4 open findings", n)
	}
	if n := strings.Count(out, `class="muted-row"`); n != 2 {
		t.Errorf("%d muted rows, want 2", n)
	}
}

// chromium finds a headless-capable browser for TestHTMLInertInChromium.
func chromium() string {
	if p := os.Getenv("VPCLINT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium returns the browser, or skips the test when there is
// none (fails it when VPCLINT_REQUIRE_BROWSER=1, as CI sets).
func requireChromium(t *testing.T) string {
	t.Helper()
	bin := chromium()
	if bin == "" {
		if os.Getenv("VPCLINT_REQUIRE_BROWSER") == "1" {
			t.Fatal("VPCLINT_REQUIRE_BROWSER=1 but no chromium found (set VPCLINT_CHROMIUM or install chromium)")
		}
		t.Skip("no chromium found; set VPCLINT_CHROMIUM or VPCLINT_REQUIRE_BROWSER=1")
	}
	return bin
}

// TestHTMLInertInChromium loads the report in a real browser, lets its
// script run, and checks the DOM the browser built: the payloads are text,
// no element came out of them, and the filter script ran.
func TestHTMLInertInChromium(t *testing.T) {
	bin := requireChromium(t)
	dom := dumpDOM(t, bin, render(t, "html", fixture(), Options{}))
	if !strings.Contains(dom, `data-ready="1"`) {
		t.Fatalf("filter script did not run (no data-ready=\"1\"); dom starts:\n%.500s", dom)
	}
	if !strings.Contains(dom, `<output id="shown-count">4</output>`) || !strings.Contains(dom, `<span id="data-count">4</span>`) {
		t.Error("script did not fill the counts from the DOM and the JSON block")
	}
	if n := strings.Count(dom, `class="finding-row`); n != 4 {
		t.Errorf("%d finding rows in the browser DOM, want 4", n)
	}
	if regexp.MustCompile(`(?i)<img\b`).MatchString(dom) || strings.Contains(dom, "onerror=\"") {
		t.Error("the tag payload became an element")
	}
	for _, m := range regexp.MustCompile(`(?is)<script\b[^>]*>(.*?)</script>`).FindAllStringSubmatch(dom, -1) {
		if strings.Contains(m[0], "<script>alert(1)") || (!strings.Contains(m[0], "vpclint-data") && strings.Contains(m[1], "alert(")) {
			t.Errorf("a script element carries the payload: %.200s", m[0])
		}
	}
	if !strings.Contains(dom, "&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(dom, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the payloads are not shown as text")
	}
}

// The policy admits our script by its hash and nothing else: the same
// page with one byte of the script changed must not run it.
func TestHTMLScriptHashEnforced(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium found; set VPCLINT_CHROMIUM")
	}
	page := render(t, "html", fixture(), Options{})
	tampered := bytes.Replace(page, []byte("<script>"), []byte("<script>;"), 1)
	if bytes.Equal(page, tampered) {
		t.Fatal("no script element to tamper with")
	}
	dom := dumpDOM(t, bin, tampered)
	if !strings.Contains(dom, `<body data-ready="0">`) {
		t.Fatalf("a script that does not match the hash ran; dom starts:\n%.500s", dom)
	}
}

// dumpDOM loads page in headless Chromium, lets its script run for up to
// three seconds of virtual time, and returns the DOM the browser built.
func dumpDOM(t *testing.T, bin string, page []byte) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--virtual-time-budget=3000",
		"--dump-dom", "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("chromium timed out; stderr:\n%s", stderr.String())
		}
		t.Fatalf("chromium: %v; stderr:\n%s", err, stderr.String())
	}
	return string(out)
}
