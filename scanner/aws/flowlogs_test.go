package aws_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	scanaws "github.com/vpclint/vpclint/scanner/aws"
	"github.com/vpclint/vpclint/scanner/aws/awstest"
	"github.com/vpclint/vpclint/snapshot"
)

var day = time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)

// flowEvents are a group's events: one an hour from 00:00 to 23:00 on day,
// each message naming its hour.
func flowEvents() []awstest.LogEvent {
	var out []awstest.LogEvent
	for h := range 24 {
		out = append(out, awstest.LogEvent{Stream: "eni-0web-all", Timestamp: day.Add(time.Duration(h) * time.Hour), Message: fmt.Sprintf("2 111122223333 eni-0web h%02d\n", h)})
	}
	return out
}

func fetchOptions(srv *awstest.Server, since, until time.Time) scanaws.FlowLogFetch {
	opt := options(srv)
	opt.Limits = map[string]scanaws.Limit{"logs": {Rate: 1000, Burst: 1000, Concurrency: 1}}
	return scanaws.FlowLogFetch{Options: opt, Since: since, Until: until}
}

// lines collects what visit is given, as name and lines, and the format
// it is given in *format.
func lines(got *[]string, format *string) func(string, string, io.Reader) error {
	return func(name, f string, r io.Reader) error {
		*format = f
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			*got = append(*got, name+" "+sc.Text())
		}
		return sc.Err()
	}
}

func count(log []string, op string) int {
	n := 0
	for _, o := range log {
		if o == op {
			n++
		}
	}
	return n
}

// TestFetchCloudWatch pages FilterLogEvents over the window (widened by
// FlowLogSlack) and streams the messages one a line; the format is the
// one DescribeFlowLogs gives for the flow log delivering to the group.
func TestFetchCloudWatch(t *testing.T) {
	isolate(t)
	w := world(t)
	const custom = "${version} ${account-id} ${interface-id} ${action}"
	w.FlowLogs = append(w.FlowLogs, snapshot.FlowLog{
		ID: "fl-0custom", Meta: snapshot.Meta{Account: "111122223333", Region: "us-east-1"}, ResourceID: "eni-0web", TrafficType: "ALL",
		DestinationType: "cloud-watch-logs", Destination: "arn:aws:logs:us-east-1:111122223333:log-group:custom-flows", LogFormat: custom,
	})
	srv := awstest.New(w)
	defer srv.Close()
	srv.PageSize = 2
	srv.Throttle = map[string]int{"logs:FilterLogEvents": 1}
	srv.LogEvents = map[string][]awstest.LogEvent{"custom-flows": flowEvents()}

	var got []string
	var given string
	format, st, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), fetchOptions(srv, day.Add(10*time.Hour), day.Add(12*time.Hour)), "custom-flows", lines(&got, &given))
	if err != nil {
		t.Fatal(err)
	}
	if format != custom || given != custom || !slices.Equal(st.FlowLogs, []string{"fl-0custom"}) {
		t.Errorf("format %q (visit given %q) from %v, want %q from fl-0custom alone", format, given, st.FlowLogs, custom)
	}
	var want []string
	for h := 9; h <= 13; h++ { // 10:00–12:00 and an hour of slack each side, both ends inclusive
		want = append(want, fmt.Sprintf("cloudwatch:custom-flows 2 111122223333 eni-0web h%02d", h))
	}
	if !slices.Equal(got, want) {
		t.Errorf("records:\n got %q\nwant %q", got, want)
	}
	log := srv.Log()
	if n := count(log, "logs:FilterLogEvents"); n != 4 { // 3 pages of 2, one throttled
		t.Errorf("%d FilterLogEvents calls, want 4: %v", n, log)
	}
	if st.Events != 5 || st.Retries != 1 || st.Calls != len(log) || st.ByOperation["logs:FilterLogEvents"] != 3 || st.ByOperation["ec2:DescribeFlowLogs"] != 1 {
		t.Errorf("stats %+v (server saw %d calls)", st, len(log))
	}

	// A group no flow log delivers to: no format, and nothing described.
	// An ARN names the group too.
	srv.LogEvents["orphan"] = flowEvents()
	got = nil
	format, st, err = scanaws.FetchCloudWatchFlowLogs(context.Background(), fetchOptions(srv, time.Time{}, time.Time{}), "arn:aws:logs:us-east-1:111122223333:log-group:orphan:*", lines(&got, &given))
	if err != nil || format != "" || len(st.FlowLogs) != 0 || len(got) != 24 || !strings.HasPrefix(got[0], "cloudwatch:arn:aws:logs:") {
		t.Errorf("orphan group: format %q, flow logs %v, %d records, err %v", format, st.FlowLogs, len(got), err)
	}
}

