package flowlogs

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func read(t *testing.T, inputs []string, stdin string, f *Format) *Summary {
	t.Helper()
	s, err := Read(context.Background(), inputs, strings.NewReader(stdin), f, Options{})
	if err != nil {
		t.Fatalf("Read(%v): %v", inputs, err)
	}
	return s
}

const awsDocLines = awsSSH + "\n" + awsRDP + "\n" + awsNoData + "\n" + awsSkipData + "\n" + awsPingIn + "\n" + awsPingOut + "\n" + awsIPv6 + "\n"

func TestReadDefaultFormat(t *testing.T) {
	p := writeFile(t, t.TempDir(), "flows.log", awsDocLines)
	s := read(t, []string{p}, "", nil)
	if s.Records != 7 || s.NoData != 1 || s.SkipData != 1 || s.MalformedCount != 0 || len(s.Groups) != 5 {
		t.Fatalf("summary: records %d nodata %d skipdata %d malformed %d groups %d", s.Records, s.NoData, s.SkipData, s.MalformedCount, len(s.Groups))
	}
	a := s.ByAction()
	if a.Accepted.Records != 3 || a.Rejected.Records != 2 || a.Rejected.Bytes != 4249+336 {
		t.Errorf("by action: %+v", a)
	}
	if s.First != 1418530010 || s.Last != 1477913820 {
		t.Errorf("time range %d..%d", s.First, s.Last)
	}
	if len(s.Inputs) != 1 || s.Inputs[0] != p || len(s.Errors) != 0 {
		t.Errorf("inputs %v errors %v", s.Inputs, s.Errors)
	}
}

func TestReadHeaderGzipDirectoryStdin(t *testing.T) {
	dir := t.TempDir()
	custom := "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction\n" +
		"5 eni-b 10.0.1.5 10.0.2.9 40001 443 6 3 180 1700000000 1700000030 ACCEPT OK egress\n"
	sub := filepath.Join(dir, "AWSLogs", "2024")
	if err := os.MkdirAll(sub, 0o750); err != nil {
		t.Fatal(err)
	}
	// S3 names them .log.gz; the reader goes by content, so names say nothing.
	writeFile(t, sub, "b.log.gz", gz(t, custom))
	writeFile(t, sub, "a.txt", gz(t, awsSSH+"\n"))
	writeFile(t, dir, "plain.log", awsRDP+"\n")
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "dangling.log")); err != nil {
		t.Fatal(err)
	}
	s := read(t, []string{dir, "-"}, awsPingOut+"\n", nil)
	wantInputs := []string{filepath.Join(sub, "a.txt"), filepath.Join(sub, "b.log.gz"), filepath.Join(dir, "dangling.log"), filepath.Join(dir, "plain.log"), "-"}
	if strings.Join(s.Inputs, ",") != strings.Join(wantInputs, ",") {
		t.Errorf("inputs %v, want %v", s.Inputs, wantInputs)
	}
	if len(s.Errors) != 1 || s.Errors[0].Input != filepath.Join(dir, "dangling.log") {
		t.Errorf("errors %v, want the dangling link", s.Errors)
	}
	if s.Records != 4 || len(s.Groups) != 4 || s.MalformedCount != 0 {
		t.Fatalf("records %d groups %d malformed %v", s.Records, len(s.Groups), s.Malformed)
	}
	dirs := s.ByDirection()
	if len(dirs) != 2 || dirs[1].Direction != Egress || dirs[1].Accepted.Bytes != 180 {
		t.Errorf("by direction %+v", dirs)
	}
	for _, g := range s.Groups {
		if g.Interface == "eni-b" && g.Sample != (Position{File: filepath.Join(sub, "b.log.gz"), Line: 2}) {
			t.Errorf("header line not counted in positions: %+v", g.Sample)
		}
		if g.Protocol == 1 && g.Sample.File != "-" {
			t.Errorf("stdin record sample %+v", g.Sample)
		}
	}
}

func TestReadMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.log")
	_, err := Read(context.Background(), []string{missing}, nil, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("err = %v, want it to name %s", err, missing)
	}
}

