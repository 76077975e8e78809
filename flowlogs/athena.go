package flowlogs

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AthenaOptions describe the flow logs an Athena table reads and the
// window the aggregation query covers.
type AthenaOptions struct {
	// Table is the table name (default vpc_flow_logs).
	Table string
	// Location is the S3 bucket and prefix that holds AWSLogs/, e.g.
	// s3://bucket/prefix ("" writes a placeholder).
	Location string
	// Parquet: the flow log delivers Parquet, not text.
	Parquet bool
	// HiveCompatible: the flow log writes Hive-compatible prefixes
	// (aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…).
	HiveCompatible bool
	// Format is the flow log's record format: text columns are read by
	// position, so it must be the flow log's own (DescribeFlowLogs'
	// LogFormat). nil means the default format for text, and every
	// documented field for Parquet, whose columns are read by name.
	Format *Format
	// Accounts and Regions are the partition values to project ("" writes
	// a placeholder); FirstDay is the first day of the projection
	// (yyyy/MM/dd, default 2020/01/01).
	Accounts []string
	Regions  []string
	FirstDay string
	// Since and Until keep the records whose capture window overlaps
	// [Since, Until), as Options does (Unix seconds, 0 for open); the
	// partitions are pruned to the same days.
	Since, Until int64
}

// aggColumn is one column of the aggregation: its name in the query's
// result (and the CSV header ReadAggregated expects), the aggregate that
// computes it ("" for a grouping column, selected as is), and how a CSV
// value fills a Group. Both the SQL and the reader come from this table,
// so they cannot drift apart.
type aggColumn struct {
	name string
	agg  string
	set  func(g *Group, v string) error
}

var aggColumns = []aggColumn{
	{"interface", "", func(g *Group, v string) error { g.Interface = v; return aggRequired(v) }},
	{"direction", "", aggDirection},
	{"action", "", aggAction},
	{"protocol", "", func(g *Group, v string) error { return aggInt(&g.Protocol, v, 0, 255) }},
	{"src", "", func(g *Group, v string) error { return aggAddr(&g.Src, v) }},
	{"dst", "", func(g *Group, v string) error { return aggAddr(&g.Dst, v) }},
	{"src_port", "", func(g *Group, v string) error { return aggInt(&g.SrcPort, v, -1, 65535) }},
	{"dst_port", "", func(g *Group, v string) error { return aggInt(&g.DstPort, v, -1, 65535) }},
	{"client_port_min", "min(client_port)", func(g *Group, v string) error { return aggOptInt(&g.ClientPorts[0], v, 0, 65535) }},
	{"client_port_max", "max(client_port)", func(g *Group, v string) error { return aggOptInt(&g.ClientPorts[1], v, 0, 65535) }},
	{"records", "count(*)", func(g *Group, v string) error { return aggInt64(&g.Records, v) }},
	{"packets", "sum(packets)", func(g *Group, v string) error { return aggInt64(&g.Packets, v) }},
	{"bytes", "sum(bytes)", func(g *Group, v string) error { return aggInt64(&g.Bytes, v) }},
	{"first", "min(start)", func(g *Group, v string) error { return aggInt64(&g.First, v) }},
	{"last", `max("end")`, func(g *Group, v string) error { return aggInt64(&g.Last, v) }},
	{"account_id", "min_by(account_id, start)", func(g *Group, v string) error { g.AccountID = v; return nil }},
	{"vpc_id", "min_by(vpc_id, start)", func(g *Group, v string) error { g.VPCID = v; return nil }},
	{"subnet_id", "min_by(subnet_id, start)", func(g *Group, v string) error { g.SubnetID = v; return nil }},
	{"instance_id", "min_by(instance_id, start)", func(g *Group, v string) error { g.InstanceID = v; return nil }},
	{"tcp_flags", "bitwise_or_agg(tcp_flags)", func(g *Group, v string) error { return aggOptInt(&g.TCPFlags, v, 0, 255) }},
}

// AggregatedColumns are the columns of the aggregation query's result,
// in order: the CSV header ReadAggregated reads.
func AggregatedColumns() []string {
	out := make([]string, len(aggColumns))
	for i, c := range aggColumns {
		out[i] = c.name
	}
	return out
}

