package report_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/report"
)

// TestLabsInChromium renders every lab of examples/ (its snapshot, its
// Terraform and its CloudFormation, one picture each) in headless
// Chromium: the SVG has one box per VPC of each input, clicking a badge
// filters the findings table to the findings on that element, and nothing
// names an outside resource. Desktop-width screenshots go to
// VPCLINT_SCREENSHOT_DIR when set (else the test's temp dir), logged, to
// be looked at; they are not committed.
func TestLabsInChromium(t *testing.T) {
	report.RequireChromium(t)
	shots := screenshotDir(t)
	labs, err := filepath.Glob("../examples/*/snapshot.json")
	if err != nil || len(labs) < 3 {
		t.Fatalf("want the three labs, found %v (%v)", labs, err)
	}
	for _, snap := range labs {
		dir := filepath.Dir(snap)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			paths := []string{snap}
			for _, p := range []string{"terraform", "cloudformation/template.yaml"} {
				if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
					paths = append(paths, filepath.Join(dir, p))
				}
			}
			res, err := check.Run(context.Background(), check.Options{Paths: paths, FailOn: finding.High, AllowPartial: true})
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			if err := report.Write(&page, "html", &res.Report, report.Options{}); err != nil {
				t.Fatal(err)
			}
			checkVPCBoxes(t, page.String(), &res.Report)
			checkNothingOutside(t, page.String())
			checkBadgeFilters(t, page.Bytes())
			file := filepath.Join(shots, filepath.Base(dir)+".png")
			screenshot(t, page.Bytes(), file)
			t.Logf("screenshot of %s at 1400 px: %s", dir, file)
		})
	}
}

// checkVPCBoxes: one picture per checked snapshot, in order, each with
// one VPC box per VPC of its snapshot.
func checkVPCBoxes(t *testing.T, page string, in *report.Input) {
	t.Helper()
	svgs := regexp.MustCompile(`(?s)<svg class="topo-svg".*?</svg>`).FindAllString(page, -1)
	if len(svgs) != len(in.Snapshots) {
		t.Fatalf("%d pictures for %d snapshots", len(svgs), len(in.Snapshots))
	}
	box := regexp.MustCompile(`<g class="vpc(?: default)?" data-el="[^"]*" data-vpc="([^"]*)"`)
	for i, svg := range svgs {
		s := in.Snapshots[i].Snapshot
		got := map[string]bool{}
		for _, m := range box.FindAllStringSubmatch(svg, -1) {
			got[html.UnescapeString(m[1])] = true
		}
		if len(got) != len(s.VPCs) {
			t.Errorf("%s: %d VPC boxes, the snapshot has %d VPCs", in.Snapshots[i].Input, len(got), len(s.VPCs))
		}
		for _, v := range s.VPCs {
			if !got[v.ID] {
				t.Errorf("%s: no box for VPC %s", in.Snapshots[i].Input, v.ID)
			}
		}
	}
}

// checkNothingOutside: a policy that forbids every load, and no element
// that names an outside resource (links excepted: they load nothing).
func checkNothingOutside(t *testing.T, page string) {
	t.Helper()
	if !strings.Contains(page, `content="default-src 'none'; style-src 'sha256-`) {
		t.Error("no Content-Security-Policy with default-src 'none'")
	}
	for _, m := range regexp.MustCompile(`<([a-z]+)\b[^>]*\b(?:src|href|xlink:href|data)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if m[1] != "a" {
			t.Errorf("<%s> names %q", m[1], m[2])
		}
	}
	if regexp.MustCompile(`url\(\s*['"]?(?:https?:)?//`).MatchString(page) {
		t.Error("a url() names an outside resource")
	}
}

// checkBadgeFilters clicks the first badge of the page through its own
// handler (a click dispatched by a line appended to the report's script,
// the CSP hash recomputed) and checks that exactly the rows drawn on that
// element stay shown.
func checkBadgeFilters(t *testing.T, page []byte) {
	t.Helper()
	badge := regexp.MustCompile(`<g class="badge sev-[a-z]+" data-filter="([^"]+)"`).FindSubmatch(page)
	if badge == nil {
		t.Fatal("no badge in the picture")
	}
	key := string(badge[1])
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindSubmatch(page)
	click := string(script[1]) + `
document.querySelector(".badge[data-filter]").dispatchEvent(new MouseEvent("click", {bubbles: true}));
document.body.dataset.clicked = "1";`
	clicked := bytes.Replace(page, script[1], []byte(click), 1)
	clicked = bytes.Replace(clicked, []byte(report.CSPHash(string(script[1]))), []byte(report.CSPHash(click)), 1)
	dom := report.DumpDOM(t, report.Chromium(), clicked)
	if !strings.Contains(dom, `data-clicked="1"`) {
		t.Fatalf("the click did not run; dom starts:\n%.300s", dom)
	}
	rows := regexp.MustCompile(`<tr class="finding-row( hidden)?"[^>]*data-el="([^"]*)"`).FindAllStringSubmatch(dom, -1)
	shown := 0
	for _, r := range rows {
		on := strings.Contains(" "+r[2]+" ", " "+key+" ")
		if hidden := r[1] != ""; hidden == on {
			t.Errorf("after clicking the badge of %s a row on %q is hidden=%v", key, r[2], hidden)
		}
		if r[1] == "" {
			shown++
		}
	}
	if shown == 0 || shown == len(rows) {
		t.Errorf("the badge of %s left %d of %d rows shown, want some but not all", key, shown, len(rows))
	}
	if !strings.Contains(dom, `<span id="topo-filter" class="topo-filter">`) {
		t.Error("the table does not say it is filtered to an element")
	}
}

// screenshotDir is VPCLINT_SCREENSHOT_DIR, else the test's temp dir.
func screenshotDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("VPCLINT_SCREENSHOT_DIR"); d != "" {
		return d
	}
	return t.TempDir()
}

// screenshot saves a desktop-width picture of the page.
func screenshot(t *testing.T, page []byte, file string) {
	t.Helper()
	dir := t.TempDir()
	html := filepath.Join(dir, "report.html")
	if err := os.WriteFile(html, page, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, report.Chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1400,2200",
		"--screenshot="+file, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium screenshot: %v\n%s", err, out)
	}
}
