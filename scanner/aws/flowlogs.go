package aws

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// FlowLogFetch configures reading flow logs where AWS delivered them.
// The embedded Options choose credentials, region (Regions holds at most
// one), endpoint, HTTP client, limits and retries as for Scan; RoleARN is
// assumed first. OrgRole and AllRegions do not apply. Timeout, when set,
// bounds the whole fetch; unset, only ctx does.
type FlowLogFetch struct {
	Options
	// Since and Until bound the time window; zero means unbounded. The
	// window is widened by FlowLogSlack on each side, so the caller
	// filters the records by their own start and end.
	Since, Until time.Time
	// SkipFormatLookup leaves out DescribeFlowLogs: the caller has the
	// records' format already (--format).
	SkipFormatLookup bool
}

// FlowLogSlack widens the fetch window on each side. The time a
// CloudWatch event or an S3 object is filed under is not the record's
// start or end: records aggregate up to 10 minutes of traffic, files are
// published every 5 minutes and delivery lags; an hour covers all three.
const FlowLogSlack = time.Hour

// FlowLogStats summarise one fetch.
type FlowLogStats struct {
	// FlowLogs are the ids of the flow logs that deliver to the log group
	// (CloudWatch, from DescribeFlowLogs).
	FlowLogs []string
	// Events are the CloudWatch Logs events read; Objects the S3 objects
	// read; Skipped the S3 objects and date prefixes left out as outside
	// the window; Bytes what was handed to visit.
	Events, Objects, Skipped int
	Bytes                    int64
	// Operations, Calls, Retries and ByOperation count the API calls as
	// Stats does.
	Operations, Calls, Retries int
	ByOperation                map[string]int
	Duration                   time.Duration
}

// fetch is the state of one flow-log read: a scanner for its config
// loading, limits and counters, and the config it loaded.
type fetch struct {
	*scanner
	cfg   aws.Config
	opt   FlowLogFetch
	stats FlowLogStats
	start time.Time
}

func newFetch(ctx context.Context, opt FlowLogFetch) (*fetch, error) {
	switch {
	case opt.OrgRole != "" || opt.AllRegions || len(opt.Regions) > 1:
		return nil, errors.New("flow logs are read from one account and region: OrgRole, AllRegions and several regions do not apply")
	case !opt.Since.IsZero() && !opt.Until.IsZero() && !opt.Since.Before(opt.Until):
		return nil, fmt.Errorf("flow logs: the window is empty: since %s is not before until %s", opt.Since.Format(time.RFC3339), opt.Until.Format(time.RFC3339))
	}
	s := &scanner{opt: opt.Options, counters: newCounters(), limits: newLimiters(opt.Limits)}
	cfg, err := s.loadConfig(ctx)
	if err != nil {
		return nil, err
	}
	if opt.RoleARN != "" {
		cfg = s.assume(cfg, opt.RoleARN)
	}
	return &fetch{scanner: s, cfg: cfg, opt: opt, start: time.Now()}, nil
}

// finish fills in the call counts.
func (f *fetch) finish() *FlowLogStats {
	st := f.counters.stats()
	f.stats.Operations, f.stats.Calls, f.stats.Retries, f.stats.ByOperation = st.Operations, st.Calls, st.Retries, st.ByOperation
	f.stats.Duration = time.Since(f.start)
	return &f.stats
}

// window is the widened window; zero ends are unbounded.
func (f *fetch) window() (from, to time.Time) {
	if !f.opt.Since.IsZero() {
		from = f.opt.Since.Add(-FlowLogSlack)
	}
	if !f.opt.Until.IsZero() {
		to = f.opt.Until.Add(FlowLogSlack)
	}
	return from, to
}

// fetchError names the API call (as its IAM action) and the resource
// that failed, with AWS's error code and message.
type fetchError struct {
	action, resource string
	err              error
}

func (e *fetchError) Error() string {
	msg := e.action + " on " + e.resource + ": " + errText(e.err)
	switch errorCode(e.err) {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
		msg += " (the credentials need " + e.action + " on it; docs/scanner-policy.json lists the actions)"
	}
	return "flow logs: " + msg
}

func (e *fetchError) Unwrap() error { return e.err }

func (f *fetch) fail(service, op, resource string, err error) error {
	return &fetchError{action: Action(service, op), resource: resource, err: err}
}

