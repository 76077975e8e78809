package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// maxSnapshotBytes bounds what Load reads, so a wrong path (a disk image,
// /dev/zero) fails fast instead of exhausting memory.
const maxSnapshotBytes = 4 << 30

// Load reads, validates and normalises a snapshot file. Errors are *Error
// values naming the file, line and JSON path.
func Load(path string) (*Snapshot, error) {
	data, tooLarge, err := ReadFile(path, maxSnapshotBytes)
	if err != nil {
		return nil, fmt.Errorf("load snapshot %s: %w", path, err)
	}
	if tooLarge {
		return nil, &Error{File: path, Msg: "file is larger than 4 GiB; not a snapshot"}
	}
	return Decode(data, path)
}

// ReadFile reads a file of at most limit bytes; tooLarge reports a bigger
// one after reading just past the limit, so a wrong path (a disk image,
// /dev/zero) fails fast instead of exhausting memory.
func ReadFile(path string, limit int) (data []byte, tooLarge bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, false, err
	}
	return data, len(data) > limit, nil
}

// Decode parses and normalises snapshot JSON; name is used in errors and
// recorded as the snapshot's Path.
func Decode(data []byte, name string) (*Snapshot, error) {
	// The byte scans behind the entity line index need only the bytes:
	// run them on the other core while encoding/json decodes.
	scan := make(chan lineScan, 1)
	go func() {
		d, dup := findDuplicateKey(data)
		scan <- lineScan{elementStarts(data), newlineOffsets(data), d, dup}
	}()
	s, ok := decodeParallel(data)
	if !ok {
		s = &Snapshot{}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(s); err != nil {
			return nil, decodeError(data, name, err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			line, col := lineCol(data, int(dec.InputOffset()))
			return nil, &Error{File: name, Line: line, Column: col, Msg: "unexpected data after the snapshot object"}
		}
	}
	sc := <-scan
	if sc.dup {
		return nil, duplicateKeyError(data, name, sc.dupKey)
	}
	s.Path = name
	s.lines = entityLines(sc, s)
	s.Diagnostics = s.policyDiagnostics(data, name)
	if err := s.Normalize(); err != nil {
		return nil, locate(data, name, err)
	}
	return s, nil
}

// decodeError turns an encoding/json error into a located *Error. Syntax
// errors carry an offset; type and unknown-field errors are located by
// validating against the JSON Schema, which names the exact JSON path.
func decodeError(data []byte, name string, err error) error {
	if syn, ok := errors.AsType[*json.SyntaxError](err); ok {
		line, col := lineCol(data, int(syn.Offset)-1) // Offset is just past the offending byte
		return &Error{File: name, Line: line, Column: col, Msg: "invalid JSON: " + syn.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := lineCol(data, len(data))
		return &Error{File: name, Line: line, Column: col, Msg: "invalid JSON: unexpected end of input"}
	}
	if verr := validateSchema(data); verr != nil {
		return locate(data, name, verr)
	}
	if typ, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		line, col := lineCol(data, int(typ.Offset))
		return &Error{File: name, Line: line, Column: col, Path: typ.Field, Msg: fmt.Sprintf("got JSON %s, want %s", typ.Value, typ.Type)}
	}
	return &Error{File: name, Msg: err.Error()}
}

// locate fills in file, line and column of an *Error from its JSON path.
func locate(data []byte, name string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return fmt.Errorf("%s: %w", name, err)
	}
	e.File = name
	if off, ok := offsetOf(data, splitPath(e.Path)); ok {
		e.Line, e.Column = lineCol(data, off)
	}
	return e
}

// splitPath turns "a[3].b" into ["a","3","b"].
func splitPath(p string) []string {
	p = strings.NewReplacer("[", ".", "]", "").Replace(p)
	var out []string
	for s := range strings.SplitSeq(p, ".") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// offsetOf walks the JSON to the value at path and returns where it
// starts. Used only on error paths, so it favours simplicity.
func offsetOf(data []byte, path []string) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	for _, step := range path {
		tok, err := dec.Token()
		if err != nil {
			return 0, false
		}
		switch tok {
		case json.Delim('{'):
			if !seekKey(dec, step) {
				return 0, false
			}
		case json.Delim('['):
			n, err := strconv.Atoi(step)
			if err != nil || !skipValues(dec, n) {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	return skipSpace(data, int(dec.InputOffset())), true
}

func skipSpace(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off
}

func seekKey(dec *json.Decoder, key string) bool {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if k, _ := tok.(string); k == key {
			return true
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

func skipValues(dec *json.Decoder, n int) bool {
	for range n {
		if !dec.More() {
			return false
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return dec.More()
}

// Line returns the 1-based line where the entity with this id starts in
// the file the snapshot was loaded from, or 0 when unknown. collection is
// the JSON name of the list ("security_groups").
func (s *Snapshot) Line(collection, id string) int {
	return s.lines[collection+"/"+id]
}

// lineScan is what entityLines needs from the bytes: where each element
// of each top-level list starts, and where the lines end.
type lineScan struct {
	starts map[string][]int
	nl     []int
	// dupKey is the first key given twice in one object, when dup.
	dupKey dupKey
	dup    bool
}

// entityLines records the line where each element of each top-level list
// starts, keyed by collection and entity id.
func entityLines(sc lineScan, s *Snapshot) map[string]int {
	ids := s.idsByCollection()
	nl := sc.nl
	out := make(map[string]int)
	for coll, offs := range sc.starts {
		list := ids[coll]
		for i, off := range offs {
			if i < len(list) && list[i] != "" {
				out[coll+"/"+list[i]] = 1 + sort.SearchInts(nl, off)
			}
		}
	}
	return out
}

func newlineOffsets(data []byte) []int {
	var nl []int
	for i, b := range data {
		if b == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// elementStarts returns, per top-level key whose value is an array, the
// offset of each array element.
func elementStarts(data []byte) map[string][]int {
	out := map[string][]int{}
	eachMember(data, 0, func(key []byte, start, _ int) bool {
		if data[start] == '[' {
			k := decodeKey(key)
			eachElement(data, start, func(at int) { out[k] = append(out[k], at) })
		}
		return true
	})
	return out
}

// Save writes the snapshot as indented JSON.
func (s *Snapshot) Save(path string) error {
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		return fmt.Errorf("save snapshot %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil { //nolint:gosec // a snapshot is not a secret and is meant to be shared
		return fmt.Errorf("save snapshot %s: %w", path, err)
	}
	return nil
}

// Encode writes the snapshot as indented JSON.
func (s *Snapshot) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}
