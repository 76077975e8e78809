package terraform

import (
	"fmt"
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
	s := loadWithProblems(t, dir,
		`main.tf:3:3: variable "allowed": "path/to/file" is not a valid list of string`,
		`main.tf:19:5: cidr_blocks: variable "allowed" has an invalid value (main.tf:3); this value is treated as unknown`,
		`main.tf:25:5: aws_security_group.s: cidr_blocks: "not-a-cidr" is not a CIDR block (from variable "cidrs", set at `,
		`main.tf:31:16: cidr_block: Call to function "cidrsubnet" failed: cannot extend /16 by 30 bits; the value is treated as unknown`,
		`terraform.tfvars:1:9: variable "cidrs": its value is used at `,
		`terraform.tfvars:2:9: variable "ports": "22" is not a valid list of number`,
	)
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

// TestRejectedValuesAreNotedNotFatal: values AWS would reject (a protocol
// "tpc", a NACL action "allaw", an entry or a route without a destination,
// an acl that is not a canned ACL) are each a located problem at the
// attribute, read as unknown, and the other resources keep their findings
// (issue #11 item 13: they used to stop the directory at the first one).
func TestRejectedValuesAreNotedNotFatal(t *testing.T) {
	dir := writeConfig(t, map[string]string{
		"main.tf": `resource "aws_security_group" "s" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tpc"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-1"
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allaw"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "nowhere" {
  network_acl_id = "acl-1"
  rule_number    = 110
  egress         = false
  protocol       = "-1"
  rule_action    = "deny"
}

resource "aws_route" "r" {
  route_table_id = "rtb-1"
  gateway_id     = "igw-1"
}

resource "aws_security_group_rule" "backwards" {
  security_group_id = "sg-1"
  type              = "ingress"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 80
  cidr_blocks       = ["10.0.0.0/8"]
}

resource "aws_network_acl_rule" "huge" {
  network_acl_id = "acl-1"
  rule_number    = 40000
  egress         = false
  protocol       = "-1"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "public-reed"
}
`,
	})
	s := loadWithProblems(t, dir,
		`main.tf:5:5: aws_security_group.s: unknown protocol "tpc"`,
		`main.tf:21:3: aws_network_acl_rule.r: rule_action "allaw" (want allow or deny); the value is treated as unknown`,
		`main.tf:29:3: aws_network_acl_rule.nowhere: NACL entry 110 has neither cidr_block nor ipv6_cidr_block; the value is treated as unknown`,
		`main.tf:35:1: aws_route.r: route has no destination (want destination_cidr_block, destination_ipv6_cidr_block or destination_prefix_list_id); the value is treated as unknown`,
		`main.tf:44:3: aws_security_group_rule.backwards: port range 443-80 is not within 0-65535 with from_port <= to_port; the value is treated as unknown`,
		`main.tf:51:3: aws_network_acl_rule.huge: rule number 40000 is outside 1-32766; the value is treated as unknown`,
		`main.tf:60:3: aws_s3_bucket.b: acl "public-reed" is not a canned ACL S3 accepts; the value is treated as unknown`,
	)
	sg := find(t, s.SecurityGroups, "aws_security_group.s", func(g snapshot.SecurityGroup) string { return g.ID })
	if len(sg.Ingress) != 2 || !slices.Contains(sg.Ingress[0].Unknown, "protocol") && !slices.Contains(sg.Ingress[1].Unknown, "protocol") {
		t.Errorf("ingress %+v: want both rules, the bad protocol unknown", sg.Ingress)
	}
	acl := find(t, s.NetworkACLs, "acl-1", func(a snapshot.NetworkACL) string { return a.ID })
	var entries []string
	for _, e := range acl.Entries {
		if !e.Implicit {
			entries = append(entries, fmt.Sprintf("%d %s %v", e.RuleNumber, e.Action, e.Unknown))
		}
	}
	if want := []string{"100 allow [action]", "110 deny [cidr_ipv4]"}; !slices.Equal(entries, want) {
		t.Errorf("entries %q, want %q", entries, want)
	}
}

// loadWithProblems loads dir, which must load, and checks its
// diagnostics (paths relative to dir) start with want, in order.
func loadWithProblems(t *testing.T, dir string, want ...string) *snapshot.Snapshot {
	t.Helper()
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatalf("the directory must still load: %v", err)
	}
	var got []string
	for _, d := range s.Diagnostics {
		got = append(got, strings.ReplaceAll(d.Error(), dir+string(filepath.Separator), ""))
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d: got %q, want prefix %q", i, got[i], want[i])
		}
	}
	return s
}
