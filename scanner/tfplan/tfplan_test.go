package tfplan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/scanner/terraform"
	"github.com/vpclint/vpclint/snapshot"
)

// capture is a BuildFunc that records what it is given.
type capture struct {
	calls     [][]terraform.Resource
	configDir []string
}

func (c *capture) build(rs []terraform.Resource, kind, origin, configDir string, _ map[string]any) (*snapshot.Snapshot, error) {
	c.calls = append(c.calls, rs)
	c.configDir = append(c.configDir, configDir)
	return &snapshot.Snapshot{Schema: snapshot.SchemaV1, Origin: snapshot.Origin{Kind: kind, Inputs: []string{origin}}}, nil
}

func byAddress(rs []terraform.Resource, addr string) *terraform.Resource {
	for i := range rs {
		if rs[i].Address == addr {
			return &rs[i]
		}
	}
	return nil
}

func TestLoadModulePlan(t *testing.T) {
	var c capture
	before, after, err := Load("testdata/module-plan.json", Options{Build: c.build})
	if err != nil {
		t.Fatal(err)
	}
	if before == nil || after == nil || len(c.calls) != 2 {
		t.Fatalf("want before and after, got %v %v (%d builds)", before, after, len(c.calls))
	}
	afterRs, beforeRs := c.calls[0], c.calls[1]
	web := byAddress(afterRs, `module.net["a"].aws_security_group.web`)
	if web == nil || len(afterRs) != 1 {
		t.Fatalf("after: %+v", afterRs)
	}
	u, _ := web.Unknown.(map[string]any)
	if u["vpc_id"] != true || u["id"] != true {
		t.Errorf("after_unknown not carried: %v", web.Unknown)
	}
	if got := web.Refs["vpc_id"]; !slices.Equal(got, []string{`module.net["a"].aws_vpc.main`}) {
		t.Errorf("configuration reference for vpc_id: %v", got)
	}
	if web.Region != "eu-west-1" {
		t.Errorf("region from provider_config: %q", web.Region)
	}
	if web.Source == nil || web.Source.File != "testdata/module-plan.json" || web.Source.StartLine != 11 {
		t.Errorf("source in the plan file: %+v", web.Source)
	}
	if old := byAddress(beforeRs, "aws_security_group.old"); old == nil || len(beforeRs) != 1 || old.Values["id"] != "sg-0123456789abcdef0" {
		t.Errorf("before (prior_state): %+v", beforeRs)
	}
	if c.configDir[0] != "" {
		t.Errorf("no ConfigDir option: got %q", c.configDir[0])
	}
}

func TestLoadErrors(t *testing.T) {
	var c capture
	dir := t.TempDir()
	for name, body := range map[string]string{
		"notjson.json":   "{",
		"version.json":   `{"format_version": "9.0", "planned_values": {}}`,
		"noplanned.json": `{"format_version": "1.2"}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Load(p, Options{Build: c.build}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: got %v, want an error naming the file", name, err)
		}
	}
	if _, _, err := Load("testdata/module-plan.json", Options{}); err == nil {
		t.Error("a missing Build must be an error")
	}
}

func TestAddresses(t *testing.T) {
	for in, want := range map[string]string{
		`module.vpc["a.b"].aws_subnet.x[0]`: "module.vpc.aws_subnet.x",
		`aws_vpc.main`:                      "aws_vpc.main",
		`module.a[1].module.b.aws_vpc.v`:    "module.a.module.b.aws_vpc.v",
	} {
		if got := configAddress(in); got != want {
			t.Errorf("configAddress(%s) = %s, want %s", in, got, want)
		}
	}
	if got := modulePrefix(`module.vpc["a.b"].module.x[2].aws_subnet.s`); got != `module.vpc["a.b"].module.x[2].` {
		t.Errorf("modulePrefix: %s", got)
	}
}

// FuzzLoad checks that no plan text makes Load panic.
func FuzzLoad(f *testing.F) {
	if b, err := os.ReadFile("testdata/module-plan.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "x", "mode": "managed"}]}}}`)
	f.Fuzz(func(t *testing.T, src string) {
		p := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		var c capture
		_, _, _ = Load(p, Options{Build: c.build})
	})
}

// realBuild is the BuildFunc input uses: the plan's resources through the
// Terraform scanner's conversion and normalisation.
func realBuild(rs []terraform.Resource, kind, origin, configDir string, vars map[string]any) (*snapshot.Snapshot, error) {
	return terraform.FromResources(rs, kind, origin, configDir, terraform.Options{Values: vars})
}

// TestErrorsAreLocated: a plan that does not decode, and a value the
// snapshot rejects, are named by file:line:col in the plan, not by an
// internal snapshot path.
func TestErrorsAreLocated(t *testing.T) {
	const head = "{\"format_version\":\"1.2\",\n \"planned_values\": {\"root_module\": {\"resources\": [\n"
	const vpc = "  {\"address\": \"aws_vpc.v\", \"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": \"v\", \"values\": {\"cidr_block\": %s}}\n"
	for name, c := range map[string]struct{ plan, want string }{
		"syntax":  {head + strings.ReplaceAll(vpc, "%s", `"10.0.0.0/16"`) + " ]}}, }\n", "plan.json:4:7: not a Terraform plan"},
		"type":    {"{\"format_version\":\"1.2\",\n \"planned_values\": {\"root_module\": {\"resources\": \"x\"}}}", "plan.json:2:52: not a Terraform plan"},
		"version": {"{\"planned_values\": {},\n \"format_version\":\"9.0\"}", "plan.json:2:2: not a Terraform plan"},
	} {
		p := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(p, []byte(c.plan), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := Load(p, Options{Build: realBuild})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "vpcs[") {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
	// A value AWS would reject is a located problem, read as unknown, and
	// the rest of the plan is still read (issue #11 item 13).
	p := filepath.Join(t.TempDir(), "plan.json")
	sg := "  {\"address\": \"aws_security_group.s\", \"mode\": \"managed\", \"type\": \"aws_security_group\", \"name\": \"s\", \"values\": {\"ingress\": [{\"protocol\": \"tpc\", \"from_port\": 22, \"to_port\": 22, \"cidr_blocks\": [\"0.0.0.0/0\"]}]}}\n"
	plan := head + strings.ReplaceAll(vpc, "%s", `"10.0.0.300/16"`) + " ,\n" + sg + " ]}}}\n"
	if err := os.WriteFile(p, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	_, s, err := Load(p, Options{Build: realBuild})
	if err != nil {
		t.Fatalf("a plan with invalid values must still load: %v", err)
	}
	var got []string
	for _, d := range s.Diagnostics {
		got = append(got, strings.TrimPrefix(d.Error(), filepath.Dir(p)+string(filepath.Separator)))
	}
	want := []string{
		`plan.json:3: aws_vpc.v: cidr_block: "10.0.0.300/16" is not a CIDR block; the value is treated as unknown`,
		`plan.json:5: aws_security_group.s: unknown protocol "tpc" (want tcp, udp, icmp, icmpv6, all/-1 or a number 0-255); the value is treated as unknown`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
	if len(s.VPCs) != 1 || len(s.SecurityGroups) != 2 {
		t.Errorf("read %d VPCs and %d groups, want the VPC and its default group plus aws_security_group.s", len(s.VPCs), len(s.SecurityGroups))
	}
}
