package flowlogs

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// Read summarises flow-log inputs: files, directories (every file below,
// in lexical order) and "-" for stdin, each plain or gzip (by content,
// not name), holding text records, a CloudWatch Logs export or Parquet.
// format is the records' format where the input does not say
// (CloudWatch exports, text without a header line); nil means
// DefaultFormat. A header line, or a Parquet schema, takes precedence.
//
// The error is for not being able to start: bad options, a path that does
// not exist. An input that fails part way is reported in Summary.Errors
// and the others are read; a malformed record is counted, never an error.
func Read(ctx context.Context, inputs []string, stdin io.Reader, format *Format, opt Options) (*Summary, error) {
	files, walkErrs, err := expand(inputs)
	if err != nil {
		return nil, err
	}
	s, err := run(ctx, format, opt, func(read func(name string, r io.Reader, file *os.File, f *Format) error) error {
		for _, name := range files {
			if name == "-" {
				_ = read(name, stdin, nil, nil)
				continue
			}
			f, err := os.Open(name)
			if err != nil {
				_ = read(name, errReader{err}, nil, nil)
				continue
			}
			_ = read(name, f, f, nil)
			_ = f.Close() // read-only: a failed close loses nothing

		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Inputs = files
	s.Errors = slices.Concat(walkErrs, s.Errors)
	return s, nil
}

// Source opens streams of records one after the other and hands each to
// visit, in order (the live CloudWatch Logs and S3 fetchers); name
// identifies a stream in positions and errors, and format, when not nil,
// is its records' format where the stream does not say.
type Source func(visit func(name string, r io.Reader, format *Format) error) error

// ReadSource summarises the streams src opens, as Read does for files:
// each may be plain or gzip text, a CloudWatch export or Parquet. A stream
// that fails part way, and an error of src itself (reported under name),
// go in Summary.Errors; what was read before stays.
func ReadSource(ctx context.Context, name string, src Source, format *Format, opt Options) (*Summary, error) {
	var inputs []string
	var srcErr error
	s, err := run(ctx, format, opt, func(read func(name string, r io.Reader, file *os.File, f *Format) error) error {
		srcErr = src(func(stream string, r io.Reader, f *Format) error {
			inputs = append(inputs, stream)
			_ = read(stream, r, nil, f)
			return ctx.Err()
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Inputs = inputs
	if srcErr != nil {
		s.Errors = append(s.Errors, InputError{Input: name, Error: srcErr.Error()})
	}
	return s, nil
}

// errReader stands for an input that could not be opened.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// run drives the pipeline over the inputs feed hands to read, in order,
// and folds the workers' aggregations into one summary.
func run(ctx context.Context, format *Format, opt Options, feed func(read func(name string, r io.Reader, file *os.File, f *Format) error) error) (*Summary, error) {
	if _, err := NewAggregator(opt); err != nil {
		return nil, err
	}
	if format == nil {
		format = DefaultFormat
	}
	p := newPipeline(ctx, opt)
	var readErrs []InputError
	var seq uint64
	go func() {
		defer p.close()
		_ = feed(func(name string, r io.Reader, file *os.File, f *Format) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			seq++
			err := p.readInput(name, seq, r, file, cmp.Or(f, format))
			if err != nil && ctx.Err() == nil {
				readErrs = append(readErrs, InputError{Input: name, Error: err.Error()})
			}
			return err
		})
	}()
	p.wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The first worker's groups are the total's: merging them into an
	// empty aggregation would rebuild every group once more.
	agg := p.workers[0].agg
	for _, w := range p.workers[1:] {
		agg.merge(w.agg)
	}
	agg.merge(p.own)
	s := agg.Summary()
	s.Errors = readErrs
	return s, nil
}

// expand lists the files to read: a directory becomes every file below
// it, sorted. A path that does not exist is an error; a directory that
// cannot be listed is reported and the rest read.
func expand(inputs []string) ([]string, []InputError, error) {
	var files []string
	var errs []InputError
	for _, in := range inputs {
		if in == "-" {
			files = append(files, in)
			continue
		}
		st, err := os.Stat(in)
		if err != nil {
			return nil, nil, fmt.Errorf("flow logs: %w", err)
		}
		if !st.IsDir() {
			files = append(files, in)
			continue
		}
		// WalkDir visits entries in lexical order.
		_ = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				errs = append(errs, InputError{Input: path, Error: err.Error()})
			case !d.IsDir():
				files = append(files, path)
			}
			return nil
		})
	}
	return files, errs, nil
}

// ordOf orders positions across inputs and workers: input, then line.
func ordOf(seq uint64, line int) uint64 {
	return seq<<40 | uint64(line&(1<<40-1))
}

// chunk is a run of consecutive lines of one input, each ending in '\n',
// handed from the reading goroutine to a parsing worker.
type chunk struct {
	data   []byte
	file   string
	seq    uint64 // which input, for ordering samples across workers
	line   int    // number of the first line
	next   int    // number of the line after the last
	format *Format
}

const (
	chunkSize = 256 << 10
	// maxLine bounds a line: a longer one is malformed, never buffered whole.
	maxLine = 64 << 10
	// maxText bounds the verbatim text kept of a malformed record.
	maxText = 1024
)

// pipeline inflates and splits on one goroutine (gzip is serial) and
// parses on the others, each worker aggregating on its own; buffers
// circulate through free, so memory does not grow with input size.
type pipeline struct {
	ctx     context.Context
	work    chan *chunk
	free    chan *chunk
	workers []*worker
	own     *Aggregator // what the reading side finds malformed (too-long lines)
	wg      sync.WaitGroup
	cur     *chunk
}

type worker struct {
	agg   *Aggregator
	in    interner
	recs  [batchSize]Record
	lines [batchSize]int
}

func newPipeline(ctx context.Context, opt Options) *pipeline {
	// One core inflates; the rest parse. Every worker aggregates all the
	// groups it sees, so more workers than cores would only add merging.
	n := max(runtime.GOMAXPROCS(0)-1, 1)
	p := &pipeline{ctx: ctx, work: make(chan *chunk, n), free: make(chan *chunk, 2*n+2)}
	p.own, _ = NewAggregator(opt)
	for range cap(p.free) {
		p.free <- &chunk{data: make([]byte, 0, chunkSize)}
	}
	for range n {
		w := &worker{in: make(interner)}
		w.agg, _ = NewAggregator(opt)
		p.workers = append(p.workers, w)
		p.wg.Go(func() {
			for c := range p.work {
				if ctx.Err() == nil {
					w.parse(c)
				}
				p.free <- c
			}
		})
	}
	return p
}

func (p *pipeline) close() {
	p.flush()
	close(p.work)
}

func (p *pipeline) wait() { p.wg.Wait() }

// emit appends line (without its newline), numbered lineNo, of input
// file/seq in format f to the current chunk.
func (p *pipeline) emit(file string, seq uint64, lineNo int, f *Format, line []byte) error {
	c := p.cur
	if c != nil && (c.seq != seq || c.format != f || c.next != lineNo || len(c.data)+len(line)+1 > cap(c.data)) {
		p.flush()
		c = nil
	}
	if c == nil {
		select {
		case c = <-p.free:
		case <-p.ctx.Done():
			return p.ctx.Err()
		}
		c.data, c.file, c.seq, c.line, c.format = c.data[:0], file, seq, lineNo, f
		p.cur = c
	}
	c.data = append(c.data, line...)
	c.data = append(c.data, '\n')
	c.next = lineNo + 1
	return nil
}

func (p *pipeline) flush() {
	if p.cur != nil {
		p.work <- p.cur
		p.cur = nil
	}
}

func (w *worker) parse(c *chunk) {
	data, line, n := c.data, c.line, 0
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		l := bytes.TrimRight(data[:i], " \r\t")
		data = data[i+1:]
		if len(l) > 0 {
			if err := parseRecord(c.format, l, &w.recs[n], w.in); err != nil {
				w.agg.malformedLine(Position{File: c.file, Line: line}, ordOf(c.seq, line), l, err.Error())
			} else {
				w.lines[n] = line
				if n++; n == batchSize {
					w.agg.addBatch(w.recs[:n], w.lines[:n], c.file, c.seq)
					n = 0
				}
			}
		}
		line++
	}
	w.agg.addBatch(w.recs[:n], w.lines[:n], c.file, c.seq)
}

// malformedLine counts a malformed line, copying its text only if kept.
func (a *Aggregator) malformedLine(pos Position, ord uint64, text []byte, reason string) {
	a.s.Records++
	a.s.MalformedCount++
	if !a.wouldKeep(ord) {
		return
	}
	if len(text) > maxText {
		text = text[:maxText]
	}
	a.keepMalformed(Malformed{Position: pos, Text: string(text), Reason: reason}, ord)
}

// readInput reads one input, whatever its encoding.
func (p *pipeline) readInput(name string, seq uint64, r io.Reader, file *os.File, format *Format) error {
	if r == nil {
		return errors.New("no standard input")
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br, file = bufio.NewReaderSize(zr, 64<<10), nil
	}
	switch sniff(br) {
	case kindParquet:
		return p.readParquet(name, seq, br, file)
	case kindJSON:
		return p.readCloudWatch(name, seq, br, format)
	default:
		return p.readText(name, seq, br, format)
	}
}

type inputKind int

const (
	kindText inputKind = iota
	kindJSON
	kindParquet
)

// sniff tells the content by its first bytes: Parquet's magic, a JSON
// object (a CloudWatch Logs export), or text records.
func sniff(br *bufio.Reader) inputKind {
	head, _ := br.Peek(512)
	if bytes.HasPrefix(head, []byte("PAR1")) {
		return kindParquet
	}
	if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return kindJSON
	}
	return kindText
}

// readText reads text records, one a line. A header line (S3 delivery
// starts every file with one; concatenated files repeat it) sets the
// format of the lines after it.
func (p *pipeline) readText(name string, seq uint64, br *bufio.Reader, format *Format) error {
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if err := p.longLine(name, seq, lineNo, line, br); err != nil {
				return err
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		line = bytes.TrimRight(line, "\n")
		if h := maybeHeader(line); h != nil {
			format = h
		} else if len(line) > 0 {
			if err := p.emit(name, seq, lineNo, format, line); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) { // the last line, perhaps without its newline
			return nil
		}
	}
}

// maybeHeader is headerFormat behind a cheap test, for every line: the
// first word must be a documented field name.
func maybeHeader(line []byte) *Format {
	if len(line) == 0 || line[0] < 'a' || line[0] > 'z' {
		return nil
	}
	first, _, _ := bytes.Cut(line, []byte{' '})
	if _, ok := fieldByName[string(first)]; !ok {
		return nil
	}
	return headerFormat(line)
}

// longLine reports a line longer than the reader's buffer as malformed
// and skips the rest of it.
func (p *pipeline) longLine(name string, seq uint64, lineNo int, head []byte, br *bufio.Reader) error {
	p.own.malformedLine(Position{File: name, Line: lineNo}, ordOf(seq, lineNo), head,
		fmt.Sprintf("line longer than %d bytes", maxLine))
	for {
		_, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			return nil
		default:
			return err
		}
	}
}