// FetchCloudWatchFlowLogs reads the flow-log records of a CloudWatch Logs
// group (a name or a log group ARN) in the window, with FilterLogEvents,
// and hands them to visit as one text input named "cloudwatch:GROUP", one
// record a line, streamed page by page so memory does not grow with the
// number of events. visit must read r to its end or return; returning
// early stops the paging.
//
// format, given to visit before the records and returned, is the records'
// format as DescribeFlowLogs gives it for the flow logs that deliver to
// the group (their ids are in the stats), "" when none does (a deleted
// flow log) or with SkipFormatLookup. Flow logs that deliver to the group
// in different formats are an error naming them, before any record is
// read: their records cannot be told apart.
func FetchCloudWatchFlowLogs(ctx context.Context, opt FlowLogFetch, group string, visit func(name, format string, r io.Reader) error) (format string, stats *FlowLogStats, err error) {
	if opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Timeout)
		defer cancel()
	}
	f, err := newFetch(ctx, opt)
	if err != nil {
		return "", nil, err
	}
	if f.cfg.Region == "" {
		return "", nil, errors.New("flow logs: no region for CloudWatch Logs: give --region or set AWS_REGION")
	}
	if !opt.SkipFormatLookup {
		if format, err = f.flowLogFormat(ctx, logGroupName(group)); err != nil {
			return "", f.finish(), err
		}
	}
	err = f.streamEvents(ctx, group, func(name string, r io.Reader) error { return visit(name, format, r) })
	return format, f.finish(), err
}

// logGroupName is the name in a log group ARN
// (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]), or group itself.
func logGroupName(group string) string {
	if _, name, ok := strings.Cut(group, ":log-group:"); ok {
		return strings.TrimSuffix(name, ":*")
	}
	return group
}

// flowLogFormat asks EC2 which flow logs deliver to the group, and in
// which format.
func (f *fetch) flowLogFormat(ctx context.Context, group string) (string, error) {
	c := ec2.NewFromConfig(f.cfg, f.ec2Options("", f.cfg.Region))
	var fls []ec2types.FlowLog
	err := drain(ctx, ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{
		Filter:     []ec2types.Filter{{Name: aws.String("log-group-name"), Values: []string{group}}},
		MaxResults: aws.Int32(1000),
	}), func(o *ec2.DescribeFlowLogsOutput) { fls = append(fls, o.FlowLogs...) })
	if err != nil {
		return "", f.fail("ec2", "DescribeFlowLogs", "log group "+group, err)
	}
	formats := map[string][]string{}
	for _, fl := range fls {
		id := str(fl.FlowLogId)
		f.stats.FlowLogs = append(f.stats.FlowLogs, id)
		formats[str(fl.LogFormat)] = append(formats[str(fl.LogFormat)], id)
	}
	slices.Sort(f.stats.FlowLogs)
	if len(formats) > 1 {
		var each []string
		for format, ids := range formats {
			slices.Sort(ids)
			each = append(each, strings.Join(ids, ", ")+" in "+strconv.Quote(format))
		}
		slices.Sort(each)
		return "", fmt.Errorf("flow logs: log group %s receives records in %d formats, which cannot be told apart: %s; give --format for one of them and filter by interface",
			group, len(formats), strings.Join(each, "; "))
	}
	for format := range formats {
		return format, nil
	}
	return "", nil
}

// errVisitDone stops the event producer once visit has returned.
var errVisitDone = errors.New("flow logs: the reader stopped")