func TestReadMalformedReported(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		if i%2 == 1 {
			b.WriteString("garbage line " + string(rune('a'+i%26)) + "\n")
		} else {
			b.WriteString(awsSSH + "\n")
		}
	}
	b.WriteString(strings.Repeat("x", maxLine+10) + "\n" + awsRDP + "\n")
	p := writeFile(t, t.TempDir(), "bad.log", b.String())
	s := read(t, []string{p}, "", nil)
	if s.MalformedCount != 16 || len(s.Malformed) != maxMalformed || s.Records != 32 {
		t.Fatalf("malformed %d kept %d records %d", s.MalformedCount, len(s.Malformed), s.Records)
	}
	for i, m := range s.Malformed {
		if m.File != p || m.Line != 2*i+2 || !strings.HasPrefix(m.Text, "garbage line") || !strings.Contains(m.Reason, "(version): not a number") {
			t.Errorf("malformed[%d] = %+v", i, m)
		}
	}
	if a := s.ByAction(); a.Accepted.Records != 15 || a.Rejected.Records != 1 {
		t.Errorf("the rest not processed: %+v", a)
	}
}

func TestReadFormatOverrideAndConcatenatedHeaders(t *testing.T) {
	f := mustFormat("${interface-id} ${srcaddr} ${dstaddr} ${action}")
	p := writeFile(t, t.TempDir(), "cw.log", "eni-1 10.0.0.1 10.0.0.2 ACCEPT\n"+
		"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"+awsRDP+"\n")
	s := read(t, []string{p}, "", f)
	if s.Records != 2 || s.MalformedCount != 0 || len(s.Groups) != 2 {
		t.Fatalf("records %d malformed %v groups %d", s.Records, s.Malformed, len(s.Groups))
	}
}

const filterLogEvents = `{
    "events": [
        {
            "logStreamName": "eni-1235b8ca123456789-all",
            "timestamp": 1418530010000,
            "message": "` + awsSSH + `",
            "ingestionTime": 1418530100000,
            "eventId": "31953106606966983378809025079804211143289615424298221568"
        },
        {
            "logStreamName": "eni-1235b8ca123456789-all",
            "timestamp": 1418530010000,
            "message": "not a record",
            "ingestionTime": 1418530100000,
            "eventId": "31953106606966983378809025079804211143289615424298221569"
        }
    ],
    "searchedLogStreams": [{"logStreamName": "eni-1235b8ca123456789-all", "searchedCompletely": true}],
    "nextToken": "Z2V0IGxvZ3M="
}
`

const getLogEvents = `{"events":[{"timestamp":1418530010000,"message":"` + awsRDP + `","ingestionTime":1418530100000}],` +
	`"nextForwardToken":"f/1","nextBackwardToken":"b/1"}`

func TestReadCloudWatchExports(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "filter.json", filterLogEvents)
	b := writeFile(t, dir, "paged.json.gz", gz(t, getLogEvents+"\n"+getLogEvents))
	s := read(t, []string{a, b}, "", nil)
	if s.Records != 4 || s.MalformedCount != 1 || len(s.Errors) != 0 {
		t.Fatalf("records %d malformed %d errors %v", s.Records, s.MalformedCount, s.Errors)
	}
	if m := s.Malformed[0]; m.File != a || m.Line != 2 || m.Text != "not a record" {
		t.Errorf("malformed %+v", m)
	}
	if rj := s.ByAction().Rejected; rj.Records != 2 {
		t.Errorf("rejected %+v", rj)
	}
	for _, g := range s.Groups {
		if g.Action == Reject && g.Sample != (Position{File: b, Line: 1}) {
			t.Errorf("sample %+v", g.Sample)
		}
	}

	truncated, _, _ := strings.Cut(filterLogEvents, `"not a record"`)
	bad := writeFile(t, dir, "other.json", `{"logGroups": []}`)
	trunc := writeFile(t, dir, "trunc.json", truncated)
	s = read(t, []string{bad, trunc}, "", nil)
	if len(s.Errors) != 2 || !strings.Contains(s.Errors[0].Error, `no "events"`) || s.Errors[1].Input != trunc {
		t.Errorf("errors %v", s.Errors)
	}
	if s.Records != 1 {
		t.Errorf("records before the truncation: %d", s.Records)
	}
}

