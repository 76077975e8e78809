package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// GenerateTree writes a Terraform tree of files files of about 50 lines
// each: per file one VPC-scoped group of resources (subnet, security
// group with inline rules, standalone rule, route table, NACL entry,
// instance) referring to a shared VPC, locals and variables.
func GenerateTree(dir string, files int) error {
	var b strings.Builder
	b.WriteString(`provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

variable "cidr" {
  default = "10.0.0.0/8"
}

resource "aws_vpc" "main" {
  cidr_block = var.cidr
}

resource "aws_network_acl" "main" {
  vpc_id = aws_vpc.main.id
}
`)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o600); err != nil {
		return err
	}
	for i := range files - 1 {
		b.Reset()
		fmt.Fprintf(&b, `locals {
  name_%[1]d = "svc-%[1]d"
}

resource "aws_subnet" "s%[1]d" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 16, %[1]d)
  tags       = { Name = local.name_%[1]d }
}

resource "aws_security_group" "g%[1]d" {
  name        = local.name_%[1]d
  description = "service %[1]d"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "https"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/8"]
  }

  egress {
    description = "all"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "r%[1]d" {
  type              = "ingress"
  security_group_id = aws_security_group.g%[1]d.id
  protocol          = "tcp"
  from_port         = %[2]d
  to_port           = %[2]d
  cidr_blocks       = [aws_subnet.s%[1]d.cidr_block]
  description       = "app"
}

resource "aws_instance" "i%[1]d" {
  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.s%[1]d.id
  vpc_security_group_ids = [aws_security_group.g%[1]d.id]
  metadata_options {
    http_tokens = "required"
  }
}
`, i, 8000+i%1000)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("svc_%04d.tf", i)), []byte(b.String()), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkLoad loads a generated tree of 1,000 files (about 50,000 lines).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := GenerateTree(dir, 1000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGenerateTree(t *testing.T) {
	dir := t.TempDir()
	if err := GenerateTree(dir, 20); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Instances) != 19 || len(s.Subnets) != 19 {
		t.Errorf("generated tree: %d instances, %d subnets", len(s.Instances), len(s.Subnets))
	}
}

// TestWriteTree writes the benchmark tree to $VPCLINT_GEN_TREE, for timing
// the whole check command (BENCHMARKS.md); skipped otherwise.
func TestWriteTree(t *testing.T) {
	dir := os.Getenv("VPCLINT_GEN_TREE")
	if dir == "" {
		t.Skip("set VPCLINT_GEN_TREE to a directory to write the 1,000-file tree")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := GenerateTree(dir, 1000); err != nil {
		t.Fatal(err)
	}
}