// streamEvents pages FilterLogEvents into a pipe that visit reads.
func (f *fetch) streamEvents(ctx context.Context, group string, visit func(string, io.Reader) error) error {
	c := cloudwatchlogs.NewFromConfig(f.cfg, func(o *cloudwatchlogs.Options) {
		if f.opt.EndpointURL != "" {
			o.BaseEndpoint = aws.String(f.opt.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, f.instrument("logs", f.cfg.Region))
	})
	in := &cloudwatchlogs.FilterLogEventsInput{Limit: aws.Int32(10000)}
	if strings.HasPrefix(group, "arn:") {
		in.LogGroupIdentifier = aws.String(strings.TrimSuffix(group, ":*"))
	} else {
		in.LogGroupName = aws.String(group)
	}
	from, to := f.window()
	if !from.IsZero() {
		in.StartTime = aws.Int64(from.UnixMilli())
	}
	if !to.IsZero() {
		in.EndTime = aws.Int64(to.UnixMilli())
	}
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	var perr error
	finished := make(chan struct{})
	go func() {
		perr = f.produceEvents(pctx, cloudwatchlogs.NewFilterLogEventsPaginator(c, in), group, pw)
		close(finished) // before the reader can see the end, so the select below finds it
		_ = pw.CloseWithError(perr)
	}()
	verr := visit("cloudwatch:"+group, pr)
	_ = pr.CloseWithError(errVisitDone) // never fails
	select {
	case <-finished:
		// The producer's own error is the clear one (the API and the
		// group); visit saw it only as a failed read.
		if perr != nil && !errors.Is(perr, errVisitDone) {
			return perr
		}
	default:
		// visit returned before the end: stop paging.
		cancel()
		<-finished
	}
	return verr
}

// produceEvents writes each event's message as a line.
func (f *fetch) produceEvents(ctx context.Context, p *cloudwatchlogs.FilterLogEventsPaginator, group string, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return f.fail("logs", "FilterLogEvents", "log group "+group, err)
		}
		for _, e := range page.Events {
			msg := strings.TrimRight(str(e.Message), "\r\n")
			if _, err := bw.WriteString(msg); err != nil {
				return err
			}
			if err := bw.WriteByte('\n'); err != nil {
				return err
			}
			f.stats.Events++
			f.stats.Bytes += int64(len(msg) + 1)
		}
		// A page at a time: the next call waits for the reader, so one
		// that stops early stops the paging too.
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// FetchS3FlowLogs reads the flow-log objects under s3://BUCKET/PREFIX
// (PREFIX matches as an S3 prefix does: a key or a folder) and hands
// each to visit in key order, named "s3://BUCKET/KEY", with its size.
// Objects are gzip text or Parquet as delivered; visit must not keep r
// after it returns. Parquet needs random access: the caller buffers those
// objects (to memory or a temporary file, by size).
//
// It walks the bucket a folder at a time (ListObjectsV2 with the "/"
// delimiter) and leaves out, without listing or reading them, the date
// partitions outside the window: AWSLogs/ACCOUNT/vpcflowlogs/REGION/
// YYYY/MM/DD[/HH]/ and the Hive-compatible aws-account-id=/
// aws-service=/aws-region=/year=/month=/day=[/hour=]/, and the objects
// whose name carries a delivery time (ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_
// YYYYMMDDTHHmmZ_HASH) outside it. Keys in other layouts are all read.
// The bucket's region comes from GetBucketLocation when it may be read,
// else the configured region is used.
func FetchS3FlowLogs(ctx context.Context, opt FlowLogFetch, url string, visit func(name string, r io.Reader, size int64) error) (*FlowLogStats, error) {
	if opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Timeout)
		defer cancel()
	}
	bucket, prefix, err := parseS3URL(url)
	if err != nil {
		return nil, err
	}
	f, err := newFetch(ctx, opt)
	if err != nil {
		return nil, err
	}
	if f.cfg.Region == "" {
		f.cfg.Region = "us-east-1" // GetBucketLocation answers for every bucket there
	}
	w := &s3Walk{fetch: f, c: f.s3Client(f.cfg, ""), bucket: bucket, visit: visit}
	w.from, w.to = f.window()
	if out, err := w.c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)}); err == nil {
		w.region = bucketRegion(out.LocationConstraint)
	}
	err = w.walk(ctx, prefix)
	return f.finish(), err
}

// parseS3URL splits s3://BUCKET[/PREFIX].
func parseS3URL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !ok || bucket == "" {
		return "", "", fmt.Errorf("flow logs: %q is not an S3 location: want s3://BUCKET/PREFIX", u)
	}
	return bucket, prefix, nil
}

// s3Walk is one S3 read.
type s3Walk struct {
	*fetch
	c              *s3.Client
	bucket, region string
	from, to       time.Time
	visit          func(string, io.Reader, int64) error
}

// inRegion sends a call to the bucket's region when it is known.
func (w *s3Walk) inRegion(o *s3.Options) {
	if w.region != "" {
		o.Region = w.region
	}
}

