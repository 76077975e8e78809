package terraform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

func TestLoadFeatures(t *testing.T) {
	s, err := Load("testdata/features", Options{VarFiles: []string{"testdata/features/extra.tfvars"}, Vars: []string{"from_cli=3"}})
	if err != nil {
		t.Fatal(err)
	}
	vpc := find(t, s.VPCs, "aws_vpc.main", func(v snapshot.VPC) string { return v.ID })
	if got := vpc.Tags; got["tfvars"] != "tfvars" || got["auto"] != "auto" || got["cli"] != "3" {
		t.Errorf("variable precedence: tags %v, want tfvars/auto/3", got)
	}
	if vpc.Account != "222233334444" || vpc.Region != "eu-west-1" {
		t.Errorf("provider: account %q region %q", vpc.Account, vpc.Region)
	}
	if vpc.Source == nil || vpc.Source.File != "testdata/features/main.tf" || vpc.Source.StartLine != 30 || vpc.Source.EndLine != 37 {
		t.Errorf("vpc source %+v, want main.tf lines 30-37", vpc.Source)
	}
	for _, id := range []string{`module.net.aws_subnet.private["a"]`, `module.net.aws_subnet.private["b"]`} {
		sn := find(t, s.Subnets, id, func(v snapshot.Subnet) string { return v.ID })
		if sn.VPCID != "aws_vpc.main" || sn.Source.File != "testdata/features/modules/net/main.tf" || sn.Source.StartLine != 9 {
			t.Errorf("%s: vpc %q source %+v", id, sn.VPCID, sn.Source)
		}
	}
	if sn := find(t, s.Subnets, `module.net.aws_subnet.private["b"]`, func(v snapshot.Subnet) string { return v.ID }); sn.CIDRBlock != "10.9.2.0/24" {
		t.Errorf("cidrsubnet in a module: %q", sn.CIDRBlock)
	}
	app := find(t, s.SecurityGroups, "aws_security_group.app", func(v snapshot.SecurityGroup) string { return v.ID })
	if len(app.Ingress) != 2 {
		t.Fatalf("app ingress: %+v", app.Ingress)
	}
	var unknownCIDR, fromLB bool
	for _, r := range app.Ingress {
		if slices.Contains(r.Unknown, "cidr_ipv4") && r.FromPort == 443 && r.Source.StartLine == 54 {
			unknownCIDR = true
		}
		if r.ReferencedGroup != nil && r.ReferencedGroup.GroupID == "module.net.aws_security_group.lb" && r.Source.StartLine == 62 {
			fromLB = true
		}
	}
	if !unknownCIDR || !fromLB {
		t.Errorf("want an unknown-CIDR rule at line 54 and a module-output group reference at line 62: %+v", app.Ingress)
	}
	if !slices.Contains(app.Unknown, "vpc_id") && app.VPCID != "aws_vpc.main" {
		t.Errorf("app vpc %q", app.VPCID)
	}
	role := find(t, s.Roles, "arn:aws:iam::222233334444:role/cross", func(v snapshot.Role) string { return v.ID })
	if len(role.TrustPolicy.Statements) != 1 || role.TrustPolicy.Statements[0].Principal["AWS"][0] != "arn:aws:iam::999988887777:root" ||
		len(role.TrustPolicy.Statements[0].Conditions) != 1 {
		t.Errorf("policy document: %+v", role.TrustPolicy)
	}
	var gotRegistry, gotCount bool
	for _, g := range s.Coverage {
		gotRegistry = gotRegistry || (g.Resource == "module.registry" && strings.Contains(g.Error, "terraform-aws-modules/vpc/aws"))
		gotCount = gotCount || (g.Resource == "aws_subnet.unknown_count" && g.Operation == "count")
	}
	if !gotRegistry || !gotCount {
		t.Errorf("coverage gaps %+v: want the registry module and the unknown count", s.Coverage)
	}
}

func find[T any](t *testing.T, xs []T, id string, key func(T) string) T {
	t.Helper()
	for _, x := range xs {
		if key(x) == id {
			return x
		}
	}
	var ids []string
	for _, x := range xs {
		ids = append(ids, key(x))
	}
	t.Errorf("%s not found among %v", id, ids)
	var zero T
	t.FailNow()
	return zero
}

func writeTF(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLocatedErrors(t *testing.T) {
	cases := map[string]struct {
		body, want string
	}{
		"syntax":         {"resource \"aws_vpc\" \"a\" {\n  cidr_block = \n}\n", "main.tf:2:"},
		"ignore reason":  {"# vpclint:ignore SG001\nresource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n", "main.tf:1:1: inline suppression needs a rule and a reason"},
		"unclosed block": {"resource \"aws_vpc\" \"a\" {\n", "main.tf:1:"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := writeTF(t, map[string]string{"main.tf": c.body})
			_, err := Load(dir, Options{})
			var se *snapshot.Error
			if err == nil || !errors.As(err, &se) || !strings.Contains(err.Error(), filepath.Join(dir, c.want)) {
				t.Errorf("got %v, want a located error containing %q", err, c.want)
			}
		})
	}
}