// athenaTypes are the column types of the AWS documentation's tables;
// every other field is a string.
var athenaTypes = map[string]string{
	"version": "int", "srcport": "int", "dstport": "int", "protocol": "bigint",
	"packets": "bigint", "bytes": "bigint", "start": "bigint", "end": "bigint",
	"tcp-flags": "int", "traffic-path": "int",
}

// AthenaSQL writes the CREATE EXTERNAL TABLE for the flow logs in S3,
// with partition projection over the delivery's date path, and the
// aggregation query whose CSV result ReadAggregated reads: the same
// groups vpclint's own aggregation makes, computed where the data is.
func AthenaSQL(opt AthenaOptions) string {
	opt = opt.withDefaults()
	var b strings.Builder
	b.WriteString("-- vpclint: the flow-log table (partition projection: no MSCK REPAIR or crawler needed)\n")
	writeTable(&b, opt)
	b.WriteString("\n-- vpclint: the aggregation. Download the result as CSV and run\n--   vpclint flows --aggregated RESULT.csv --against INPUT\n")
	writeQuery(&b, opt)
	return b.String()
}

func (opt AthenaOptions) withDefaults() AthenaOptions {
	if opt.Table == "" {
		opt.Table = "vpc_flow_logs"
	}
	if opt.Location == "" {
		opt.Location = "s3://BUCKET/PREFIX"
	}
	opt.Location = strings.TrimSuffix(opt.Location, "/")
	if opt.FirstDay == "" {
		opt.FirstDay = "2020/01/01"
	}
	if len(opt.Accounts) == 0 {
		opt.Accounts = []string{"ACCOUNT_ID"}
	}
	if len(opt.Regions) == 0 {
		opt.Regions = []string{"REGION"}
	}
	if opt.Format == nil && opt.Parquet {
		names := make([]string, len(awsFields))
		for i, f := range awsFields {
			names[i] = f.name
		}
		opt.Format = mustFormat(strings.Join(names, " "))
	} else if opt.Format == nil {
		opt.Format = DefaultFormat
	}
	return opt
}

// athenaColumn is a field's column: underscores for hyphens, as in the
// Parquet files and the AWS documentation's tables.
func athenaColumn(field string) string { return strings.ReplaceAll(field, "-", "_") }

func writeTable(b *strings.Builder, opt AthenaOptions) {
	fmt.Fprintf(b, "CREATE EXTERNAL TABLE IF NOT EXISTS `%s` (\n", opt.Table)
	fields := opt.Format.Fields()
	for i, f := range fields {
		typ := cmp.Or(athenaTypes[f], "string")
		sep := ","
		if i == len(fields)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "  `%s` %s%s\n", athenaColumn(f), typ, sep)
	}
	partitions := "accid string, aws_region string, day string"
	if opt.HiveCompatible {
		partitions = "accid string, aws_region string, year string, month string, day string"
	}
	fmt.Fprintf(b, ")\nPARTITIONED BY (%s)\n", partitions)
	if opt.Parquet {
		b.WriteString("ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n" +
			"STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'\n" +
			"OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'\n")
	} else {
		b.WriteString("ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '\n")
	}
	fmt.Fprintf(b, "LOCATION '%s/AWSLogs/'\nTBLPROPERTIES (\n", opt.Location)
	var props [][2]string
	if !opt.Parquet {
		props = append(props, [2]string{"skip.header.line.count", "1"})
	}
	props = append(props,
		[2]string{"projection.enabled", "true"},
		[2]string{"projection.accid.type", "enum"}, [2]string{"projection.accid.values", strings.Join(opt.Accounts, ",")},
		[2]string{"projection.aws_region.type", "enum"}, [2]string{"projection.aws_region.values", strings.Join(opt.Regions, ",")})
	if opt.HiveCompatible {
		props = append(props,
			[2]string{"projection.year.type", "integer"}, [2]string{"projection.year.range", opt.FirstDay[:4] + ",2099"},
			[2]string{"projection.month.type", "integer"}, [2]string{"projection.month.range", "1,12"}, [2]string{"projection.month.digits", "2"},
			[2]string{"projection.day.type", "integer"}, [2]string{"projection.day.range", "1,31"}, [2]string{"projection.day.digits", "2"},
			[2]string{"storage.location.template", opt.Location + "/AWSLogs/aws-account-id=${accid}/aws-service=vpcflowlogs/aws-region=${aws_region}/year=${year}/month=${month}/day=${day}"})
	} else {
		props = append(props,
			[2]string{"projection.day.type", "date"}, [2]string{"projection.day.range", opt.FirstDay + ",NOW"},
			[2]string{"projection.day.format", "yyyy/MM/dd"},
			[2]string{"projection.day.interval", "1"}, [2]string{"projection.day.interval.unit", "DAYS"},
			[2]string{"storage.location.template", opt.Location + "/AWSLogs/${accid}/vpcflowlogs/${aws_region}/${day}"})
	}
	for i, p := range props {
		sep := ","
		if i == len(props)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "  '%s' = '%s'%s\n", p[0], p[1], sep)
	}
	b.WriteString(");\n")
}

