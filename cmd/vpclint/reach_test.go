package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	flowLab    = "../../examples/flow-logs-lab"
	peeringLab = "../../examples/peering-endpoints-lab"
)

// The three lab questions of issue #3, answered from the command line.
func TestExplainLabQuestions(t *testing.T) {
	cases := []struct {
		name          string
		args          []string
		code          int
		want, wantNot []string
	}{
		{
			"flow-logs lab: instances cannot ping (SG, no NACL inside a subnet)",
			[]string{"explain", flowLab, "--from", "i-04c7e1f2a3b5d6e0a", "--to", "i-04c7e1f2a3b5d6e0b", "--traffic", "icmp"},
			1,
			[]string{"BLOCKED", "ENI_SG_RULES_MISMATCH", "no inbound rule of sg-0d3e4f5a6b7c8d9e0", "same subnet: no route table, no network ACL"},
			[]string{"SUBNET_ACL_RESTRICTION"},
		},
		{
			"flow-logs lab: cannot ping 8.8.8.8 (NACL outbound rule 1)",
			[]string{"explain", flowLab, "--from", "i-04c7e1f2a3b5d6e0a", "--to", "8.8.8.8", "--traffic", "icmp"},
			1,
			[]string{"BLOCKED", "SUBNET_ACL_RESTRICTION", "outbound rule 1 deny icmp"},
			nil,
		},
		{
			"peering lab: ping works over the peering",
			[]string{"explain", peeringLab, "--from", "i-01a2b3c4d5e6f7a8c", "--to", "i-02b3c4d5e6f7a8b9d", "--traffic", "icmp"},
			0,
			[]string{"ALLOWED", "peering-connection", "pcx-0f3e2d1c0b9a87654"},
			nil,
		},
		{
			"peering lab: 443 is blocked by B's group",
			[]string{"explain", peeringLab, "--from", "i-01a2b3c4d5e6f7a8c", "--to", "i-02b3c4d5e6f7a8b9d", "--traffic", "tcp/443"},
			1,
			[]string{"ENI_SG_RULES_MISMATCH", "sg-02b5c6d7e8f9a0b12"},
			nil,
		},
		{"unknown endpoint", []string{"explain", flowLab, "--from", "i-nope", "--to", "8.8.8.8"}, 2, []string{"--from", "i-nope"}, nil},
		{"bad traffic", []string{"explain", flowLab, "--from", "internet", "--to", "i-04c7e1f2a3b5d6e0a", "--traffic", "tcp/99999"}, 2, []string{"tcp/99999"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := vpclint(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, out, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q\n%s%s", w, out, errOut)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("output must not contain %q\n%s", w, out)
				}
			}
		})
	}
	out, _, _ := vpclint(t, "explain", flowLab, "--from", "i-04c7e1f2a3b5d6e0a", "--to", "8.8.8.8", "-f", "json")
	var v struct {
		Result string `json:"result"`
		Blocks []struct {
			Code string `json:"code"`
			Rule string `json:"rule"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Result != "blocked" || len(v.Blocks) == 0 {
		t.Fatalf("json verdict: %v %+v\n%s", err, v, out)
	}
}

// withNACLDeny writes a copy of the peering lab where B's subnet has a
// custom NACL denying ICMP from A's VPC at rule 90 before allowing all.
func withNACLDeny(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(peeringLab, "snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["network_acls"] = []any{map[string]any{
		"id": "acl-new", "vpc_id": "vpc-02b3c4d5e6f7a8b92", "subnet_ids": []any{"subnet-02b1c2d3e4f5a6b72"},
		"entries": []any{
			map[string]any{"rule_number": 90, "egress": false, "action": "deny", "protocol": "icmp", "icmp_type": -1, "icmp_code": -1, "cidr_ipv4": "10.1.0.0/16"},
			map[string]any{"rule_number": 100, "egress": false, "action": "allow", "protocol": "-1", "cidr_ipv4": "0.0.0.0/0"},
			map[string]any{"rule_number": 100, "egress": true, "action": "allow", "protocol": "-1", "cidr_ipv4": "0.0.0.0/0"},
		},
	}}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "after.json")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiffAndCheckBefore(t *testing.T) {
	after := withNACLDeny(t)
	before := filepath.Join(peeringLab, "snapshot.json")
	out, errOut, code := vpclint(t, "diff", before, after)
	if code != 1 || !strings.Contains(out, "BREAKAGE") || !strings.Contains(out, "acl-new inbound rule 90 deny icmp") || !strings.Contains(out, "(new)") {
		t.Fatalf("diff: exit %d\n%s%s", code, out, errOut)
	}
	if out, _, code := vpclint(t, "diff", before, before); code != 0 || !strings.Contains(out, "0 changes") {
		t.Fatalf("diff of identical inputs: exit %d\n%s", code, out)
	}
	out, errOut, _ = vpclint(t, "check", after, "--before", before, "--enable", "CHG001")
	if !strings.Contains(out, "CHG001") || !strings.Contains(out, "i-01a2b3c4d5e6f7a8c -> i-02b3c4d5e6f7a8b9d on icmp") {
		t.Fatalf("check --before: %s%s", out, errOut)
	}
}

func TestIntentsFromConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "v.yaml")
	body := "intents:\n  - name: A reaches B on HTTPS\n    from: {instance: i-01a2b3c4d5e6f7a8c}\n    to: {instance: i-02b3c4d5e6f7a8b9d}\n    traffic: tcp/443\n    expect: allow\n  - name: A pings B\n    from: {vpc: vpc-01a2b3c4d5e6f7a81}\n    to: {vpc: vpc-02b3c4d5e6f7a8b92}\n    traffic: icmp\n    expect: allow\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := vpclint(t, "check", peeringLab, "--config", cfg, "--enable", "INT001")
	if code != 1 || strings.Count(out, "INT001") != 1 || !strings.Contains(out, `intent "A reaches B on HTTPS" violated`) || !strings.Contains(out, "v.yaml:2") {
		t.Fatalf("want exactly the HTTPS intent violated, located on its line: exit %d\n%s%s", code, out, errOut)
	}
}

// explain, diff and matrix take --var, --var-file and --parameter as check
// does: in testdata/explain-var, SSH between the two instances depends on
// var.admin_cidr.
func TestLoadFlagsReachExplainAndMatrix(t *testing.T) {
	const dir = "testdata/explain-var"
	vf := filepath.Join(t.TempDir(), "open.tfvars")
	if err := os.WriteFile(vf, []byte("admin_cidr = \"10.0.0.0/8\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	explain := []string{"explain", dir, "--from", "aws_instance.a", "--to", "aws_instance.b", "--traffic", "tcp/22"}
	for _, c := range []struct {
		flags []string
		code  int
		want  string
	}{
		{nil, 1, "tcp/22 from aws_instance.a to aws_instance.b: BLOCKED"},
		{[]string{"--var", "admin_cidr=10.0.0.0/16"}, 0, "tcp/22 from aws_instance.a to aws_instance.b: ALLOWED"},
		{[]string{"--var-file", vf}, 0, "tcp/22 from aws_instance.a to aws_instance.b: ALLOWED"},
		{[]string{"--var-file", vf, "--var", "admin_cidr=192.168.0.0/16"}, 1, "BLOCKED"},
	} {
		out, errOut, code := vpclint(t, append(explain, c.flags...)...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("explain %v: exit %d, want %d with %q\n%s%s", c.flags, code, c.code, c.want, out, errOut)
		}
	}
	cfn := filepath.Join(flowLab, "cloudformation", "template.yaml")
	if _, errOut, code := vpclint(t, "explain", cfn, "--from", "internet", "--to", "8.8.8.8", "--parameter", "Nope=1"); code != 2 || !strings.Contains(errOut, `declares no parameter "Nope"`) {
		t.Errorf("explain --parameter: exit %d, want 2 naming the parameter\n%s", code, errOut)
	}
	out, errOut, code := vpclint(t, "matrix", dir, "--var", "admin_cidr=10.0.0.0/16")
	if code != 0 || !strings.Contains(out, "aws_instance.a/eni -> aws_instance.a/eni: tcp 22 | udp none | icmp echo blocked") {
		t.Errorf("matrix --var: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = vpclint(t, "diff", dir, dir, "--var", "admin_cidr=10.0.0.0/16")
	if code != 0 || !strings.Contains(out, "0 changes") {
		t.Errorf("diff --var: exit %d\n%s%s", code, out, errOut)
	}
}
