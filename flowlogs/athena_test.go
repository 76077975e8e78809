package flowlogs

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// selectColumns is the result columns of the query's final SELECT: each
// item's alias, or the item itself.
func selectColumns(t *testing.T, sql string) []string {
	t.Helper()
	i := strings.LastIndex(sql, "\nSELECT\n")
	j := strings.LastIndex(sql, "\nFROM records\n")
	if i < 0 || j < i {
		t.Fatalf("no final SELECT ... FROM records in:\n%s", sql)
	}
	var out []string
	for item := range strings.SplitSeq(sql[i+len("\nSELECT\n"):j], ",\n") {
		item = strings.TrimSpace(item)
		if k := strings.LastIndex(item, " AS "); k >= 0 {
			item = item[k+len(" AS "):]
		}
		out = append(out, item)
	}
	return out
}

func TestAthenaQueryColumnsAreReadAggregatedsHeader(t *testing.T) {
	for _, opt := range []AthenaOptions{{}, {Parquet: true}, {HiveCompatible: true, Since: 1, Until: 2}} {
		got := selectColumns(t, AthenaSQL(opt))
		if !slices.Equal(got, AggregatedColumns()) {
			t.Errorf("%+v: the query selects\n  %v\nReadAggregated wants\n  %v", opt, got, AggregatedColumns())
		}
	}
	f, err := os.Open(filepath.Join("testdata", "athena", "result.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(header, AggregatedColumns()) {
		t.Errorf("testdata header %v is not the query's columns", header)
	}
}

func TestAthenaSQLText(t *testing.T) {
	sql := AthenaSQL(AthenaOptions{Location: "s3://logs/org/", Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"us-east-1"}})
	for _, want := range []string{
		"CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (\n  `version` int,\n  `account_id` string,",
		"  `end` bigint,\n  `action` string,\n  `log_status` string\n)",
		"PARTITIONED BY (accid string, aws_region string, day string)",
		"ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '",
		"LOCATION 's3://logs/org/AWSLogs/'",
		"'skip.header.line.count' = '1'",
		"'projection.accid.values' = '111122223333,444455556666'",
		"'projection.day.format' = 'yyyy/MM/dd'",
		"'storage.location.template' = 's3://logs/org/AWSLogs/${accid}/vpcflowlogs/${aws_region}/${day}'",
		// The default format has no direction or context fields.
		"CAST(NULL AS varchar) AS direction",
		"CAST(NULL AS varchar) AS vpc_id",
		"CAST(NULL AS integer) AS tcp_flags",
		"WHERE log_status = 'OK'\n)",
		"GROUP BY interface, direction, action, protocol, src, dst, src_port, dst_port",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %q in:\n%s", want, sql)
		}
	}
	if strings.Count(sql, "\n  `") != 14 {
		t.Errorf("the default format has 14 columns:\n%s", sql)
	}
}

func TestAthenaSQLParquetAndCustomFormat(t *testing.T) {
	sql := AthenaSQL(AthenaOptions{Parquet: true, Table: "flows"})
	for _, want := range []string{"ParquetHiveSerDe", "`flow_direction` string", "`traffic_path` int", "flow_direction AS direction", "vpc_id AS vpc_id", "FROM \"flows\""} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %q in:\n%s", want, sql)
		}
	}
	if strings.Contains(sql, "skip.header") {
		t.Error("Parquet has no header line to skip")
	}
	f, err := ParseFormat("${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction}")
	if err != nil {
		t.Fatal(err)
	}
	sql = AthenaSQL(AthenaOptions{Format: f})
	if !strings.Contains(sql, "CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (\n  `interface_id` string,") ||
		!strings.Contains(sql, "flow_direction AS direction") || !strings.Contains(sql, "CAST(NULL AS varchar) AS account_id") {
		t.Errorf("custom format:\n%s", sql)
	}
}

func TestAthenaSQLHiveAndWindow(t *testing.T) {
	since := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC).Unix()
	until := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC).Unix()
	sql := AthenaSQL(AthenaOptions{HiveCompatible: true, Location: "s3://b", Since: since, Until: until})
	for _, want := range []string{
		"PARTITIONED BY (accid string, aws_region string, year string, month string, day string)",
		"'projection.month.digits' = '2'",
		"'storage.location.template' = 's3://b/AWSLogs/aws-account-id=${accid}/aws-service=vpcflowlogs/aws-region=${aws_region}/year=${year}/month=${month}/day=${day}'",
		"concat(year, '/', month, '/', day) >= '2026/11/30'",
		"concat(year, '/', month, '/', day) <= '2026/12/02'",
		`"end" >= ` + strconv.FormatInt(since, 10), "start < " + strconv.FormatInt(until, 10),
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %q in:\n%s", want, sql)
		}
	}
	if !regexp.MustCompile(`(?s)AWSLogs/'\nTBLPROPERTIES`).MatchString(sql) {
		t.Errorf("location:\n%s", sql)
	}
}