// athenaPortProtocols have ports whose client side the aggregation collapses
// (the Key's rule: the higher port, when it is at least 1024 and the
// other is lower).
const athenaPortProtocols = "6, 17, 132"

func writeQuery(b *strings.Builder, opt AthenaOptions) {
	col := func(field, typ string) string {
		if opt.Format.Has(field) {
			return athenaColumn(field)
		}
		return fmt.Sprintf("CAST(NULL AS %s)", typ)
	}
	collapse := "protocol IN (" + athenaPortProtocols + ") AND srcport <> dstport AND greatest(srcport, dstport) >= 1024"
	fmt.Fprintf(b, "WITH records AS (\n  SELECT\n    interface_id AS interface,\n    %s AS direction,\n    action,\n    protocol,\n    srcaddr AS src,\n    dstaddr AS dst,\n", col("flow-direction", "varchar"))
	fmt.Fprintf(b, "    CASE WHEN %s AND srcport > dstport THEN -1 ELSE srcport END AS src_port,\n", collapse)
	fmt.Fprintf(b, "    CASE WHEN %s AND dstport > srcport THEN -1 ELSE dstport END AS dst_port,\n", collapse)
	fmt.Fprintf(b, "    CASE WHEN %s THEN greatest(srcport, dstport) END AS client_port,\n", collapse)
	b.WriteString("    packets, bytes, start, \"end\",\n")
	for _, f := range []string{"account-id", "vpc-id", "subnet-id", "instance-id"} {
		fmt.Fprintf(b, "    %s AS %s,\n", col(f, "varchar"), athenaColumn(f))
	}
	fmt.Fprintf(b, "    %s AS tcp_flags\n  FROM \"%s\"\n  WHERE log_status = 'OK'%s\n)\nSELECT\n", col("tcp-flags", "integer"), opt.Table, opt.window())
	var keys []string
	for i, c := range aggColumns {
		sep := ","
		if i == len(aggColumns)-1 {
			sep = ""
		}
		if c.agg == "" {
			keys = append(keys, c.name)
			fmt.Fprintf(b, "  %s%s\n", c.name, sep)
		} else {
			fmt.Fprintf(b, "  %s AS %s%s\n", c.agg, c.name, sep)
		}
	}
	fmt.Fprintf(b, "FROM records\nGROUP BY %s\nORDER BY %s;\n", strings.Join(keys, ", "), strings.Join(keys, ", "))
}

// window is the query's WHERE on the capture window and the days it
// covers (partition pruning: projection evaluates the predicate on the
// projected partition values).
func (opt AthenaOptions) window() string {
	var w []string
	day := "day"
	if opt.HiveCompatible {
		day = "concat(year, '/', month, '/', day)"
	}
	if opt.Since > 0 {
		w = append(w, fmt.Sprintf("%s >= '%s'", day, time.Unix(opt.Since, 0).UTC().Format("2006/01/02")), fmt.Sprintf("\"end\" >= %d", opt.Since))
	}
	if opt.Until > 0 {
		w = append(w, fmt.Sprintf("%s <= '%s'", day, time.Unix(opt.Until, 0).UTC().Format("2006/01/02")), fmt.Sprintf("start < %d", opt.Until))
	}
	if len(w) == 0 {
		return ""
	}
	return "\n    AND " + strings.Join(w, "\n    AND ")
}