func TestInlineIgnores(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf": `# vpclint:ignore SG001,SG007 reviewed with the network team
resource "aws_security_group" "a" { // vpclint:ignore sg-rule-no-description legacy group
  ingress {
    # vpclint:ignore SG003 nested reason
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sg := s.SecurityGroups[0]
	want := []snapshot.Ignore{
		{Rule: "SG001", Reason: "reviewed with the network team", Line: 1},
		{Rule: "SG007", Reason: "reviewed with the network team", Line: 1},
		{Rule: "sg-rule-no-description", Reason: "legacy group", Line: 2},
		{Rule: "SG003", Reason: "nested reason", Line: 4},
	}
	if !slices.Equal(sg.Source.Ignores, want) {
		t.Errorf("ignores %+v, want %+v", sg.Source.Ignores, want)
	}
	if r := sg.Ingress[0]; r.Source.StartLine != 3 || r.Source.EndLine != 9 || len(r.Source.Ignores) != 1 {
		t.Errorf("nested rule source %+v", r.Source)
	}
}

func TestJSONConfiguration(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf.json": `{
  "resource": {
    "aws_security_group": {
      "web": {
        "name": "web",
        "ingress": [
          {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}
        ]
      }
    }
  }
}
`})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sg := s.SecurityGroups[0]
	if sg.ID != "aws_security_group.web" || len(sg.Ingress) != 1 || sg.Ingress[0].FromPort != 22 || sg.Source.StartLine != 4 {
		t.Errorf("json config: %+v", sg)
	}
}

func TestFunctions(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf": `locals {
  subnets = cidrsubnets("10.0.0.0/16", 8, 8, 4)
  merged  = merge({ a = "1" }, { b = "2" })
}
resource "aws_vpc" "a" {
  cidr_block = local.subnets[2]
  tags = merge(local.merged, {
    host   = cidrhost("10.0.0.0/24", 5)
    mask   = cidrnetmask("10.0.0.0/12")
    fmt    = format("%s-%03d", "web", 7)
    joined = join(",", concat(["x"], tolist(["y"])))
    look   = lookup({ k = "v" }, "missing", "dflt")
    json   = jsonencode({ k = [1, 2] })
    tried  = try(local.nope, "fallback")
    six    = cidrsubnet("2600:1f18::/56", 8, 1)
  })
}
`})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := s.VPCs[0]
	want := map[string]string{
		"a": "1", "b": "2", "host": "10.0.0.5", "mask": "255.240.0.0", "fmt": "web-007",
		"joined": "x,y", "look": "dflt", "json": `{"k":[1,2]}`, "tried": "fallback", "six": "2600:1f18:0:1::/64",
	}
	for k, w := range want {
		if v.Tags[k] != w {
			t.Errorf("tag %s = %q, want %q", k, v.Tags[k], w)
		}
	}
	if v.CIDRBlocks[0] != "10.0.16.0/20" {
		t.Errorf("cidrsubnets: %v", v.CIDRBlocks)
	}
}

// Route targets read the same as in the live scanner: a vpce- gateway is a
// gateway endpoint only toward a prefix list, a declared endpoint is what
// its type says, an eigw- id and a VPN gateway reference are known.
func TestRouteTargets(t *testing.T) {
	dir := writeTF(t, map[string]string{"main.tf": `
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_vpn_gateway" "vgw" { vpc_id = aws_vpc.v.id }
resource "aws_vpc_endpoint" "fw" {
  vpc_id            = aws_vpc.v.id
  service_name      = "com.amazonaws.vpce.us-east-1.vpce-svc-0a"
  vpc_endpoint_type = "GatewayLoadBalancer"
}
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.v.id
  route {
    destination_prefix_list_id = "pl-63a5400a"
    gateway_id                 = "vpce-0s3"
  }
  route {
    cidr_block = "10.1.0.0/16"
    gateway_id = "vpce-0other"
  }
  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = "eigw-0a"
  }
  route {
    cidr_block = "10.2.0.0/16"
    gateway_id = aws_vpn_gateway.vgw.id
  }
  route {
    cidr_block      = "10.3.0.0/16"
    vpc_endpoint_id = aws_vpc_endpoint.fw.id
  }
}
`})
	s, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]snapshot.TargetKind{
		"vpce-0s3": snapshot.TargetGatewayEndpoint, "vpce-0other": snapshot.TargetGWLBEndpoint,
		"eigw-0a": snapshot.TargetEgressOnlyInternetGateway, "aws_vpn_gateway.vgw": snapshot.TargetVirtualPrivateGateway,
		"aws_vpc_endpoint.fw": snapshot.TargetGWLBEndpoint,
	}
	got := map[string]snapshot.TargetKind{}
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			if r.TargetType != snapshot.TargetLocal {
				got[r.TargetID] = r.TargetType
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("targets = %v, want %v", got, want)
	}
}
