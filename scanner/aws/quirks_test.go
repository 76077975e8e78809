package aws_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

// groupRules describes each group's rules without rule ids or tags (the
// IpPermissions fallback has neither), sorted.
func groupRules(s *snapshot.Snapshot) map[string][]string {
	out := map[string][]string{}
	for _, g := range s.SecurityGroups {
		rules := []string{}
		for dir, rs := range map[string][]snapshot.SGRule{"in": g.Ingress, "out": g.Egress} {
			for _, r := range rs {
				rules = append(rules, fmt.Sprintf("%s %s %d-%d %d/%d %s%s%s %+v %q", dir, r.Protocol, r.FromPort, r.ToPort, r.ICMPType, r.ICMPCode,
					r.CIDRIPv4, r.CIDRIPv6, r.PrefixListID, r.ReferencedGroup, r.Description))
			}
		}
		slices.Sort(rules)
		out[g.ID] = rules
	}
	return out
}

// An endpoint that answers DescribeSecurityGroupRules without GroupId
// must not empty every group (issue #11 item 4): the groups' own
// IpPermissions give the same rules.
func TestRulesWithoutGroupID(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	want, _ := scan(t, options(srv))
	srv.RulesWithoutGroupID = true
	got, _ := scan(t, options(srv))
	if len(readGaps(got.Coverage)) != 0 {
		t.Errorf("the IpPermissions hold every rule, yet gaps: %+v", got.Coverage)
	}
	w, g := groupRules(want), groupRules(got)
	if len(w) != 5 || len(w["sg-0web"]) != 6 {
		t.Fatalf("fixture changed: %v", w)
	}
	for id, rules := range w {
		if !slices.Equal(g[id], rules) {
			t.Errorf("%s: rules\n got %q\nwant %q", id, g[id], rules)
		}
	}
}

// An instance profile is read with the roles its own list names, even
// where the endpoint lists it under other roles too (issue #11 item 4).
func TestProfileRolesFromTheProfile(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.ProfilesUnderEveryRole = true
	got, _ := scan(t, options(srv))
	const profile, role = "arn:aws:iam::111122223333:instance-profile/web-profile", "arn:aws:iam::111122223333:role/web-role"
	if len(got.InstanceProfiles) != 1 || got.InstanceProfiles[0].ID != profile || !slices.Equal(got.InstanceProfiles[0].RoleIDs, []string{role}) {
		t.Errorf("instance profiles = %+v, want web-profile once, with web-role", got.InstanceProfiles)
	}
	if len(got.Roles) < 2 {
		t.Fatalf("fixture changed: %d roles", len(got.Roles))
	}
	for _, r := range got.Roles {
		want := []string(nil)
		if r.ID == role {
			want = []string{profile}
		}
		if !slices.Equal(r.InstanceProfileIDs, want) {
			t.Errorf("role %s: instance profiles %v, want %v", r.Name, r.InstanceProfileIDs, want)
		}
	}
}

// An S3 error body without a code keeps the HTTP status in the coverage
// gap instead of the SDK's "UnknownError" (issue #11 item 4).
func TestCodelessS3Error(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.Deny = map[string]bool{"s3": true}
	srv.CodelessS3Errors = true
	got, _ := scan(t, options(srv))
	n := 0
	for _, g := range got.Coverage {
		if g.Service != "s3" {
			continue
		}
		n++
		if !strings.HasPrefix(g.Error, "HTTP 403 Forbidden") || !strings.Contains(g.Error, "not authorized") || strings.Contains(g.Error, "UnknownError") {
			t.Errorf("%s: error %q, want the HTTP status and the message", g.Operation, g.Error)
		}
	}
	if n == 0 {
		t.Errorf("no S3 gap: %+v", got.Coverage)
	}
}

// A malformed policy read from a live account is AWS's or an emulator's
// fault: IAM011 reports it, a coverage note says it could not be fully
// analysed, and loading the saved scan is no input error
// (exit 2) that would hide the other findings' exit 1 (issue #11 item 5).
// The fixture's role "broken" has such a trust policy.
func TestLivePolicyMalformed(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	snap, _ := scan(t, options(srv))
	file := filepath.Join(t.TempDir(), "live.json")
	if err := os.WriteFile(file, encode(t, snap), 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := snapshot.Load(file)
	if err != nil || len(loaded.Diagnostics) == 0 {
		t.Fatalf("the fixture no longer has a malformed policy: %v", err)
	}
	// It is also a coverage note: the rules could only partly analyse it.
	if g := snap.Coverage; len(g) != 1 || g[0].Resource != "arn:aws:iam::111122223333:role/broken" || !strings.Contains(g[0].Error, "trust policy could not be fully analysed") {
		t.Errorf("coverage %+v, want one note for role broken's trust policy", g)
	}
	res, err := check.Run(context.Background(), check.Options{Paths: []string{file}, FailOn: finding.Low})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != check.ExitPartial || len(res.Problems) != 0 {
		t.Errorf("exit %d, problems %v; want exit 3 (partial), no input problem", res.ExitCode, res.Problems)
	}
	res, err = check.Run(context.Background(), check.Options{Paths: []string{file}, FailOn: finding.Low, AllowPartial: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != check.ExitFindings || len(res.Problems) != 0 {
		t.Errorf("--allow-partial: exit %d, problems %v; want exit 1, no input problem", res.ExitCode, res.Problems)
	}
	if !slices.ContainsFunc(res.Report.Findings, func(f finding.Finding) bool { return f.RuleID == "IAM011" }) {
		t.Error("no IAM011 finding")
	}
}