// awsParquetRow has the columns and types S3 delivery writes for a
// Parquet flow log (the field names with underscores; INT_32, INT_64,
// STRING; optional where a value can be "-").
type awsParquetRow struct {
	Version     int32   `parquet:"version"`
	AccountID   string  `parquet:"account_id"`
	InterfaceID string  `parquet:"interface_id"`
	SrcAddr     *string `parquet:"srcaddr,optional"`
	DstAddr     *string `parquet:"dstaddr,optional"`
	SrcPort     *int32  `parquet:"srcport,optional"`
	DstPort     *int32  `parquet:"dstport,optional"`
	Protocol    *int32  `parquet:"protocol,optional"`
	Packets     *int64  `parquet:"packets,optional"`
	Bytes       *int64  `parquet:"bytes,optional"`
	Start       int64   `parquet:"start"`
	End         int64   `parquet:"end"`
	Action      *string `parquet:"action,optional"`
	LogStatus   string  `parquet:"log_status"`
	ECSTaskID   *string `parquet:"ecs_task_id,optional"`
	FlowDir     *string `parquet:"flow_direction,optional"`
}

func writeParquet(tb testing.TB, path string, rows []awsParquetRow) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := parquet.NewGenericWriter[awsParquetRow](f, parquet.MaxRowsPerRowGroup(1000))
	if _, err := w.Write(rows); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

func TestReadParquet(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "flows.parquet")
	var rows []awsParquetRow
	for i := range 2500 { // three row groups
		rows = append(rows, awsParquetRow{
			Version: 5, AccountID: "123456789010", InterfaceID: "eni-1235b8ca123456789",
			SrcAddr: new("172.31.9.69"), DstAddr: new("172.31.9.12"), SrcPort: new(int32(49152 + i%100)), DstPort: new(int32(3389)),
			Protocol: new(int32(6)), Packets: new(int64(2)), Bytes: new(int64(100)), Start: 1418530010 + int64(i), End: 1418530070 + int64(i),
			Action: new("REJECT"), LogStatus: "OK", ECSTaskID: new("task 1"), FlowDir: new("ingress"),
		})
	}
	rows = append(rows, awsParquetRow{
		Version: 5, AccountID: "123456789010", InterfaceID: "eni-1235b8ca123456789",
		Start: 1431280876, End: 1431280934, LogStatus: "NODATA",
	}, awsParquetRow{
		Version: 5, AccountID: "1", InterfaceID: "eni-x", SrcAddr: new("not-an-ip"),
		Start: 1, End: 2, LogStatus: "OK",
	})
	writeParquet(t, p, rows)
	s := read(t, []string{p}, "", nil)
	if s.Records != 2502 || s.NoData != 1 || s.MalformedCount != 1 || len(s.Groups) != 1 {
		t.Fatalf("records %d nodata %d malformed %v groups %d", s.Records, s.NoData, s.Malformed, len(s.Groups))
	}
	g := s.Groups[0]
	if g.Records != 2500 || g.Bytes != 250000 || g.Direction != Ingress || g.SrcPort != EphemeralPort || g.ClientPorts != [2]int{49152, 49251} {
		t.Errorf("group %+v", g)
	}
	if m := s.Malformed[0]; m.Line != 2502 || !strings.Contains(m.Reason, "srcaddr") {
		t.Errorf("malformed %+v", m)
	}
	// The same bytes on stdin are spooled and read alike.
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s2 := read(t, []string{"-"}, string(data), nil)
	if s2.Records != s.Records || len(s2.Groups) != 1 || s2.Groups[0].Bytes != g.Bytes {
		t.Errorf("stdin parquet: %+v", s2)
	}
}

func TestReadCancelled(t *testing.T) {
	p := writeFile(t, t.TempDir(), "flows.log", strings.Repeat(awsSSH+"\n", 50000))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []string{p}, nil, nil, Options{}); err == nil {
		t.Error("a cancelled read returned no error")
	}
}
