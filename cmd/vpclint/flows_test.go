package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

const (
	labDir  = "../../examples/flow-logs-lab"
	labLogs = labDir + "/flows/vpcflowlogs.log"
)

func TestFlowsCommand(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want []string // in stdout+stderr
	}{
		{"summary only", []string{"flows", labLogs}, 0, []string{"REJECT by protocol and port", "vpcflowlogs.log:21:", "give the configuration with --against"}},
		{"explained against the lab", []string{"flows", labLogs, "--against", labDir}, 0, []string{"4 blocked", "outbound rule 1 deny icmp", "no inbound rule of sg-0d3e4f5a6b7c8d9e0"}},
		{"explained against the lab's Terraform", []string{"flows", labLogs, "--against", labDir + "/terraform"}, 0, []string{"4 blocked"}},
		{"the CloudWatch export", []string{"flows", labDir + "/cloudwatch/filter-log-events.json", "--action", "reject", "--against", labDir}, 0, []string{"36 records", "4 blocked"}},
		{"only one interface", []string{"flows", labLogs, "--interface", "eni-0b22c33d44e55f66a", "--against", labDir}, 0, []string{"2 blocked"}},
		{"a window with nothing in it", []string{"flows", labLogs, "--since", "2030-01-01"}, 0, []string{"0 records", "left out by the filters"}},
		{"athena sql", []string{"flows", "--athena-sql", "--athena-location", "s3://bucket/prefix"}, 0, []string{"CREATE EXTERNAL TABLE", "s3://bucket/prefix"}},
		{"missing log", []string{"flows", "nope.log"}, 2, []string{"nope.log"}},
		{"no source", []string{"flows"}, 2, []string{"no flow logs"}},
		{"two kinds of source", []string{"flows", labLogs, "--aggregated", "x.csv"}, 2, []string{"one kind of source"}},
		{"bad since", []string{"flows", labLogs, "--since", "yesterday"}, 2, []string{"--since", "RFC 3339"}},
		{"bad action", []string{"flows", labLogs, "--action", "DROP"}, 2, []string{"DROP"}},
		{"bad log format", []string{"flows", labLogs, "--log-format", "${version"}, 2, []string{"--log-format"}},
		{"unknown output format", []string{"flows", labLogs, "-f", "sarif"}, 2, []string{`unknown format "sarif"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := vpclint(t, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, out, errs)
				}
			}
		})
	}
}

// TestFlowsOutputs writes JSON and HTML at once, and the JSON is the same
// document twice over.
func TestFlowsOutputs(t *testing.T) {
	dir := t.TempDir()
	js, page := filepath.Join(dir, "flows.json"), filepath.Join(dir, "flows.html")
	for range 2 {
		if _, errs, code := vpclint(t, "flows", labLogs, "--against", labDir, "-f", "json", "-o", js, "-f", "html", "-o", page, "-q"); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema    string `json:"schema"`
		Explained []struct {
			Verdict string `json:"verdict"`
		} `json:"explained"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != "vpclint.flows/v1" || len(doc.Explained) != 4 {
		t.Fatalf("json: %v %+v", err, doc)
	}
	html, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(html), `id="chart-timeline"`) {
		t.Fatalf("html: %v", err)
	}
}

// TestCheckWithFlows gives check the lab's records: FLOW001 reports each
// REJECT at the component that drops it, and the other findings stay.
func TestCheckWithFlows(t *testing.T) {
	out, errs, code := vpclint(t, "check", labDir, "--flows", labLogs, "-f", "json", "--fail-on", "critical")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "1 of 94 records malformed and left out, the first at "+labLogs+":21") {
		t.Errorf("the truncated record is not reported: %s", errs)
	}
	var doc struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Resource struct {
				ID string `json:"id"`
			} `json:"resource"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range doc.Findings {
		got[f.RuleID+" "+f.Resource.ID]++
	}
	if got["FLOW001 sg-0d3e4f5a6b7c8d9e0"] != 3 || got["FLOW001 acl-0b2c3d4e5f6a7b8c9"] != 1 || got["EC2001 i-04c7e1f2a3b5d6e0a"] != 1 {
		t.Errorf("findings: %v", got)
	}
	if _, errs, code := vpclint(t, "check", labDir, "--flows", "nope.log"); code != 2 || !strings.Contains(errs, "nope.log") {
		t.Errorf("missing --flows file: exit %d, %s", code, errs)
	}
}

// labAccount serves the flow-logs lab as a live account whose flow log
// delivered the lab's records to CloudWatch Logs (group VPCFlowLogs) and,
// gzipped, to S3 in AWS's key layout.
func labAccount(t *testing.T) *awstest.Server {
	t.Helper()
	world, err := snapshot.Load(labDir + "/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, world)
	var export struct {
		Events []struct {
			Stream    string `json:"logStreamName"`
			Timestamp int64  `json:"timestamp"`
			Message   string `json:"message"`
		} `json:"events"`
	}
	data, err := os.ReadFile(labDir + "/cloudwatch/filter-log-events.json")
	if err != nil || json.Unmarshal(data, &export) != nil {
		t.Fatalf("lab export: %v", err)
	}
	for _, e := range export.Events {
		srv.LogEvents = map[string][]awstest.LogEvent{"VPCFlowLogs": append(srv.LogEvents["VPCFlowLogs"],
			awstest.LogEvent{Stream: e.Stream, Timestamp: time.UnixMilli(e.Timestamp).UTC(), Message: e.Message})}
	}
	text, err := os.ReadFile(labLogs)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(text)
	_ = zw.Close()
	const key = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/30/111122223333_vpcflowlogs_us-east-1_fl-0a9b8c7d6e5f4a3b2_20261130T1015Z_0a1b2c3d.log.gz"
	srv.Objects = map[string]map[string][]byte{"lab-flow-logs": {key: gz.Bytes(), "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/01/old.log.gz": []byte("not read: outside the window")}}
	return srv
}

// TestFlowsWhereTheyLive reads the lab's records from CloudWatch Logs and
// from S3 over the AWS wire protocols, and explains them against the same
// account scanned live: the troubleshooting loop with nothing on disk.
func TestFlowsWhereTheyLive(t *testing.T) {
	srv := labAccount(t)
	aws := []string{"--endpoint-url", srv.URL, "--region", "us-east-1", "--since", "2026-11-30T09:00:00Z", "--until", "2026-11-30T11:00:00Z"}
	for _, src := range [][]string{{"--from-cloudwatch", "VPCFlowLogs"}, {"--from-s3", "s3://lab-flow-logs/AWSLogs/"}} {
		out, errs, code := vpclint(t, append(append([]string{"flows", "--live", "-q"}, src...), aws...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", src, code, out, errs)
		}
		for _, want := range []string{"REJECT groups explained against the live account: 4 blocked", "outbound rule 1 deny icmp"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", src, want, out)
			}
		}
	}
	for _, op := range srv.Log() {
		if strings.HasPrefix(op, "s3:GetObject") && strings.Contains(op, "old") {
			t.Errorf("read an object outside the window: %s", op)
		}
	}
}

// TestCheckReplaysObservedFlows plans a change that empties lab-sg's
// outbound rules and checks it against the lab as it is, with the lab's
// records: CHG003 reports each accepted outbound request the change would
// drop, at the security group.
func TestCheckReplaysObservedFlows(t *testing.T) {
	s, err := snapshot.Load(labDir + "/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.SecurityGroups {
		if s.SecurityGroups[i].ID == "sg-0d3e4f5a6b7c8d9e0" {
			s.SecurityGroups[i].Egress = nil
		}
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	after := filepath.Join(t.TempDir(), "after.json")
	if err := os.WriteFile(after, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := vpclint(t, "check", after, "--before", labDir+"/snapshot.json", "--flows", labLogs, "--enable", "CHG003", "-f", "text")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (CHG003 is high)\n%s%s", code, out, errs)
	}
	for _, want := range []string{"CHG003", "security_group/sg-0d3e4f5a6b7c8d9e0", "1.1.1.1", "would now be dropped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
