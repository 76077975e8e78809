package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/vpclint/vpclint/check"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/snapshot"
)

// scanFlags are shared by `scan` and `check --live`.
type scanFlags struct {
	profile, roleARN, orgRole, endpoint string
	regions                             []string
	allRegions                          bool
	timeout                             time.Duration
}

func (f *scanFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.profile, "profile", "", "AWS shared config profile")
	fl.StringSliceVar(&f.regions, "region", nil, "regions to scan, comma-separated (default: the configured region)")
	fl.BoolVar(&f.allRegions, "all-regions", false, "scan every region enabled for the account")
	fl.StringVar(&f.roleARN, "role-arn", "", "assume this role before scanning")
	fl.StringVar(&f.orgRole, "org-role", "", "scan every active account of the organization by assuming this role name in each")
	fl.StringVar(&f.endpoint, "endpoint-url", "", "custom AWS endpoint (LocalStack and the like); AWS_ENDPOINT_URL works too")
	fl.DurationVar(&f.timeout, "scan-timeout", 30*time.Minute, "give up the scan after this long (what was read is kept, marked incomplete)")
}

func (c *cli) scanCmd() *cobra.Command {
	var f scanFlags
	var out string
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Read a live AWS account into a snapshot (read-only calls only)",
		Long: `Scan reads the account (or, with --org-role, every account of the
organization) through read-only AWS API calls and writes a vpclint snapshot.
The IAM permissions it needs are in docs/scanner-policy.json.

What could not be read (access denied, a disabled region, throttling that
outlasted the retries) is recorded as coverage gaps in the snapshot, and
the exit code is then 3. Ctrl-C stops the scan and still writes what was
read, marked incomplete.`,
		Example: `  vpclint scan -o snapshot.json --region us-east-1,eu-west-1
  vpclint scan --all-regions --role-arn arn:aws:iam::111122223333:role/vpclint-scan -o s.json
  AWS_ENDPOINT_URL=http://localhost:4566 vpclint scan -o localstack.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			snap, err := c.liveScan(cmd.Context(), &f)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := snap.Encode(&buf); err != nil {
				return err
			}
			if out == "-" || out == "" {
				if _, err := c.stdout.Write(buf.Bytes()); err != nil {
					return err
				}
			} else if err := writeFileAtomic(out, buf.Bytes()); err != nil {
				return err
			}
			if out != "-" && out != "" && !c.quiet {
				fmt.Fprintf(c.stderr, "vpclint: wrote snapshot to %s\n", out)
			}
			if len(snap.Coverage) > 0 || snap.Origin.Incomplete {
				c.exit = check.ExitPartial
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "-", "snapshot file, - for stdout")
	f.register(cmd.Flags())
	return cmd
}

// liveScan runs the scanner with progress on a terminal and the summary
// line on stderr (both silenced by -q).
func (c *cli) liveScan(ctx context.Context, f *scanFlags) (*snapshot.Snapshot, error) {
	if f.allRegions && len(f.regions) > 0 {
		return nil, &usageError{msg: "give --region or --all-regions, not both"}
	}
	opt := scanaws.Options{
		Profile: f.profile, Regions: f.regions, AllRegions: f.allRegions, RoleARN: f.roleARN, OrgRole: f.orgRole,
		EndpointURL: f.endpoint, Timeout: f.timeout, Tool: "vpclint " + version,
	}
	if fd, ok := c.stderr.(*os.File); ok && !c.quiet && (c.verbose || term.IsTerminal(int(fd.Fd()))) {
		opt.Progress = c.stderr
	}
	snap, st, err := scanaws.Scan(ctx, opt)
	if err != nil {
		return nil, &check.InputError{Err: err}
	}
	if !c.quiet {
		fmt.Fprintln(c.stderr, "vpclint:", st.Summary())
		if snap.Origin.Incomplete {
			fmt.Fprintln(c.stderr, "vpclint: the scan was interrupted; the snapshot holds what was read and is marked incomplete")
		}
	}
	return snap, nil
}

// writeFileAtomic writes whole or not at all.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil { //nolint:gosec // a snapshot is meant to be shared
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
