package flowlogs

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// flowGen produces realistic default-format records: a few hundred
// interfaces, each talking to a fixed set of peers on common server
// ports, clients on random ephemeral ports, 10% rejected, time moving
// forward. The population of flows is fixed, so the number of groups
// saturates while records keep coming.
type flowGen struct {
	rng *rand.Rand
	n   int // records left
	t   int64
	buf []byte
}

const (
	genInterfaces = 300
	genPeers      = 20
)

var genPorts = []int{22, 80, 443, 3306, 5432, 6379, 8080, 53, 123, 3389}

func newFlowGen(n int) *flowGen {
	return &flowGen{rng: rand.New(rand.NewPCG(1, 2)), n: n, t: 1_700_000_000}
}

func (g *flowGen) record(dst []byte) []byte {
	r := g.rng
	iface := r.IntN(genInterfaces)
	peer := r.IntN(genPeers)
	port := genPorts[r.IntN(len(genPorts))]
	proto := 6
	switch port {
	case 53, 123:
		proto = 17
	}
	if r.IntN(50) == 0 {
		proto, port = 1, 0
	}
	local := fmt.Appendf(nil, "10.%d.%d.%d", iface/250, iface%250, 10)
	remote := fmt.Appendf(nil, "172.16.%d.%d", peer, iface%7+1)
	eph := 32768 + r.IntN(28232)
	action := "ACCEPT"
	if r.IntN(10) == 0 {
		action = "REJECT"
	}
	src, dst2, sp, dp := remote, local, eph, port
	if r.IntN(2) == 0 { // the reply direction
		src, dst2, sp, dp = local, remote, port, eph
	}
	if proto == 1 {
		sp, dp = 0, 0
	}
	if r.IntN(1000) == 0 {
		g.t++
	}
	pk := 1 + r.IntN(200)
	dst = append(dst, "2 123456789012 eni-0a1b2c3d"...)
	dst = strconv.AppendInt(dst, int64(100000000+iface), 10)
	dst = append(dst, ' ')
	dst = append(dst, src...)
	dst = append(dst, ' ')
	dst = append(dst, dst2...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(sp), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(dp), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(proto), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(pk), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(pk*(60+r.IntN(1400))), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, g.t, 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, g.t+int64(r.IntN(60)), 10)
	dst = append(dst, ' ')
	dst = append(dst, action...)
	return append(dst, " OK\n"...)
}