// TestFetchCloudWatchFormats: two flow logs delivering different formats
// to one group is an error naming both; SkipFormatLookup does not ask.
func TestFetchCloudWatchFormats(t *testing.T) {
	isolate(t)
	w := world(t)
	for i, format := range []string{"${version} ${action}", "${version} ${srcaddr}"} {
		w.FlowLogs = append(w.FlowLogs, snapshot.FlowLog{
			ID: fmt.Sprintf("fl-0mix%d", i), Meta: snapshot.Meta{Account: "111122223333", Region: "us-east-1"}, ResourceID: "vpc-0a",
			DestinationType: "cloud-watch-logs", Destination: "arn:aws:logs:us-east-1:111122223333:log-group:mixed", LogFormat: format,
		})
	}
	srv := awstest.New(w)
	defer srv.Close()
	srv.LogEvents = map[string][]awstest.LogEvent{"mixed": flowEvents()}
	var got []string
	var given string
	_, _, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), fetchOptions(srv, time.Time{}, time.Time{}), "mixed", lines(&got, &given))
	if err == nil || !strings.Contains(err.Error(), `fl-0mix0 in "${version} ${action}"`) || !strings.Contains(err.Error(), `fl-0mix1 in "${version} ${srcaddr}"`) {
		t.Errorf("err = %v, want both flow logs and formats named", err)
	}
	if len(got) != 0 {
		t.Errorf("records were read despite the ambiguous format")
	}

	opt := fetchOptions(srv, time.Time{}, time.Time{})
	opt.SkipFormatLookup = true
	before := count(srv.Log(), "ec2:DescribeFlowLogs")
	if _, _, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), opt, "mixed", lines(&got, &given)); err != nil || len(got) != 24 || given != "" {
		t.Errorf("with SkipFormatLookup: %d records, err %v", len(got), err)
	}
	if count(srv.Log(), "ec2:DescribeFlowLogs") != before {
		t.Error("SkipFormatLookup still called DescribeFlowLogs")
	}
}

// TestFetchCloudWatchStopsEarly: when visit returns before the end, the
// remaining pages are not fetched.
func TestFetchCloudWatchStopsEarly(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.PageSize = 1
	srv.LogEvents = map[string][]awstest.LogEvent{"eni-flows": flowEvents()}
	first := ""
	_, _, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), fetchOptions(srv, time.Time{}, time.Time{}), "eni-flows", func(_, _ string, r io.Reader) error {
		line, err := bufio.NewReader(r).ReadString('\n')
		first = line
		return err
	})
	if err != nil || first != "2 111122223333 eni-0web h00\n" {
		t.Fatalf("first line %q, err %v", first, err)
	}
	if n := count(srv.Log(), "logs:FilterLogEvents"); n > 3 {
		t.Errorf("%d FilterLogEvents calls after the reader stopped at the first record", n)
	}
}

// flowKey is a key of S3 delivery in the default layout.
func flowKey(prefix string, t time.Time) string {
	return prefix + "AWSLogs/111122223333/vpcflowlogs/us-east-1/" + t.Format("2006/01/02/") +
		"111122223333_vpcflowlogs_us-east-1_fl-0a_" + t.Format("20060102T1504Z") + "_fe123456.log.gz"
}

