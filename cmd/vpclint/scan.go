package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/input"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/snapshot"
)

// registerScanFlags binds the flags shared by `scan` and `check --live`.
func registerScanFlags(fl *pflag.FlagSet, o *scanaws.Options) {
	fl.StringVar(&o.Profile, "profile", "", "AWS shared config profile")
	fl.StringSliceVar(&o.Regions, "region", nil, "regions to scan, comma-separated (default: the configured region)")
	fl.BoolVar(&o.AllRegions, "all-regions", false, "scan every region enabled for the account")
	fl.StringVar(&o.RoleARN, "role-arn", "", "assume this role before scanning")
	fl.StringVar(&o.OrgRole, "org-role", "", "scan every active account of the organization by assuming this role name in each")
	fl.StringVar(&o.EndpointURL, "endpoint-url", "", "custom AWS endpoint (LocalStack and the like); AWS_ENDPOINT_URL works too")
	fl.DurationVar(&o.Timeout, "scan-timeout", 30*time.Minute, "give up the scan after this long (what was read is kept, marked incomplete)")
}

func (c *cli) scanCmd() *cobra.Command {
	var f scanaws.Options
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
			snap, err := c.liveScan(cmd.Context(), f)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := snap.Encode(&buf); err != nil {
				return err
			}
			err = c.emit(cmp.Or(out, "-"), "snapshot", func(w io.Writer) error {
				_, err := buf.WriteTo(w)
				return err
			})
			if err != nil {
				return err
			}
			if len(snap.Coverage) > 0 || snap.Origin.Incomplete {
				c.exit = check.ExitPartial
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "-", "snapshot file, - for stdout")
	registerScanFlags(cmd.Flags(), &f)
	return cmd
}

// liveScan runs the scanner with progress on a terminal and the summary
// line on stderr (both silenced by -q).
func (c *cli) liveScan(ctx context.Context, opt scanaws.Options) (*snapshot.Snapshot, error) {
	opt.Tool = "vpclint " + version
	if fd, ok := c.stderr.(*os.File); ok && !c.quiet && (c.verbose || term.IsTerminal(int(fd.Fd()))) {
		opt.Progress = c.stderr
	}
	snap, st, err := input.Scan(ctx, opt)
	if err != nil {
		return nil, err
	}
	if !c.quiet {
		fmt.Fprintln(c.stderr, "vpclint:", st.Summary())
		if snap.Origin.Incomplete {
			fmt.Fprintln(c.stderr, "vpclint: the scan was interrupted; the snapshot holds what was read and is marked incomplete")
		}
	}
	return snap, nil
}