// Athena's CSV result of the lab's traffic read back, and explained: the
// heavy scan in Athena, the join with the configuration here.
func TestReadAggregatedRoundTrip(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "athena", "result.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadAggregated(f, "result.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Groups) != 4 || s.Records != 20 || s.First != 1796032801 || s.Last != 1796033216 || !slices.Equal(s.Inputs, []string{"result.csv"}) {
		t.Fatalf("summary: %d groups, %d records, %d-%d, %v", len(s.Groups), s.Records, s.First, s.Last, s.Inputs)
	}
	for i := 1; i < len(s.Groups); i++ {
		if compareKey(&s.Groups[i-1].Key, &s.Groups[i].Key) >= 0 {
			t.Errorf("groups not sorted at %d", i)
		}
	}
	https := s.Groups[1]
	if https.Interface != labENIA || https.Direction != Egress || https.Action != Accept || https.SrcPort != EphemeralPort || https.DstPort != 443 ||
		https.ClientPorts != [2]int{34350, 59679} || https.Packets != 60 || https.Bytes != 9200 || https.TCPFlags != 19 ||
		https.VPCID != "vpc-0a1b2c3d4e5f60718" || https.InstanceID != "i-04c7e1f2a3b5d6e0a" || https.Sample != (Position{"result.csv", 3}) {
		t.Errorf("https group: %+v", https)
	}
	ping := s.Groups[0]
	if ping.ClientPorts != [2]int{-1, -1} || ping.TCPFlags != -1 || ping.VPCID != "" || ping.Direction != DirectionUnknown || ping.Dst.String() != "8.8.8.8" {
		t.Errorf("nulls: %+v", ping)
	}
	all := ExplainAll(labModel(t), s)
	if len(all) != 3 {
		t.Fatalf("want the 3 REJECT groups explained, got %d", len(all))
	}
	want := []struct {
		typ   string
		entry int
	}{{"network-acl", 1}, {"security-group", 0}, {"security-group", 0}}
	for i, ex := range all {
		if ex.Verdict != VerdictBlocked || len(ex.Causes) != 1 || ex.Causes[0].Component.Type != want[i].typ || ex.Causes[0].Entry != want[i].entry {
			t.Errorf("%s -> %s: %s %+v", ex.Src, ex.Dst, ex.Verdict, ex.Causes)
		}
	}
}

// endlessReader is a stream of one byte that never ends.
type endlessReader byte

func (e endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestReadAggregatedErrors(t *testing.T) {
	header := strings.Join(AggregatedColumns(), ",")
	row := `"eni-1","","REJECT","6","198.51.100.77","172.31.9.20","-1","22","51515","57559","2","4","240","1","2","",,,,`
	cases := map[string]struct{ in, want string }{
		"bad address":   {"", "bad.csv:3: column dst: \"8.8.8.300\": not an IP address"},
		"empty":         {"\n", "x.csv: empty"},
		"missing":       {strings.TrimSuffix(header, ",tcp_flags") + "\n", "x.csv:1: header lacks column tcp_flags"},
		"unknown":       {header + ",extra\n", `x.csv:1: header column "extra"`},
		"short row":     {header + "\n" + strings.TrimSuffix(row, ",") + "\n", "x.csv: record on line 2: wrong number of fields"},
		"duplicate":     {header + "\n" + row + "\n" + row + "\n", "x.csv:3: the same group as line 2"},
		"bad action":    {header + "\n" + strings.Replace(row, "REJECT", "DROP", 1) + "\n", "x.csv:2: column action"},
		"bad direction": {header + "\n" + strings.Replace(row, `"eni-1",""`, `"eni-1","in"`, 1) + "\n", "x.csv:2: column direction"},
		"port range":    {header + "\n" + strings.Replace(row, `"22"`, `"70000"`, 1) + "\n", "x.csv:2: column dst_port"},
		"long row":      {header + "\n" + row + "\n" + strings.Replace(row, `"eni-1"`, `"eni-`+strings.Repeat("1", maxLine)+`"`, 1) + "\n", "x.csv:3: row longer than 65536 bytes"},
		"long quoted":   {header + "\n" + strings.Replace(row, `"eni-1"`, `"`+strings.Repeat("eni\n", maxLine/4+1)+`"`, 1) + "\n", "x.csv:2: row longer than 65536 bytes"},
		"long header":   {strings.Repeat("a", maxLine+1), "x.csv:1: row longer than 65536 bytes"},
	}
	for name, c := range cases {
		var err error
		if c.in == "" {
			f, ferr := os.Open(filepath.Join("testdata", "athena", "bad.csv"))
			if ferr != nil {
				t.Fatal(ferr)
			}
			_, err = ReadAggregated(f, "bad.csv")
			f.Close()
		} else {
			_, err = ReadAggregated(strings.NewReader(c.in), "x.csv")
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
	// An endless row is an error once it passes the bound, not a read
	// that buffers until memory runs out.
	endless := io.MultiReader(strings.NewReader(header+"\n\"eni-"), endlessReader('1'))
	if _, err := ReadAggregated(endless, "x.csv"); err == nil || !strings.Contains(err.Error(), "x.csv:2: row longer than") {
		t.Errorf("endless row: got %v", err)
	}
	// Columns may come in any order and any case.
	cols := AggregatedColumns()
	slices.Reverse(cols)
	vals := strings.Split(row, ",")
	slices.Reverse(vals)
	s, err := ReadAggregated(strings.NewReader(strings.ToUpper(strings.Join(cols, ","))+"\n"+strings.Join(vals, ",")+"\n"), "x.csv")
	if err != nil || len(s.Groups) != 1 || s.Groups[0].DstPort != 22 || s.Groups[0].ClientPorts != [2]int{51515, 57559} {
		t.Errorf("reordered: %v %+v", err, s)
	}
}
