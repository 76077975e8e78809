package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	flowENIa = "eni-0a11b22c33d44e55f"
	peerA    = "eni-01a7b8c9d0e1f2a31"
	peerB    = "eni-02b7c8d9e0f1a2b32"
)

// The renderer is tested in report; here, that the flags reach it.
func TestMatrixFlags(t *testing.T) {
	for _, args := range [][]string{{"--vpc", "vpc-02b3c4d5e6f7a8b92"}, {"--from", "i-02b3c4d5e6f7a8b9d"}} {
		out, errOut, code := vpclint(t, append([]string{"matrix", peeringLab}, args...)...)
		if code != 0 || !strings.Contains(out, "ipv4 matrix: 2 classes, 1 pair") ||
			!strings.Contains(out, "\n  "+peerB+" -> "+peerA+": tcp 22 | udp none | icmp echo allowed\n") || strings.Contains(out, peerA+" -> ") {
			t.Errorf("%v: exit %d, want only B's row\n%s%s", args, code, out, errOut)
		}
	}
	out, errOut, code := vpclint(t, "matrix", flowLab, "--family", "ipv6", "-f", "json")
	if code != 0 || !strings.Contains(out, `"family": "ipv6"`) {
		t.Errorf("--family ipv6 -f json: exit %d\n%s%s", code, out, errOut)
	}
}

// DESIGN.md: same input, byte-identical output.
func TestMatrixDeterministic(t *testing.T) {
	for _, lab := range []string{flowLab, peeringLab} {
		for _, format := range []string{"text", "json"} {
			a, _, _ := vpclint(t, "matrix", lab, "-f", format)
			b, _, _ := vpclint(t, "matrix", lab, "-f", format)
			if a != b || a == "" {
				t.Errorf("%s %s: output differs between runs or is empty", lab, format)
			}
		}
	}
	file := filepath.Join(t.TempDir(), "m.json")
	stdout, _, code := vpclint(t, "matrix", peeringLab, "-f", "json", "-o", file)
	if code != 0 || stdout != "" {
		t.Fatalf("-o: exit %d, stdout %q", code, stdout)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := vpclint(t, "matrix", peeringLab, "-f", "json", "-o", "-")
	if string(got) != want {
		t.Errorf("-o file differs from stdout\n%s\n%s", got, want)
	}
}

func TestMatrixUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"bad family", []string{"--family", "ipv5"}, `unknown family "ipv5"`},
		{"bad format", []string{"-f", "xml"}, `unknown format "xml"`},
		{"empty output", []string{"--output="}, "--output needs a file name"},
		{"unknown vpc", []string{"--vpc", "vpc-nope"}, "--vpc vpc-nope: no such VPC"},
		{"unknown vpc in a list", []string{"--vpc", "vpc-0a1b2c3d4e5f60718,vpc-nope"}, "--vpc vpc-nope"},
		{"unknown from", []string{"--from", "i-nope"}, "--from i-nope: no such instance or network interface"},
		{"from without an address of the family", []string{"--family", "ipv6", "--from", "i-04c7e1f2a3b5d6e0a"}, "--from i-04c7e1f2a3b5d6e0a: interface " + flowENIa + " is in no ipv6 class"},
		{"unknown flag", []string{"--nope"}, "unknown flag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := vpclint(t, append([]string{"matrix", flowLab}, c.args...)...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, want 2 with %q\nstdout: %s\nstderr: %s", code, c.want, out, errOut)
			}
		})
	}
	if _, errOut, code := vpclint(t, "matrix"); code != 2 || !strings.Contains(errOut, "accepts 1 arg") {
		t.Errorf("no input: exit %d\n%s", code, errOut)
	}
	if _, _, code := vpclint(t, "matrix", "nope.json"); code != 2 {
		t.Errorf("missing input: exit %d", code)
	}
}
