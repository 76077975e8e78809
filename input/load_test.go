package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	scanaws "github.com/vpclint/vpclint/scanner/aws"
)

// LoadOne passes the options to the loader: a Terraform variable decides
// a subnet's CIDR, a CloudFormation parameter is checked against the
// template.
func TestLoadOneOptions(t *testing.T) {
	dir := t.TempDir()
	body := "variable \"cidr\" {\n  type    = string\n  default = \"10.0.1.0/24\"\n}\nresource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nresource \"aws_subnet\" \"a\" {\n  vpc_id     = aws_vpc.a.id\n  cidr_block = var.cidr\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opt  Options
		want string
	}{
		{Options{}, "10.0.1.0/24"},
		{Options{Vars: []string{"cidr=10.0.2.0/24"}}, "10.0.2.0/24"},
	} {
		s, err := LoadOne(t.Context(), dir, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Subnets) != 1 || s.Subnets[0].CIDRBlock != c.want {
			t.Errorf("%+v: subnets %+v, want one with %s", c.opt, s.Subnets, c.want)
		}
	}

	cfn := "../examples/flow-logs-lab/cloudformation/template.yaml"
	for _, c := range []struct{ param, want string }{
		{"Nope=1", `declares no parameter "Nope"`},
		{"novalue", `--parameter "novalue": want Key=Value`},
	} {
		_, err := LoadOne(t.Context(), cfn, Options{Parameters: []string{c.param}})
		if _, ok := errors.AsType[*Error](err); !ok || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--parameter %s: got %v, want an Error with %q", c.param, err, c.want)
		}
	}
}

func TestScanRegionFlags(t *testing.T) {
	_, _, err := Scan(t.Context(), scanaws.Options{Regions: []string{"us-east-1"}, AllRegions: true})
	if _, ok := errors.AsType[*Error](err); !ok || err.Error() != "give --region or --all-regions, not both" {
		t.Errorf("got %v, want an Error naming both flags", err)
	}
}