// Read makes the generator an io.Reader of n records (with the header
// line S3 writes first), so record counts beyond what fits on disk can
// be read.
func (g *flowGen) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.n > 0 {
		if len(g.buf) == 0 && g.t == 1_700_000_000 && g.n > 0 {
			g.buf = append(g.buf, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"...)
		}
		g.buf = g.record(g.buf)
		g.n--
		if g.n == 0 {
			break
		}
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

var benchFiles sync.Map

// benchGzip returns a gzip file of benchRecords generated records,
// written once per run (to the test binary's temporary directory) and
// shared by the benchmarks that compare against zcat.
func benchGzip(b *testing.B) string {
	b.Helper()
	n := benchRecords
	if p, ok := benchFiles.Load(n); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", "vpclint-flowlogs-bench-") //nolint:usetesting // shared by benchmarks, removed in TestMain
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, fmt.Sprintf("flows-%d.log.gz", n))
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	zw := gzip.NewWriter(f) // default level, as S3 delivery writes
	bw := bufio.NewWriterSize(zw, 1<<20)
	if _, err := io.Copy(bw, newFlowGen(n)); err != nil {
		b.Fatal(err)
	}
	for _, c := range []io.Closer{closerFunc(bw.Flush), zw, f} {
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
	benchFiles.Store(n, p)
	return p
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

func TestMain(m *testing.M) {
	code := m.Run()
	benchFiles.Range(func(_, p any) bool {
		_ = os.RemoveAll(filepath.Dir(p.(string)))
		return true
	})
	os.Exit(code)
}

const benchRecords = 2_000_000

func readOnce(b *testing.B, inputs []string, stdin io.Reader) *Summary {
	b.Helper()
	s, err := Read(context.Background(), inputs, stdin, nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkReadGzip summarises a 2-million-record gzip file.
func BenchmarkReadGzip(b *testing.B) {
	p := benchGzip(b)
	b.ResetTimer()
	for b.Loop() {
		s := readOnce(b, []string{p}, nil)
		if s.Records != benchRecords || s.MalformedCount != 0 {
			b.Fatalf("records %d malformed %v", s.Records, s.Malformed)
		}
	}
}

// BenchmarkZcatWcL is the baseline: `zcat FILE | wc -l` on the same file.
func BenchmarkZcatWcL(b *testing.B) {
	p := benchGzip(b)
	b.ResetTimer()
	for b.Loop() {
		zcatWcL(b, p)
	}
}

func zcatWcL(b *testing.B, p string) {
	b.Helper()
	out, err := exec.CommandContext(context.Background(), "sh", "-c", `zcat "$1" | wc -l`, "sh", p).Output()
	if err != nil {
		b.Fatal(err)
	}
	if n, _ := strconv.Atoi(string(out[:len(out)-1])); n != benchRecords+1 {
		b.Fatalf("zcat | wc -l = %q", out)
	}
}

// BenchmarkReadGzipVsZcat alternates the two on the same file, so both
// see the same machine load, and reports the median of each and the
// ratio of the medians (the target is at most 2).
func BenchmarkReadGzipVsZcat(b *testing.B) {
	p := benchGzip(b)
	var zs, rs []float64
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		zcatWcL(b, p)
		t1 := time.Now()
		readOnce(b, []string{p}, nil)
		zs = append(zs, t1.Sub(t0).Seconds())
		rs = append(rs, time.Since(t1).Seconds())
	}
	z, r := median(zs), median(rs)
	b.ReportMetric(z*1000, "zcat-wc-ms")
	b.ReportMetric(r*1000, "read-ms")
	b.ReportMetric(r/z, "ratio")
}

func median(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}

// BenchmarkReadMemory reads 1M and 10M generated records from a stream
// (no file: the records are made as they are read) and reports the peak
// heap in use while reading, and the number of groups: both stay flat
// while records grow tenfold.
func BenchmarkReadMemory(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("records=%dM", n/1_000_000), func(b *testing.B) {
			var peak uint64
			var groups int
			for b.Loop() {
				runtime.GC()
				stop := make(chan struct{})
				done := make(chan uint64)
				go func() {
					var ms runtime.MemStats
					var hi uint64
					for {
						runtime.ReadMemStats(&ms)
						hi = max(hi, ms.HeapInuse)
						select {
						case <-stop:
							done <- hi
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
				s := readOnce(b, []string{"-"}, newFlowGen(n))
				close(stop)
				peak = max(peak, <-done)
				groups = len(s.Groups)
				if s.Records != int64(n) {
					b.Fatalf("records %d", s.Records)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(groups), "groups")
		})
	}
}

// BenchmarkReadParquet summarises a Parquet file of 1M records in the
// columns S3 delivery writes.
func BenchmarkReadParquet(b *testing.B) {
	const n = 1_000_000
	p := filepath.Join(b.TempDir(), "flows.parquet")
	g := newFlowGen(n)
	rows := make([]awsParquetRow, 0, n)
	var r Record
	for range n {
		line := g.record(nil)
		if err := DefaultFormat.ParseRecord(line[:len(line)-1], &r); err != nil {
			b.Fatal(err)
		}
		rows = append(rows, awsParquetRow{
			Version: 2, AccountID: r.AccountID, InterfaceID: r.InterfaceID,
			SrcAddr: new(r.SrcAddr.String()), DstAddr: new(r.DstAddr.String()),
			SrcPort: new(int32(r.SrcPort)), DstPort: new(int32(r.DstPort)), Protocol: new(int32(r.Protocol)),
			Packets: new(r.Packets), Bytes: new(r.Bytes), Start: r.Start, End: r.End,
			Action: new(string(r.Action)), LogStatus: "OK",
		})
	}
	writeParquet(b, p, rows)
	b.ResetTimer()
	for b.Loop() {
		if s := readOnce(b, []string{p}, nil); s.Records != n {
			b.Fatalf("records %d", s.Records)
		}
	}
}
