// Command gen writes a synthetic vpclint snapshot.
//
//	go run ./internal/gen/cmd/gen -size large -seed 1 -o /tmp/large.json
//
// Any count of the preset can be overridden (-vpcs 20 -sg-rules 5000 ...).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vpclint/vpclint/internal/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "small", "preset: small, medium or large")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same bytes")
	out := fs.String("o", "-", "output file (- for stdout)")
	counts := []struct{ name, usage string }{
		{"accounts", "AWS accounts (1-9)"},
		{"regions", "regions (1-4)"},
		{"vpcs", "VPCs (1-256)"},
		{"subnets", "subnets"},
		{"security-groups", "security groups, one default per VPC included"},
		{"sg-rules", "security group rules in total"},
		{"enis", "network interfaces"},
		{"instances", "EC2 instances"},
		{"nacls", "network ACLs, one default per VPC included"},
		{"nacl-entries", "NACL entries in total, before the * denies"},
		{"route-tables", "route tables, one main per VPC included"},
		{"roles", "IAM roles"},
		{"buckets", "S3 buckets"},
		{"peerings", "VPC peering connections"},
		{"endpoints", "VPC endpoints"},
	}
	vals := make([]int, len(counts))
	for i, c := range counts {
		fs.IntVar(&vals[i], c.name, -1, c.usage+" (default: the preset's)")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	p, err := gen.Preset(*size)
	if err != nil {
		return err
	}
	p.Seed = *seed
	for i, c := range counts {
		if vals[i] >= 0 {
			setField(&p, c.name, vals[i])
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	start := time.Now()
	s := gen.Generate(p)
	elapsed := time.Since(start)

	w := stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	if err := s.Encode(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "gen: %s seed %d: %d bytes, generated in %.2fs\n", *size, p.Seed, cw.n, elapsed.Seconds())
	return nil
}

func setField(p *gen.Params, name string, v int) {
	switch name {
	case "accounts":
		p.Accounts = v
	case "regions":
		p.Regions = v
	case "vpcs":
		p.VPCs = v
	case "subnets":
		p.Subnets = v
	case "security-groups":
		p.SecurityGroups = v
	case "sg-rules":
		p.SGRules = v
	case "enis":
		p.ENIs = v
	case "instances":
		p.Instances = v
	case "nacls":
		p.NACLs = v
	case "nacl-entries":
		p.NACLEntries = v
	case "route-tables":
		p.RouteTables = v
	case "roles":
		p.Roles = v
	case "buckets":
		p.Buckets = v
	case "peerings":
		p.Peerings = v
	case "endpoints":
		p.Endpoints = v
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