// ReadAggregated reads the aggregation query's result as Athena writes it
// (CSV, a header row, every value quoted, an empty value for null) into a
// Summary. A bad row is an error that names the input and line, and so
// is a row longer than maxLine bytes, before it is buffered whole.
func ReadAggregated(r io.Reader, name string) (*Summary, error) {
	bound := &rowBound{r: r, line: 1, start: 1}
	cr := csv.NewReader(bound)
	header, err := cr.Read()
	if bound.err != nil {
		return nil, fmt.Errorf("%s:%w", name, bound.err)
	}
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty: want the header %s", name, strings.Join(AggregatedColumns(), ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	order, err := headerOrder(header)
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w", name, err)
	}
	s := &Summary{Inputs: []string{name}}
	seen := map[Key]int{}
	for {
		row, err := cr.Read()
		if bound.err != nil {
			return nil, fmt.Errorf("%s:%w", name, bound.err)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		g := Group{ClientPorts: [2]int{-1, -1}, TCPFlags: -1, Sample: Position{File: name, Line: line}}
		for i, v := range row {
			c := aggColumns[order[i]]
			if err := c.set(&g, v); err != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %q: %w", name, line, c.name, v, err)
			}
		}
		if prev, dup := seen[g.Key]; dup {
			return nil, fmt.Errorf("%s:%d: the same group as line %d: not an aggregation result", name, line, prev)
		}
		seen[g.Key] = line
		addAggregated(s, g)
	}
	slices.SortFunc(s.Groups, func(a, b Group) int { return compareKey(&a.Key, &b.Key) })
	return s, nil
}

// rowBound passes a CSV stream through until a row (a quoted value may
// span lines) grows past maxLine bytes; from then on it fails, and err
// says at which line the row starts. encoding/csv has no bound of its own.
type rowBound struct {
	r           io.Reader
	line, start int // the current line, and the line the current row starts on
	n           int // bytes of the current row so far
	quoted      bool
	err         error
}

func (b *rowBound) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	for i, c := range p[:n] {
		b.n++
		switch c {
		case '"': // "" inside a quoted value toggles twice
			b.quoted = !b.quoted
		case '\n':
			b.line++
			if !b.quoted {
				b.n, b.start = 0, b.line
			}
		}
		if b.n > maxLine {
			b.err = fmt.Errorf("%d: row longer than %d bytes", b.start, maxLine)
			return i, b.err
		}
	}
	return n, err
}

// headerOrder maps each CSV column to its aggColumns index: every column
// once, in any order.
func headerOrder(header []string) ([]int, error) {
	want := AggregatedColumns()
	order := make([]int, len(header))
	found := make([]bool, len(want))
	for i, h := range header {
		j := slices.Index(want, strings.ToLower(strings.TrimSpace(h)))
		if j < 0 || found[j] {
			return nil, fmt.Errorf("header column %q: want the columns %s", h, strings.Join(want, ","))
		}
		order[i], found[j] = j, true
	}
	if k := slices.Index(found, false); k >= 0 {
		return nil, fmt.Errorf("header lacks column %s (want %s)", want[k], strings.Join(want, ","))
	}
	return order, nil
}

// addAggregated counts a group into the summary's totals.
func addAggregated(s *Summary, g Group) {
	s.Groups = append(s.Groups, g)
	s.Records += g.Records
	if g.First > 0 && (s.First == 0 || g.First < s.First) {
		s.First = g.First
	}
	s.Last = max(s.Last, g.Last)
}

func aggRequired(v string) error {
	if v == "" {
		return errors.New("empty")
	}
	return nil
}

func aggDirection(g *Group, v string) error {
	switch d := Direction(v); d {
	case Ingress, Egress, DirectionUnknown:
		g.Direction = d
		return nil
	}
	return errors.New("want ingress, egress or empty")
}

func aggAction(g *Group, v string) error {
	if a := Action(v); a == Accept || a == Reject {
		g.Action = a
		return nil
	}
	return errors.New("want ACCEPT or REJECT")
}

func aggAddr(dst *netip.Addr, v string) error {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return errors.New("not an IP address")
	}
	*dst = a
	return nil
}

func aggInt(dst *int, v string, lo, hi int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return fmt.Errorf("want an integer %d-%d", lo, hi)
	}
	*dst = n
	return nil
}

// aggOptInt leaves the -1 of "absent" for an empty (null) value.
func aggOptInt(dst *int, v string, lo, hi int) error {
	if v == "" {
		return nil
	}
	return aggInt(dst, v, lo, hi)
}

func aggInt64(dst *int64, v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a non-negative integer")
	}
	*dst = n
	return nil
}
