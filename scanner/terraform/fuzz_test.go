package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoad feeds arbitrary configuration text to Load: it must return a
// snapshot or an error, never panic. The seed corpus is in
// testdata/fuzz/FuzzLoad plus the fixtures below.
func FuzzLoad(f *testing.F) {
	// Short seeds: whole fixtures made the fuzzer spend its budget
	// minimising each new input.
	for _, src := range []string{
		sshGroup,
		"locals {\n  n = [for i in range(3) : cidrsubnet(\"10.0.0.0/16\", 8, i)]\n}\nresource \"aws_subnet\" \"s\" {\n  count      = 3\n  vpc_id     = aws_vpc.v.id\n  cidr_block = local.n[count.index]\n}\n",
		"variable \"v\" {\n  default = \"10.0.0.0/16\"\n}\nresource \"aws_vpc\" \"v\" {\n  cidr_block = var.v # vpclint:ignore VPC001 lab\n  tags = { x = <<EOT\n${var.v}\nEOT\n  }\n}\n",
	} {
		f.Add(src, false)
	}
	f.Add(`{"resource": {"aws_vpc": {"a": {"cidr_block": "10.0.0.0/16"}}}}`, true)
	f.Fuzz(func(t *testing.T, src string, asJSON bool) {
		if len(src) > 16<<10 {
			t.Skip()
		}
		dir := t.TempDir()
		name := "main.tf"
		if asJSON {
			name = "main.tf.json"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			s, err := Load(dir, Options{})
			if err == nil && s == nil {
				t.Error("nil snapshot without an error")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic(fmt.Sprintf("Load hangs on %q", src))
		}
	})
}

// FuzzVars feeds arbitrary terraform.tfvars text and -var values to Load:
// an error or a snapshot, never a panic or a hang.
func FuzzVars(f *testing.F) {
	f.Add("cidr = \"10.1.0.0/16\"\nports = [22, 443]\n", "tags={a=\"b\"}")
	f.Add("ports = [", "cidr=10.0.0.0/8")
	f.Add("", "ports=[1,2]")
	f.Add("tags = { a = 1 }", "nope=1")
	const config = "variable \"cidr\" {\n  type = string\n}\nvariable \"ports\" {\n  type = list(number)\n  default = []\n}\nvariable \"tags\" {\n  type = map(string)\n  default = {}\n}\n" +
		"resource \"aws_vpc\" \"v\" {\n  cidr_block = var.cidr\n  tags = var.tags\n}\n"
	f.Fuzz(func(t *testing.T, tfvars, cliVar string) {
		if len(tfvars) > 16<<10 || len(cliVar) > 16<<10 {
			t.Skip()
		}
		dir := writeConfig(t, map[string]string{"main.tf": config, "terraform.tfvars": tfvars})
		done := make(chan struct{})
		go func() {
			defer close(done)
			s, err := Load(dir, Options{Vars: []string{cliVar}})
			if err == nil && s == nil {
				t.Error("nil snapshot without an error")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic(fmt.Sprintf("Load hangs on %q and -var %q", tfvars, cliVar))
		}
	})
}
