package check

import (
	"cmp"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/report"
	"github.com/vpclint/vpclint/snapshot"
)

// contextBuilder gathers report.Context over the snapshots a run checks.
type contextBuilder struct {
	ctx               report.Context
	accounts, regions map[string]bool
}

func newContextBuilder() *contextBuilder {
	return &contextBuilder{
		ctx:      report.Context{Resources: map[string]int{}},
		accounts: map[string]bool{}, regions: map[string]bool{},
	}
}

// add records one snapshot, captured at t (zero when unknown).
func (b *contextBuilder) add(s *snapshot.Snapshot, t time.Time, from string) {
	for _, a := range s.Accounts {
		b.accounts[a.ID] = true
	}
	for _, r := range s.Regions {
		b.regions[r.Name] = true
	}
	for _, v := range s.VPCs {
		if v.Account != "" {
			b.accounts[v.Account] = true
		}
		if v.Region != "" {
			b.regions[v.Region] = true
		}
	}
	for typ, n := range resourceCounts(s) {
		b.ctx.Resources[typ] += n
	}
	// The oldest input bounds how current the whole report is.
	if !t.IsZero() && (b.ctx.Captured.IsZero() || t.Before(b.ctx.Captured)) {
		b.ctx.Captured, b.ctx.CapturedFrom = t, from
	}
}

func (b *contextBuilder) context() report.Context {
	delete(b.accounts, "")
	delete(b.regions, "")
	c := b.ctx
	c.Accounts = sortedKeys(b.accounts)
	c.Regions = sortedKeys(b.regions)
	return c
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// resourceCounts counts a snapshot's entities under the resource type
// names findings use.
func resourceCounts(s *snapshot.Snapshot) map[string]int {
	sgRules := 0
	for _, g := range s.SecurityGroups {
		sgRules += len(g.Ingress) + len(g.Egress)
	}
	m := map[string]int{
		"vpc": len(s.VPCs), "subnet": len(s.Subnets), "security_group": len(s.SecurityGroups),
		"security_group_rule": sgRules, "network_acl": len(s.NetworkACLs), "route_table": len(s.RouteTables),
		"internet_gateway": len(s.InternetGateways), "egress_only_internet_gateway": len(s.EgressOnlyInternetGateways),
		"nat_gateway": len(s.NATGateways), "peering_connection": len(s.PeeringConnections),
		"vpc_endpoint": len(s.VPCEndpoints), "prefix_list": len(s.PrefixLists),
		"network_interface": len(s.NetworkInterfaces), "instance": len(s.Instances),
		"instance_profile": len(s.InstanceProfiles), "role": len(s.Roles), "policy": len(s.Policies),
		"identity_provider": len(s.IdentityProviders), "bucket": len(s.Buckets), "flow_log": len(s.FlowLogs),
	}
	for k, n := range m {
		if n == 0 {
			delete(m, k)
		}
	}
	return m
}

// captureTime is when an input was captured: a snapshot's recorded scan
// time; for IaC the last commit's time when the input is a clean git
// checkout, else its newest file's modification time. A saved snapshot
// without a recorded time is unknown: its file time says when it was
// copied, not scanned.
func captureTime(ctx context.Context, in input.Input, s *snapshot.Snapshot) (time.Time, string) {
	if t, err := time.Parse(time.RFC3339, s.Origin.Captured); err == nil {
		return t.UTC(), "scan"
	}
	if in.Path == "" || in.Kind == input.KindSnapshot {
		return time.Time{}, ""
	}
	if t, ok := gitCommitTime(ctx, in.Path); ok {
		return t, "git commit"
	}
	if t := newestFileTime(in.Path); !t.IsZero() {
		return t, "file time"
	}
	return time.Time{}, ""
}

// gitCommitTime is the commit time of the last commit touching path, when
// path is in a git work tree without uncommitted changes under it.
func gitCommitTime(ctx context.Context, path string) (time.Time, bool) {
	st, err := os.Stat(path)
	if err != nil {
		return time.Time{}, false
	}
	dir, name := path, "."
	if !st.IsDir() {
		dir, name = filepath.Split(path)
	}
	git := func(args ...string) (string, bool) {
		// The input may be someone else's repository: no fsmonitor hook (a
		// .git/config can name a command git status would run), no prompt,
		// and a bound on the time.
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		base := []string{"-C", cmp.Or(dir, "."), "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "--no-optional-locks"}
		cmd := exec.CommandContext(ctx, "git", append(base, args...)...) //nolint:gosec // fixed git subcommands; the path is an argument, never a command
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	if dirty, ok := git("status", "--porcelain", "--", name); !ok || dirty != "" {
		return time.Time{}, false
	}
	out, ok := git("log", "-1", "--format=%ct", "--", name)
	secs, err := strconv.ParseInt(out, 10, 64)
	if !ok || err != nil {
		return time.Time{}, false
	}
	return time.Unix(secs, 0).UTC(), true
}

// newestFileTime is the latest modification time of the files under path,
// skipping hidden directories and Terraform's provider cache, to the second.
func newestFileTime(path string) time.Time {
	var newest time.Time
	_ = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil //nolint:nilerr // an unreadable entry just has no time
		}
		if d.IsDir() {
			if p != path && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
		return nil
	})
	if newest.IsZero() {
		return newest
	}
	return newest.UTC().Truncate(time.Second)
}
