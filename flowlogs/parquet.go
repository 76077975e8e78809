package flowlogs

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// readParquet reads S3 delivery's Parquet output: columns named like the
// fields with underscores (account_id), typed INT_32, INT_64 or STRING,
// null for absent. Row groups are read in batches and each row is written
// as a text record in the format the columns spell, so Parquet and text
// go through one parser. Parquet needs random access: a file is read in
// place, stdin or a gzip stream is spooled to a temporary file first.
func (p *pipeline) readParquet(name string, seq uint64, br *bufio.Reader, file *os.File) error {
	ra, size, cleanup, err := seekable(br, file)
	if err != nil {
		return err
	}
	defer cleanup()
	pf, err := parquet.OpenFile(ra, size)
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	format, slot := parquetFormat(pf.Schema())
	if format == nil {
		return errors.New("parquet: no flow log columns")
	}
	rows := make([]parquet.Row, 512)
	vals := make([]pqVal, len(format.names))
	var line []byte
	rowNo := 0
	for _, rg := range pf.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(rows)
			for _, row := range rows[:n] {
				rowNo++
				line = parquetLine(line[:0], row, slot, vals)
				if e := p.emit(name, seq, rowNo, format, line); e != nil {
					_ = rr.Close()
					return e
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				_ = rr.Close()
				return fmt.Errorf("parquet: row %d: %w", rowNo+1, err)
			}
		}
		if err := rr.Close(); err != nil {
			return fmt.Errorf("parquet: %w", err)
		}
	}
	return nil
}

func seekable(br *bufio.Reader, file *os.File) (io.ReaderAt, int64, func(), error) {
	if file != nil {
		st, err := file.Stat()
		if err != nil {
			return nil, 0, nil, err
		}
		return file, st.Size(), func() {}, nil
	}
	tmp, err := os.CreateTemp("", "vpclint-flows-*.parquet")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}
	size, err := io.Copy(tmp, br)
	if err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("parquet: spooling: %w", err)
	}
	return tmp, size, cleanup, nil
}

// parquetFormat is the format of the schema's top-level columns that are
// documented fields; slot maps each leaf column to its place in the
// format, -1 for columns left out (unknown or nested).
func parquetFormat(s *parquet.Schema) (*Format, []int) {
	var names []string
	var slot []int
	for _, f := range s.Fields() {
		if !f.Leaf() {
			for range leaves(f) {
				slot = append(slot, -1)
			}
			continue
		}
		name := strings.ReplaceAll(f.Name(), "_", "-")
		if _, ok := fieldByName[name]; !ok || fieldByName[name] == fIgnored {
			slot = append(slot, -1)
			continue
		}
		slot = append(slot, len(names))
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, nil
	}
	f, err := ParseFormat(strings.Join(names, " "))
	if err != nil {
		return nil, nil // duplicate columns after renaming: not a flow log
	}
	return f, slot
}

func leaves(n parquet.Node) int {
	if n.Leaf() {
		return 1
	}
	c := 0
	for _, f := range n.Fields() {
		c += leaves(f)
	}
	return c
}

// pqVal is one value of a row on its way to text: null, an integer, or
// bytes (kept as a reference into the page, used before the next read).
type pqVal struct {
	null, isInt bool
	n           int64
	b           []byte
}

// parquetLine writes row as a text record: values in format order,
// nulls (and empty strings, which say no more) as "-".
func parquetLine(dst []byte, row parquet.Row, slot []int, vals []pqVal) []byte {
	for i := range vals {
		vals[i] = pqVal{null: true}
	}
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(slot) || slot[c] < 0 || v.IsNull() {
			continue
		}
		pv := &vals[slot[c]]
		switch v.Kind() {
		case parquet.Int32:
			*pv = pqVal{isInt: true, n: int64(v.Int32())}
		case parquet.Int64:
			*pv = pqVal{isInt: true, n: v.Int64()}
		case parquet.ByteArray, parquet.FixedLenByteArray:
			*pv = pqVal{b: v.ByteArray(), null: len(v.ByteArray()) == 0}
		default:
			*pv = pqVal{b: []byte(v.String())}
		}
	}
	for i, v := range vals {
		if i > 0 {
			dst = append(dst, ' ')
		}
		switch {
		case v.null:
			dst = append(dst, '-')
		case v.isInt:
			dst = strconv.AppendInt(dst, v.n, 10)
		default:
			dst = append(dst, v.b...)
		}
	}
	return dst
}
