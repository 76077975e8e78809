package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/snapshot"
)

// writeConfig writes files (name -> text) into a new directory.
func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadErr loads dir within a deadline and returns the error text.
func loadErr(t *testing.T, dir string, opt Options) string {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(dir, opt)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			return ""
		}
		return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	case <-time.After(20 * time.Second):
		t.Fatal("Load did not finish in 20 s")
		return ""
	}
}

const sshGroup = `resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`

// TestDuplicateDeclarations: Terraform rejects an address declared twice;
// reading only one of the two hid the other's open SSH port.
func TestDuplicateDeclarations(t *testing.T) {
	for name, c := range map[string]struct {
		files map[string]string
		want  string
	}{
		"resource in two files": {
			map[string]string{"a.tf": sshGroup, "b.tf": "\n" + `resource "aws_security_group" "web" {}`},
			`b.tf:2:1: duplicate resource "aws_security_group.web": first declared at a.tf:1:1`,
		},
		"local twice": {
			map[string]string{"a.tf": "locals {\n  x = 1\n}\nlocals {\n  x = 2\n}\n"},
			`a.tf:5:3: duplicate local value "x": first declared at a.tf:2:3`,
		},
		"variable twice": {
			map[string]string{"a.tf": "variable \"v\" {}\n", "b.tf": "variable \"v\" {}\n"},
			`b.tf:1:1: duplicate variable "v": first declared at a.tf:1:1`,
		},
		"json and native": {
			map[string]string{"a.tf": sshGroup, "b.tf.json": `{"resource": {"aws_security_group": {"web": {}}}}`},
			`duplicate resource "aws_security_group.web": first declared at a.tf:1:1`,
		},
	} {
		got := loadErr(t, writeConfig(t, c.files), Options{})
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
}

// TestNestingIsCapped: 100,000 nested brackets overflowed the Go stack in
// HCL's recursive parser; now they are a located error, in native syntax,
// JSON, a -var value and a template file, while strings, comments and
// heredocs full of brackets are not counted.
func TestNestingIsCapped(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	for name, c := range map[string]struct {
		files map[string]string
		opt   Options
		want  string
	}{
		"native":         {map[string]string{"main.tf": "locals {\n  x = " + deep + "\n}\n"}, Options{}, "main.tf:2:1006: nested more than 1000 levels deep"},
		"interpolations": {map[string]string{"main.tf": "locals {\n  x = " + strings.Repeat(`"${`, 2000) + "}\n}\n"}, Options{}, "main.tf:2:1506: nested more than 1000 levels deep"},
		"json":           {map[string]string{"main.tf.json": `{"locals": {"x": "${` + deep + `}"}}`}, Options{}, "main.tf.json:1:1018: nested more than 1000 levels deep"},
		"var": {
			map[string]string{"main.tf": "variable \"l\" {\n  type = list(any)\n}\n"},
			Options{Vars: []string{"l=" + deep}},
			"-var l:1:1001: nested more than 1000 levels deep",
		},
		"template": {
			map[string]string{"main.tf": `locals { x = templatefile("t.tpl", {}) }` + "\n", "t.tpl": "${" + deep + "}"},
			Options{},
			`main.tf:1:14: templatefile("t.tpl"): t.tpl:1:1002: nested more than 1000 levels deep`,
		},
	} {
		got := loadErr(t, writeConfig(t, c.files), c.opt)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: got %.300q, want %q", name, got, c.want)
		}
	}
	brackets := strings.Repeat("[", 2000)
	quiet := "# " + brackets + "\n/* " + brackets + " */\nlocals {\n  a = \"" + brackets + "\"\n  b = <<EOT\n" + brackets + "\nEOT\n  c = \"$${" + brackets + "\"\n}\n"
	if got := loadErr(t, writeConfig(t, map[string]string{"main.tf": quiet}), Options{}); strings.Contains(got, "nested") {
		t.Errorf("brackets in comments, strings and heredocs were counted: %s", got)
	}
}

// TestExponentialLocals: ten locals, each ten copies of the one before,
// never finished evaluating; now the first local past the budget is
// named at its line.
func TestExponentialLocals(t *testing.T) {
	var b strings.Builder
	b.WriteString("locals {\n  a = \"x\"\n")
	names := "abcdefghij"
	for i := 1; i < len(names); i++ {
		refs := strings.TrimSuffix(strings.Repeat("local."+names[i-1:i]+", ", 10), ", ")
		b.WriteString("  " + names[i:i+1] + " = [" + refs + "]\n")
	}
	b.WriteString("}\nresource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n  tags = { x = jsonencode(local.j) }\n}\n")
	got := loadErr(t, writeConfig(t, map[string]string{"main.tf": b.String()}), Options{})
	if !strings.Contains(got, "main.tf:8:7: local.g: the value grows past") {
		t.Fatalf("got %q", got)
	}
	// A string doubling itself is stopped the same way.
	b.Reset()
	b.WriteString("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n")
	for i := 1; i < 40; i++ {
		prev := "local.s" + strconv.Itoa(i-1)
		b.WriteString("  s" + strconv.Itoa(i) + " = \"${" + prev + "}${" + prev + "}\"\n")
	}
	b.WriteString("}\n")
	if got := loadErr(t, writeConfig(t, map[string]string{"main.tf": b.String()}), Options{}); !strings.Contains(got, "main.tf:22:9: local.s20: the value grows past") {
		t.Fatalf("got %q", got)
	}
}

