package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// explain -f html (or an .html -o) writes the page: the verdict, the
// blocking entry, the drawn path; the exit code is still the verdict's.
func TestExplainHTML(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{
			"blocked ping between the instances, -f html -o",
			[]string{"--from", "i-04c7e1f2a3b5d6e0a", "--to", "i-04c7e1f2a3b5d6e0b", "--traffic", "icmp", "-f", "html", "-o", filepath.Join(dir, "ping")},
			1,
			[]string{"<strong>BLOCKED</strong>", "ENI_SG_RULES_MISMATCH", `<tr class="hop blocked" id="hop-4">`, `<g class="path path-blocked">`, ">sg-0d3e4f5a6b7c8d9e0 icmp/8/0</text>"},
		},
		{
			"blocked ping out, format from the .html name",
			[]string{"--from", "i-04c7e1f2a3b5d6e0a", "--to", "8.8.8.8", "--traffic", "icmp", "-o", filepath.Join(dir, "out.html")},
			1,
			[]string{"SUBNET_ACL_RESTRICTION", `<code class="rule">outbound rule 1 deny icmp type -1 code -1 0.0.0.0/0</code>`, ">acl-0b2c3d4e5f6a7b8c9 icmp/8/0</text>"},
		},
		{
			"https out allowed",
			[]string{"--from", "i-04c7e1f2a3b5d6e0a", "--to", "internet", "--traffic", "tcp/443", "-o", filepath.Join(dir, "https.html")},
			0,
			[]string{"<strong>ALLOWED</strong>", `<g class="path path-exposure">`, ">tcp/443 allowed</text>"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := vpclint(t, append([]string{"explain", flowLab}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errOut)
			}
			if out != "" || !strings.Contains(errOut, "wrote html explanation to") {
				t.Errorf("stdout %q, stderr %q: want the page in the file only", out, errOut)
			}
			file := c.args[len(c.args)-1]
			page, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range append(c.wants, "<!DOCTYPE html>", "version "+version) {
				if !strings.Contains(string(page), w) {
					t.Errorf("%s lacks %q", file, w)
				}
			}
		})
	}
	// Text stays the default, html goes to stdout with -f html alone, and
	// a name that says no format is a usage error.
	if out, _, code := vpclint(t, "explain", flowLab, "--from", "i-04c7e1f2a3b5d6e0a", "--to", "8.8.8.8"); code != 1 || !strings.HasPrefix(out, "icmp/8/0 from") {
		t.Errorf("default text: exit %d\n%s", code, out)
	}
	if out, _, code := vpclint(t, "explain", flowLab, "--from", "i-04c7e1f2a3b5d6e0a", "--to", "8.8.8.8", "-f", "html"); code != 1 || !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Errorf("-f html to stdout: exit %d\n%.200s", code, out)
	}
	if _, errOut, code := vpclint(t, "explain", flowLab, "--from", "internet", "--to", "8.8.8.8", "-o", filepath.Join(dir, "x.pdf")); code != 2 || !strings.Contains(errOut, "cannot tell the format") {
		t.Errorf("-o x.pdf: exit %d, want 2\n%s", code, errOut)
	}
	if _, errOut, code := vpclint(t, "explain", flowLab, "--from", "internet", "--to", "8.8.8.8", "-f", "sarif"); code != 2 || !strings.Contains(errOut, "text, json, html") {
		t.Errorf("-f sarif: exit %d, want 2\n%s", code, errOut)
	}
	help, _, _ := vpclint(t, "explain", "--help")
	if !strings.Contains(help, "text, json or html") || !strings.Contains(help, "-f html") {
		t.Errorf("explain --help does not list html\n%s", help)
	}
}
