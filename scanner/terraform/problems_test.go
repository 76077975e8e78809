package terraform

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// TestInvalidValuesAreNotedNotFatal: a variable default or tfvars value
// of the wrong type, a value that is no CIDR where one is expected and a
// function call that fails are each a located problem at the variable
// and at the use, the value unknown, and the rest of the directory
// still read (issue #12 item 2, #11 leftovers).
func TestInvalidValuesAreNotedNotFatal(t *testing.T) {
	dir := writeConfig(t, map[string]string{
		"main.tf": `variable "allowed" {
  type    = list(string)
  default = "path/to/file"
}

variable "cidrs" {
  default = "10.0.0.0/8"
}

variable "ports" {
  type = list(number)
}

resource "aws_security_group" "s" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.allowed
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidrs, "0.0.0.0/0"]
  }
}

resource "aws_subnet" "a" {
  vpc_id     = "vpc-1"
  cidr_block = cidrsubnet("10.0.0.0/16", 30, 1)
}
`,
		"terraform.tfvars": "cidrs = \"not-a-cidr\"\nports = \"22\"\n",
	})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatalf("the directory must still load: %v", err)
	}
	var got []string
	for _, d := range s.Diagnostics {
		got = append(got, strings.ReplaceAll(d.Error(), dir+string(filepath.Separator), ""))
	}
	want := []string{
		`main.tf:3:3: variable "allowed": "path/to/file" is not a valid list of string`,
		`main.tf:19:5: cidr_blocks: variable "allowed" has an invalid value (main.tf:3); this value is treated as unknown`,
		`main.tf:25:5: aws_security_group.s: cidr_blocks: "not-a-cidr" is not a CIDR block (from variable "cidrs", set at `,
		`main.tf:31:16: cidr_block: Call to function "cidrsubnet" failed: cannot extend /16 by 30 bits; the value is treated as unknown`,
		`terraform.tfvars:1:9: variable "cidrs": its value is used at `,
		`terraform.tfvars:2:9: variable "ports": "22" is not a valid list of number`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d: got %q, want prefix %q", i, got[i], want[i])
		}
	}
	sg := find(t, s.SecurityGroups, "aws_security_group.s", func(g snapshot.SecurityGroup) string { return g.ID })
	var open, unknown int
	for _, r := range sg.Ingress {
		if r.CIDRIPv4 == "0.0.0.0/0" {
			open++
		}
		if slices.Contains(r.Unknown, "cidr_ipv4") {
			unknown++
		}
	}
	if open != 1 || unknown != 2 {
		t.Errorf("ingress %+v: want the 0.0.0.0/0 rule kept and both bad values unknown", sg.Ingress)
	}
	if sn := find(t, s.Subnets, "aws_subnet.a", func(v snapshot.Subnet) string { return v.ID }); !slices.Contains(sn.Unknown, "cidr_block") {
		t.Errorf("subnet cidr %q unknown %v: want unknown", sn.CIDRBlock, sn.Unknown)
	}
}
