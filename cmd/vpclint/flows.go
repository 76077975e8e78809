package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vpclint/vpclint/check"
	"github.com/vpclint/vpclint/flowlogs"
	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/report"
	"github.com/vpclint/vpclint/snapshot"
)

type flowsFlags struct {
	src                   input.FlowOptions
	since, until, action  string
	interfaces            []string
	top                   int
	against               string
	live                  bool
	load                  input.Options
	formats, outputs      []string
	athena, athenaParquet bool
	athenaHive            bool
	athenaTable           string
	athenaLocation        string
	athenaAccounts        []string
}

// flowsFormats are the formats `vpclint flows` writes.
var flowsFormats = []string{"text", "json", "html"}

func (c *cli) flowsCmd() *cobra.Command {
	var f flowsFlags
	cmd := &cobra.Command{
		Use:   "flows [LOGS...] [--against INPUT]",
		Short: "Summarise VPC flow logs and explain every REJECT against a configuration",
		Long: `Flows reads VPC Flow Log records and summarises them as the usual queries do:
accepted vs rejected, REJECT by protocol and port, top talkers, per interface and
direction, over time. With --against (a snapshot, Terraform, a plan, CloudFormation)
or --live, every REJECT group is explained at the interface and on the leg AWS
recorded it: the security group with no rule for it, the network ACL entry that
matched first, or "not explained by this configuration" (it allows the flow: drift).

LOGS are files, directories and - (stdin): text as S3 delivers it (gzip or not,
with its header line), CloudWatch Logs exports (aws logs filter-log-events or
get-log-events JSON), Parquet. Records without a header line are read in the
default format unless --log-format gives theirs ('${version} ${interface-id} ...').
--from-cloudwatch and --from-s3 read them where AWS delivered them (read-only:
FilterLogEvents, DescribeFlowLogs, ListObjectsV2, GetObject). --athena-sql prints
the table and the aggregation query that run the same summary in Athena;
--aggregated reads that query's CSV result.

Exit codes: 0 read, 2 usage or input error (also after the results, when some
input could not be read to the end).`,
		Example: `  vpclint flows examples/flow-logs-lab/flows/vpcflowlogs.log --against examples/flow-logs-lab
  vpclint flows logs/ --since 24h --action REJECT -f html -o flows.html
  vpclint flows --from-cloudwatch VPCFlowLogs --since 2h --region us-east-1 --live
  vpclint flows --athena-sql --athena-location s3://bucket/prefix > flows.sql
  vpclint flows --aggregated athena-result.csv --against snapshot.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.src.Paths = args
			return c.runFlows(cmd, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.against, "against", "", "explain each REJECT against this input (snapshot, Terraform dir, plan, CloudFormation template)")
	fl.BoolVar(&f.live, "live", false, "explain each REJECT against the live account (scan flags: --region, --profile, ...)")
	fl.StringVar(&f.src.Format, "log-format", "", "the records' format where the input has no header line: '${version} ${account-id} ...'")
	fl.StringVar(&f.since, "since", "", "keep records from this time: RFC 3339, a date, Unix seconds, or a duration back from now (24h)")
	fl.StringVar(&f.until, "until", "", "keep records before this time (same forms as --since)")
	fl.StringSliceVar(&f.interfaces, "interface", nil, "keep only these network interfaces (comma-separated or repeated)")
	fl.StringVar(&f.action, "action", "", "keep only ACCEPT or REJECT records")
	fl.IntVar(&f.top, "top", 10, "rows of the ranked tables (REJECT by port, top talkers)")
	fl.StringArrayVarP(&f.formats, "format", "f", nil, "text, json or html (repeatable, paired with --output)")
	fl.StringArrayVarP(&f.outputs, "output", "o", nil, "file for the matching --format, - for stdout")
	fl.StringVar(&f.src.CloudWatch, "from-cloudwatch", "", "read the records of this CloudWatch Logs group (FilterLogEvents over --since/--until)")
	fl.StringArrayVar(&f.src.S3, "from-s3", nil, "read the records under s3://bucket/prefix (date partitions outside --since/--until skipped)")
	fl.StringArrayVar(&f.src.Aggregated, "aggregated", nil, "read the CSV result of the --athena-sql query instead of records")
	fl.BoolVar(&f.athena, "athena-sql", false, "print the Athena table and aggregation query, and exit")
	fl.BoolVar(&f.athenaParquet, "athena-parquet", false, "with --athena-sql: the flow log delivers Parquet")
	fl.BoolVar(&f.athenaHive, "athena-hive", false, "with --athena-sql: the flow log writes Hive-compatible prefixes")
	fl.StringVar(&f.athenaTable, "athena-table", "", "with --athena-sql: the table name (default vpc_flow_logs)")
	fl.StringVar(&f.athenaLocation, "athena-location", "", "with --athena-sql: s3://bucket/prefix holding AWSLogs/")
	fl.StringSliceVar(&f.athenaAccounts, "athena-account", nil, "with --athena-sql: the account ids whose partitions to project (regions: --region)")
	registerScanFlags(fl, &f.src.Scan)
	registerLoadFlags(fl, &f.load)
	return cmd
}

func (c *cli) runFlows(cmd *cobra.Command, f *flowsFlags) error {
	outs, err := pairOutputs(f.formats, f.outputs, flowsFormats)
	if err != nil {
		return err
	}
	now := time.Now()
	if f.src.Read.Since, err = input.ParseFlowTime(f.since, now); err != nil {
		return &usageError{msg: "--since: " + err.Error()}
	}
	if f.src.Read.Until, err = input.ParseFlowTime(f.until, now); err != nil {
		return &usageError{msg: "--until: " + err.Error()}
	}
	f.src.Read.Interfaces, f.src.Read.Action = f.interfaces, flowlogs.Action(strings.ToUpper(f.action))
	if f.athena {
		return c.printAthena(f)
	}
	if f.against != "" && f.live {
		return &usageError{msg: "give --against or --live, not both"}
	}
	f.src.Stdin = c.stdin
	if c.verbose {
		f.src.Progress = c.stderr
	}
	sum, err := input.FlowLogs(cmd.Context(), f.src)
	if err != nil {
		return err
	}
	res := &report.Flows{Tool: report.Tool{Name: "vpclint", Version: version}, Summary: sum, Top: f.top}
	var snap *snapshot.Snapshot
	switch {
	case f.live:
		if snap, err = c.liveScan(cmd.Context(), f.src.Scan); err != nil {
			return err
		}
		res.Against = "the live account"
	case f.against != "":
		if snap, err = input.LoadOne(cmd.Context(), f.against, f.load); err != nil {
			return err
		}
		res.Against = f.against
	}
	if snap != nil {
		res.Explained = flowlogs.ExplainAll(reach.NewModel(snap), sum)
	}
	writers := map[string]func(io.Writer, *report.Flows) error{
		"text": report.WriteFlowsText, "json": report.WriteFlowsJSON, "html": report.WriteFlowsHTML,
	}
	for _, o := range outs {
		write := writers[o.format]
		if err := c.emit(o.path, o.format+" flow summary", func(w io.Writer) error { return write(w, res) }); err != nil {
			return err
		}
	}
	if len(sum.Errors) > 0 {
		for _, e := range sum.Errors {
			fmt.Fprintf(c.stderr, "vpclint: %s: %s\n", e.Input, e.Error)
		}
		c.exit = check.ExitInput
	}
	return nil
}

func (c *cli) printAthena(f *flowsFlags) error {
	opt := flowlogs.AthenaOptions{
		Table: f.athenaTable, Location: f.athenaLocation, Parquet: f.athenaParquet, HiveCompatible: f.athenaHive,
		Accounts: f.athenaAccounts, Regions: f.src.Scan.Regions,
	}
	if !f.src.Read.Since.IsZero() {
		opt.Since = f.src.Read.Since.Unix()
	}
	if !f.src.Read.Until.IsZero() {
		opt.Until = f.src.Read.Until.Unix()
	}
	if f.src.Format != "" {
		format, err := flowlogs.ParseFormat(f.src.Format)
		if err != nil {
			return &usageError{msg: "--log-format: " + err.Error()}
		}
		opt.Format = format
	}
	_, err := io.WriteString(c.stdout, flowlogs.AthenaSQL(opt))
	return err
}
