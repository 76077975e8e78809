package input

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vpclint/vpclint/flowlogs"
	scanaws "github.com/vpclint/vpclint/scanner/aws"
)

// FlowOptions say where flow-log records come from (exactly one kind of
// source) and how to read them.
type FlowOptions struct {
	// Paths are files, directories and "-" for stdin: text (gzip or not),
	// CloudWatch Logs exports, Parquet.
	Paths []string
	// Aggregated are CSV results of the Athena query AthenaSQL prints.
	Aggregated []string
	// CloudWatch is a log group to read with FilterLogEvents.
	CloudWatch string
	// S3 are s3://bucket/prefix locations to read with ListObjectsV2 and
	// GetObject.
	S3 []string
	// Format is the records' format where the source does not say it
	// (--log-format); "" takes the flow log's own (DescribeFlowLogs) for
	// CloudWatch, else the default format.
	Format string
	// Scan holds the credentials, region and endpoint for CloudWatch and
	// S3.
	Scan scanaws.Options
	// Read filters and shapes the aggregation (since, until, interfaces,
	// action).
	Read  flowlogs.Options
	Stdin io.Reader
	// Progress, when not nil, receives a line per source read.
	Progress io.Writer
}

// FlowLogs reads and aggregates flow-log records from one kind of source.
// A path that does not exist, a bad format and bad options are an Error;
// a stream that fails part way is in Summary.Errors, with the rest read.
func FlowLogs(ctx context.Context, o FlowOptions) (*flowlogs.Summary, error) {
	kinds := 0
	for _, set := range []bool{len(o.Paths) > 0, len(o.Aggregated) > 0, o.CloudWatch != "", len(o.S3) > 0} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds == 0:
		return nil, inputErr("no flow logs: give files or directories, --aggregated, --from-cloudwatch or --from-s3")
	case kinds > 1:
		return nil, inputErr("read flow logs from one kind of source at a time: files, --aggregated, --from-cloudwatch or --from-s3")
	}
	var format *flowlogs.Format
	if o.Format != "" {
		f, err := flowlogs.ParseFormat(o.Format)
		if err != nil {
			return nil, inputErr("--log-format: %v", err)
		}
		format = f
	}
	var s *flowlogs.Summary
	var err error
	switch {
	case len(o.Paths) > 0:
		s, err = flowlogs.Read(ctx, o.Paths, o.Stdin, format, o.Read)
	case len(o.Aggregated) > 0:
		s, err = readAggregated(o.Aggregated)
	case o.CloudWatch != "":
		s, err = flowlogs.ReadSource(ctx, "cloudwatch:"+o.CloudWatch, func(visit func(string, io.Reader, *flowlogs.Format) error) error {
			return fetchCloudWatch(ctx, o, format, visit)
		}, format, o.Read)
	default:
		s, err = flowlogs.ReadSource(ctx, strings.Join(o.S3, ","), func(visit func(string, io.Reader, *flowlogs.Format) error) error {
			return fetchS3(ctx, o, visit)
		}, format, o.Read)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, &Error{Err: err}
	}
	return s, nil
}

// readAggregated reads Athena's CSV results; several files are one
// summary only when there is one, since groups from different queries
// cannot be told apart.
func readAggregated(paths []string) (*flowlogs.Summary, error) {
	if len(paths) > 1 {
		return nil, errors.New("--aggregated takes one query result")
	}
	f, err := os.Open(paths[0])
	if err != nil {
		return nil, fmt.Errorf("flow logs: %w", err)
	}
	defer f.Close()
	return flowlogs.ReadAggregated(f, paths[0])
}

func (o FlowOptions) fetch(skipFormat bool) scanaws.FlowLogFetch {
	return scanaws.FlowLogFetch{Options: o.Scan, Since: o.Read.Since, Until: o.Read.Until, SkipFormatLookup: skipFormat}
}

func fetchCloudWatch(ctx context.Context, o FlowOptions, format *flowlogs.Format, visit func(string, io.Reader, *flowlogs.Format) error) error {
	_, st, err := scanaws.FetchCloudWatchFlowLogs(ctx, o.fetch(format != nil), o.CloudWatch, func(name, own string, r io.Reader) error {
		f := format
		if f == nil && own != "" {
			var err error
			if f, err = flowlogs.ParseFormat(own); err != nil {
				return fmt.Errorf("the flow log's format %q: %w", own, err)
			}
		}
		return visit(name, r, f)
	})
	if st != nil && o.Progress != nil {
		fmt.Fprintf(o.Progress, "vpclint: read %d CloudWatch Logs events from %s (%d API calls)\n", st.Events, o.CloudWatch, st.Calls)
	}
	return err
}

func fetchS3(ctx context.Context, o FlowOptions, visit func(string, io.Reader, *flowlogs.Format) error) error {
	for _, url := range o.S3 {
		st, err := scanaws.FetchS3FlowLogs(ctx, o.fetch(true), url, func(name string, r io.Reader, _ int64) error {
			return visit(name, r, nil)
		})
		if st != nil && o.Progress != nil {
			fmt.Fprintf(o.Progress, "vpclint: read %d objects from %s, %d outside the window skipped (%d API calls)\n", st.Objects, url, st.Skipped, st.Calls)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ParseFlowTime reads --since and --until: RFC 3339 ("2026-11-30T10:00:00Z"),
// a date ("2026-11-30", midnight UTC), Unix seconds, or a duration back
// from now ("24h", "90m").
func ParseFlowTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 (2026-11-30T10:00:00Z), a date (2026-11-30), Unix seconds, or a duration back from now (24h)", s)
}
