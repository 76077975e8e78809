package flowlogs

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestReadSourceMatchesRead feeds the lab's records as streams, one plain
// without its header (the format comes with the stream, as CloudWatch
// gives it) and one gzip with it (as S3 delivers), and expects the summary
// Read makes of the files; a failing source is reported, not fatal.
func TestReadSourceMatchesRead(t *testing.T) {
	const path = "../examples/flow-logs-lab/flows/vpcflowlogs.log"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := Read(ctx, []string{path, path}, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	header, body, _ := strings.Cut(string(data), "\n")
	format, err := ParseFormat(header)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(data)
	_ = zw.Close()
	custom := mustFormat("${version} ${interface-id}") // not the records' format: the stream's own must win
	got, err := ReadSource(ctx, "test", func(visit func(string, io.Reader, *Format) error) error {
		if err := visit(path, strings.NewReader(body), format); err != nil {
			return err
		}
		if err := visit(path, &gz, nil); err != nil {
			return err
		}
		return errors.New("AccessDenied: the third object")
	}, custom, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != 1 || got.Errors[0].Input != "test" || !strings.Contains(got.Errors[0].Error, "AccessDenied") {
		t.Errorf("source error not reported: %+v", got.Errors)
	}
	got.Errors, want.Errors = nil, nil
	// The header-less stream numbers its lines from the first record.
	for i := range got.Malformed {
		got.Malformed[i].Line, want.Malformed[i].Line = 0, 0
	}
	for i := range got.Groups {
		got.Groups[i].Sample, want.Groups[i].Sample = Position{}, Position{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSource and Read disagree:\n%+v\n%+v", got, want)
	}
}

// TestLabCloudWatchExportMatchesS3Text reads the lab's traffic as both
// deliveries give it, and expects the same groups: the CloudWatch export
// (aws logs filter-log-events) carries the records of the S3 text file,
// less its header and its truncated line.
func TestLabCloudWatchExportMatchesS3Text(t *testing.T) {
	ctx := context.Background()
	text, err := Read(ctx, []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cw, err := Read(ctx, []string{"../examples/flow-logs-lab/cloudwatch/filter-log-events.json"}, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cw.MalformedCount != 0 || text.MalformedCount != 1 || cw.Records != text.Records-1 {
		t.Errorf("records: CloudWatch %d (%d malformed), text %d (%d malformed)", cw.Records, cw.MalformedCount, text.Records, text.MalformedCount)
	}
	if len(cw.Groups) != len(text.Groups) || len(cw.Groups) == 0 {
		t.Fatalf("%d groups from CloudWatch, %d from text", len(cw.Groups), len(text.Groups))
	}
	for i := range cw.Groups {
		a, b := cw.Groups[i], text.Groups[i]
		a.Sample, b.Sample = Position{}, Position{}
		if a != b {
			t.Errorf("group %d: CloudWatch %+v, text %+v", i, a, b)
		}
	}
}