// recordRegions remembers the SigV4 region of each S3 object request.
type recordRegions struct {
	mu      sync.Mutex
	regions []string
}

func (c *recordRegions) Do(r *http.Request) (*http.Response, error) {
	if r.URL.Query().Has("list-type") || strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0 {
		_, cred, _ := strings.Cut(r.Header.Get("Authorization"), "Credential=")
		if parts := strings.Split(cred, "/"); len(parts) > 2 {
			c.mu.Lock()
			c.regions = append(c.regions, parts[2])
			c.mu.Unlock()
		}
	}
	return http.DefaultClient.Do(r)
}

// TestFetchS3 walks a delivery bucket folder by folder: pages of two,
// objects in key order, partitions and files outside the window neither
// listed nor read, keys of other layouts read, calls in the bucket's
// region.
func TestFetchS3(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.PageSize = 2
	objects := map[string][]byte{}
	put := func(key string) { objects[key] = []byte("body of " + key) }
	for _, at := range []time.Time{
		day.Add(-24 * time.Hour).Add(12 * time.Hour),         // 14th noon: out
		day.Add(-30 * time.Minute),                           // 14th 23:30: within the slack
		day, day.Add(6 * time.Hour), day.Add(23 * time.Hour), // 15th
		day.Add(25 * time.Hour), day.Add(36 * time.Hour), // 16th: 01:00 in the slack, noon out
		day.AddDate(0, 0, -5), day.AddDate(-1, 0, 0), day.AddDate(0, 1, 0), // other days, a year and a month away
	} {
		put(flowKey("logs/", at))
	}
	put("logs/AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/01/10/undated.log.gz") // in a partition outside: not listed
	put("logs/manual/copy.log.gz")                                                   // another layout: read
	put("other/AWSLogs/x.log.gz")                                                    // outside the prefix
	srv.Objects = map[string]map[string][]byte{"public-site": objects}
	rec := &recordRegions{}
	opt := fetchOptions(srv, day, day.Add(24*time.Hour))
	opt.HTTPClient = rec

	var got []string
	st, err := scanaws.FetchS3FlowLogs(context.Background(), opt, "s3://public-site/logs/", func(name string, r io.Reader, size int64) error {
		body, err := io.ReadAll(r)
		if string(body) != "body of "+strings.TrimPrefix(name, "s3://public-site/") || int64(len(body)) != size {
			t.Errorf("%s: body %q, size %d", name, body, size)
		}
		got = append(got, name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		flowKey("logs/", day.Add(-30*time.Minute)),
		flowKey("logs/", day), flowKey("logs/", day.Add(6*time.Hour)), flowKey("logs/", day.Add(23*time.Hour)),
		flowKey("logs/", day.Add(25*time.Hour)),
		"logs/manual/copy.log.gz",
	}
	for i := range want {
		want[i] = "s3://public-site/" + want[i]
	}
	if !slices.Equal(got, want) {
		t.Errorf("objects read:\n got %q\nwant %q", got, want)
	}
	log := srv.Log()
	if n := count(log, "s3:GetObject"); n != len(want) || st.Objects != len(want) {
		t.Errorf("%d GetObject calls, %d objects counted; want %d", n, st.Objects, len(want))
	}
	// Folders listed: logs/, AWSLogs/, 111122223333/, vpcflowlogs/,
	// us-east-1/, 2024/, 01/, 14/, 15/, 16/, manual/ (2023/, 02/ and 10/
	// skipped); 01/ and 15/ hold more than a page of two.
	if n := count(log, "s3:ListObjectsV2"); n != 13 {
		t.Errorf("%d ListObjectsV2 calls, want 13", n)
	}
	if st.Skipped != 5 { // 2023/, 02/, 10/, the 14th's noon file, the 16th's noon file
		t.Errorf("skipped %d, want 5", st.Skipped)
	}
	for _, r := range rec.regions {
		if r != "eu-west-1" {
			t.Errorf("an object call went to %s, not the bucket's region eu-west-1", r)
			break
		}
	}
}

// TestFetchS3Hive: the Hive-compatible layout with hourly partitions.
func TestFetchS3Hive(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	objects := map[string][]byte{}
	key := func(t time.Time) string {
		return "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/" + t.Format("year=2006/month=01/day=02/hour=15/") + "part.parquet"
	}
	for h := range 24 {
		objects[key(day.Add(time.Duration(h)*time.Hour))] = []byte("PAR1")
	}
	srv.Objects = map[string]map[string][]byte{"app-data": objects}
	var got []string
	st, err := scanaws.FetchS3FlowLogs(context.Background(), fetchOptions(srv, day.Add(10*time.Hour), day.Add(11*time.Hour)), "s3://app-data", func(name string, _ io.Reader, _ int64) error {
		got = append(got, name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for h := 9; h <= 12; h++ { // 10:00–11:00 and the slack, both ends included
		want = append(want, "s3://app-data/"+key(day.Add(time.Duration(h)*time.Hour)))
	}
	if !slices.Equal(got, want) || st.Skipped != 20 {
		t.Errorf("read %q (skipped %d), want %q (20 hours skipped)", got, st.Skipped, want)
	}
}

// TestFetchDenied: AccessDenied names the API (as the IAM action to
// grant) and the resource.
func TestFetchDenied(t *testing.T) {
	isolate(t)
	srv := awstest.New(world(t))
	defer srv.Close()
	srv.LogEvents = map[string][]awstest.LogEvent{"eni-flows": flowEvents()}
	srv.Objects = map[string]map[string][]byte{"app-data": {flowKey("", day): []byte("x")}}
	opt := fetchOptions(srv, time.Time{}, time.Time{})
	opt.MaxAttempts = 1
	nop := func(_, _ string, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	nopS3 := func(string, io.Reader, int64) error { return nil }

	for _, tc := range []struct {
		deny string
		run  func() error
		want []string
	}{
		{"logs:FilterLogEvents", func() error {
			_, _, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), opt, "eni-flows", nop)
			return err
		}, []string{"logs:FilterLogEvents on log group eni-flows", "AccessDeniedException", "the credentials need logs:FilterLogEvents"}},
		{"ec2:DescribeFlowLogs", func() error {
			_, _, err := scanaws.FetchCloudWatchFlowLogs(context.Background(), opt, "eni-flows", nop)
			return err
		}, []string{"ec2:DescribeFlowLogs on log group eni-flows", "UnauthorizedOperation"}},
		{"s3:ListObjectsV2", func() error {
			_, err := scanaws.FetchS3FlowLogs(context.Background(), opt, "s3://app-data/AWSLogs/", nopS3)
			return err
		}, []string{"s3:ListBucket on s3://app-data/AWSLogs/", "AccessDenied"}},
		{"s3:GetObject", func() error {
			_, err := scanaws.FetchS3FlowLogs(context.Background(), opt, "s3://app-data/AWSLogs/", nopS3)
			return err
		}, []string{"s3:GetObject on s3://app-data/" + flowKey("", day), "AccessDenied"}},
	} {
		srv.Deny = map[string]bool{tc.deny: true}
		err := tc.run()
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("deny %s: err = %v, want it to say %q", tc.deny, err, w)
			}
		}
	}

	for _, bad := range []string{"bucket/key", "s3://", "https://bucket.s3.amazonaws.com/x"} {
		if _, err := scanaws.FetchS3FlowLogs(context.Background(), opt, bad, nopS3); err == nil || !strings.Contains(err.Error(), "not an S3 location") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	empty := fetchOptions(srv, day, day)
	if _, err := scanaws.FetchS3FlowLogs(context.Background(), empty, "s3://app-data", nopS3); err == nil || !strings.Contains(err.Error(), "window is empty") {
		t.Errorf("empty window: err = %v", err)
	}
}
