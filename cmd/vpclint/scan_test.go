package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// liveServer serves the scanner's fixture account; credentials come from
// the environment (static keys), never the machine's default chain.
func liveServer(t *testing.T) *awstest.Server {
	t.Helper()
	data, err := os.ReadFile("../../scanner/aws/testdata/account.json")
	if err != nil {
		t.Fatal(err)
	}
	var world snapshot.Snapshot
	if err := json.Unmarshal(data, &world); err != nil {
		t.Fatal(err)
	}
	return serve(t, &world)
}

// serve answers for world over the AWS wire protocols, with the
// environment's credentials set to the server's.
func serve(t *testing.T, world *snapshot.Snapshot) *awstest.Server {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": awstest.BaseAccessKey, "AWS_SECRET_ACCESS_KEY": awstest.BaseSecretKey, "AWS_SESSION_TOKEN": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_PROFILE": "", "AWS_REGION": "", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "", "AWS_CA_BUNDLE": "",
	} {
		t.Setenv(k, v)
	}
	srv := awstest.New(world)
	t.Cleanup(srv.Close)
	return srv
}

func TestScanAndCheckLive(t *testing.T) {
	srv := liveServer(t)
	out := filepath.Join(t.TempDir(), "s.json")
	// The fixture account holds one role whose trust policy does not parse
	// cleanly: a coverage note besides IAM011 (issue #11 item 5), so the
	// scan is incomplete (exit 3) but never an input error (exit 2).
	stdout, stderr, code := vpclint(t, "scan", "-o", out, "--endpoint-url", srv.URL, "--region", "us-east-1")
	if code != 3 {
		t.Fatalf("scan exit %d, want 3 (the broken role's note)\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "vpclint: scanned 1 account(s), 1 region(s):") || !strings.Contains(stderr, "1 gaps") {
		t.Errorf("summary line missing: %s", stderr)
	}
	snap, err := snapshot.Load(out)
	if err != nil {
		t.Fatalf("scan wrote a snapshot that does not load: %v", err)
	}
	if snap.Origin.Kind != "live" || snap.Origin.Endpoint != srv.URL || len(snap.VPCs) != 2 {
		t.Errorf("snapshot origin %+v, %d vpcs", snap.Origin, len(snap.VPCs))
	}
	if len(snap.Coverage) != 1 || !strings.HasSuffix(snap.Coverage[0].Resource, ":role/broken") {
		t.Errorf("coverage %+v, want one note on the broken role", snap.Coverage)
	}

	stdout, stderr, code = vpclint(t, "check", "--live", "--allow-partial", "--endpoint-url", srv.URL, "--region", "us-east-1", "-f", "json", "-q")
	if code != 1 {
		t.Fatalf("check --live --allow-partial exit %d, want 1 (findings at or above high)\n%s", code, stderr)
	}
	for _, id := range []string{`"SG001"`, `"IAM011"`, `"S3`} {
		if !strings.Contains(stdout, id) {
			t.Errorf("check --live output lacks %s", id)
		}
	}
	if stderr != "" {
		t.Errorf("-q should silence progress and summary: %q", stderr)
	}

	// Coverage gaps: the scan still writes the snapshot, and exits 3.
	srv.Deny = map[string]bool{"iam": true}
	_, stderr, code = vpclint(t, "scan", "-o", out, "--endpoint-url", srv.URL, "--region", "us-east-1")
	if code != 3 || !strings.Contains(stderr, "gaps") {
		t.Errorf("scan with gaps: exit %d, want 3\n%s", code, stderr)
	}
	_, _, code = vpclint(t, "check", "--live", "--endpoint-url", srv.URL, "--region", "us-east-1", "-q")
	if code != 3 {
		t.Errorf("check --live with gaps: exit %d, want 3", code)
	}
	_, _, code = vpclint(t, "check", "--live", "--allow-partial", "--endpoint-url", srv.URL, "--region", "us-east-1", "-q")
	if code != 1 {
		t.Errorf("check --live --allow-partial: exit %d, want 1", code)
	}
}