// walk lists one folder page by page, descending into subfolders and
// reading objects in key order: S3 pages a folder's keys and subfolders in
// one lexical order, so merging each page keeps the whole walk sorted.
func (w *s3Walk) walk(ctx context.Context, prefix string) error {
	p := s3.NewListObjectsV2Paginator(w.c, &s3.ListObjectsV2Input{
		Bucket: aws.String(w.bucket), Prefix: aws.String(prefix), Delimiter: aws.String("/"), MaxKeys: aws.Int32(1000),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx, w.inRegion)
		if err != nil {
			return w.fail("s3", "ListObjectsV2", "s3://"+w.bucket+"/"+prefix, err)
		}
		type entry struct {
			key    string
			size   int64
			folder bool
		}
		var entries []entry
		for _, o := range page.Contents {
			entries = append(entries, entry{key: str(o.Key), size: aws.ToInt64(o.Size)})
		}
		for _, cp := range page.CommonPrefixes {
			entries = append(entries, entry{key: str(cp.Prefix), folder: true})
		}
		slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
		for _, e := range entries {
			switch {
			case !w.inWindow(e.key):
				w.stats.Skipped++
			case e.folder:
				err = w.walk(ctx, e.key)
			case !strings.HasSuffix(e.key, "/"): // not a folder placeholder
				err = w.read(ctx, e.key, e.size)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// read hands one object to visit.
func (w *s3Walk) read(ctx context.Context, key string, size int64) error {
	out, err := w.c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(w.bucket), Key: aws.String(key)}, w.inRegion)
	if err != nil {
		return w.fail("s3", "GetObject", "s3://"+w.bucket+"/"+key, err)
	}
	defer func() { _ = out.Body.Close() }()
	if out.ContentLength != nil {
		size = *out.ContentLength
	}
	w.stats.Objects++
	w.stats.Bytes += size
	return w.visit("s3://"+w.bucket+"/"+key, out.Body, size)
}

// inWindow reports whether a key or folder may hold records in the
// widened window, both ends included as FilterLogEvents includes them:
// true when its time span is unknown.
func (w *s3Walk) inWindow(key string) bool {
	from, to, ok := keySpan(key)
	if !ok {
		return true
	}
	return (w.to.IsZero() || !from.After(w.to)) && (w.from.IsZero() || to.After(w.from))
}

// fileTime is the delivery time in a flow-log file name.
var fileTime = regexp.MustCompile(`_vpcflowlogs_[^_]+_[^_]+_(\d{8}T\d{4}Z)`)

// keySpan is the time span [from, to) a key or folder of a flow-log
// delivery covers: its file name's time (a point) or its date partition.
func keySpan(key string) (from, to time.Time, ok bool) {
	parts := strings.Split(key, "/")
	if m := fileTime.FindStringSubmatch(parts[len(parts)-1]); m != nil {
		if t, err := time.Parse("20060102T1504Z", m[1]); err == nil {
			return t, t.Add(time.Nanosecond), true
		}
	}
	date := partitionDate(parts)
	if len(date) == 0 {
		return time.Time{}, time.Time{}, false
	}
	v := [4]int{0, 1, 1, 0} // year, month, day, hour
	copy(v[:], date)
	from = time.Date(v[0], time.Month(v[1]), v[2], v[3], 0, 0, 0, time.UTC)
	switch len(date) {
	case 1:
		to = from.AddDate(1, 0, 0)
	case 2:
		to = from.AddDate(0, 1, 0)
	case 3:
		to = from.AddDate(0, 0, 1)
	default:
		to = from.Add(time.Hour)
	}
	return from, to, true
}

// partitionDate reads year, month, day and hour (as many as the path
// holds) from the path components of either delivery layout.
func partitionDate(parts []string) []int {
	var date []int
	for _, name := range []string{"year=", "month=", "day=", "hour="} {
		i := slices.IndexFunc(parts, func(p string) bool { return strings.HasPrefix(p, name) })
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(strings.TrimPrefix(parts[i], name))
		if err != nil {
			break
		}
		date = append(date, n)
	}
	if len(date) > 0 {
		return date
	}
	i := slices.Index(parts, "vpcflowlogs")
	if i < 0 {
		return nil
	}
	widths := []int{4, 2, 2, 2}
	for j, width := range widths {
		k := i + 2 + j // after vpcflowlogs/REGION/
		if k >= len(parts) || len(parts[k]) != width {
			break
		}
		n, err := strconv.Atoi(parts[k])
		if err != nil {
			break
		}
		date = append(date, n)
	}
	return date
}