// TestFileFunctionsAreConfined: file() and templatefile() read only
// inside the checked directory; outside (absolute, "..", a symbolic link
// pointing out, a file() inside a template) the value is unknown, never
// the content, and the call is a located input problem.
func TestFileFunctionsAreConfined(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("TOPSECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	vpc := func(expr string) string {
		return "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n  tags = { x = " + expr + " }\n}\n"
	}
	for name, c := range map[string]struct {
		files map[string]string
		link  string // a symbolic link "link" to outside, when set
		want  string
	}{
		"absolute":         {files: map[string]string{"main.tf": vpc(`file("` + outside + `")`)}, want: `main.tf:3:16: file("` + outside + `"): the path is outside the checked directory`},
		"dot-dot":          {files: map[string]string{"main.tf": vpc(`file("${path.module}/../` + filepath.Base(filepath.Dir(outside)) + `/secret.txt")`)}, want: "main.tf:3:16: file("},
		"symlink":          {files: map[string]string{"main.tf": vpc(`file("link")`)}, link: outside, want: `main.tf:3:16: file("link"): the path is outside`},
		"symlinked dir":    {files: map[string]string{"main.tf": vpc(`file("link/secret.txt")`)}, link: filepath.Dir(outside), want: `file("link/secret.txt"): the path is outside`},
		"templatefile":     {files: map[string]string{"main.tf": vpc(`templatefile("` + outside + `", {})`)}, want: `templatefile("` + outside + `"): the path is outside`},
		"file in template": {files: map[string]string{"main.tf": vpc(`templatefile("t.tpl", {})`), "t.tpl": `${file("` + outside + `")}`}, want: `main.tf:3:16: file("` + outside + `"): the path is outside`},
	} {
		dir := writeConfig(t, c.files)
		if c.link != "" {
			if err := os.Symlink(c.link, filepath.Join(dir, "link")); err != nil {
				t.Fatal(err)
			}
		}
		got := loadErr(t, dir, Options{})
		if !strings.Contains(got, c.want) || strings.Contains(got, "TOPSECRET") {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
	// Inside the tree, through a symbolic link that stays inside, it reads.
	dir := writeConfig(t, map[string]string{"main.tf": vpc(`file("in.txt")`), "sub/x.txt": "inside"})
	if err := os.Symlink(filepath.Join(dir, "sub", "x.txt"), filepath.Join(dir, "in.txt")); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir, Options{})
	if err != nil || len(s.VPCs) == 0 || s.VPCs[0].Tags["x"] != "inside" {
		t.Fatalf("a file inside the tree is read: %v", err)
	}
}

// TestVarValues: a -var value that does not parse or convert, or names
// no variable, is an error instead of a silently different value.
func TestVarValues(t *testing.T) {
	dir := writeConfig(t, map[string]string{"main.tf": "variable \"l\" {\n  type = list(string)\n}\nvariable \"n\" {\n  type = number\n}\n"})
	for v, want := range map[string]string{
		"l=[\"a\"": "-var l:1:",
		"n=abc":    "invalid value for variable n",
		"nn=1":     `-var nn: the configuration declares no variable "nn"`,
		"l={a=1}":  "invalid value for variable l",
		"novalue":  `-var "novalue": want name=value`,
	} {
		if got := loadErr(t, dir, Options{Vars: []string{v}}); !strings.Contains(got, want) {
			t.Errorf("-var %s: got %q, want %q", v, got, want)
		}
	}
	if got := loadErr(t, dir, Options{Vars: []string{`l=["a","b"]`, "n=3"}}); got != "" {
		t.Errorf("valid -var values: %s", got)
	}
}

// TestConversionErrorsAreLocated: a value the snapshot would reject is
// named by the resource and its line in the .tf file, not by a snapshot
// path, and read as unknown with the rest of the directory checked
// (the other rejected values: TestRejectedValuesAreNotedNotFatal).
func TestConversionErrorsAreLocated(t *testing.T) {
	dir := writeConfig(t, map[string]string{"main.tf": "\n\nresource \"aws_network_acl_rule\" \"r\" {\n  network_acl_id = aws_network_acl.a.id\n  rule_number = 100\n  egress = false\n  protocol = \"icmp\"\n  icmp_type = 300\n  icmp_code = 0\n  rule_action = \"allow\"\n  cidr_block = \"0.0.0.0/0\"\n}\nresource \"aws_network_acl\" \"a\" {\n  vpc_id = \"vpc-1\"\n}\n"})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v, want one", s.Diagnostics)
	}
	got := strings.TrimPrefix(s.Diagnostics[0].Error(), dir+string(filepath.Separator))
	if !strings.HasPrefix(got, `main.tf:8:3: aws_network_acl_rule.r: icmp type 300 code 0 out of range`) || strings.Contains(got, "network_acls[") {
		t.Fatalf("got %q", got)
	}
	var entry snapshot.ACLEntry
	for _, e := range s.NetworkACLs[0].Entries {
		if e.RuleNumber == 100 {
			entry = e
		}
	}
	if entry.ICMPType != -1 || !slices.Contains(entry.Unknown, "icmp_type") {
		t.Errorf("entry %+v: want the ICMP type unknown", entry)
	}
}
