package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// decodeSerial is the one-core decoder the fast path must agree with.
func decodeSerial(data []byte) (*Snapshot, error) {
	s := &Snapshot{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(s); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data")
	}
	return s, nil
}

// TestDecodeParallelAgrees: on every example and test snapshot the
// parallel path is taken and decodes exactly what the serial one does.
func TestDecodeParallelAgrees(t *testing.T) {
	paths, err := filepath.Glob("../examples/*/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, "testdata/basic.json")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decodeParallel(data)
		if !ok {
			t.Fatalf("%s: the parallel path declined a valid snapshot", p)
		}
		want, err := decodeSerial(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: parallel and serial decodes differ", p)
		}
	}
}

// TestDecodeParallelDeclines: whatever the serial decoder must judge goes
// back to it, and Decode still gives its located error.
func TestDecodeParallelDeclines(t *testing.T) {
	for name, doc := range map[string]string{
		"duplicate key":    `{"schema":"vpclint.snapshot/v1","vpcs":[],"vpcs":[{"id":"v"}]}`,
		"unknown key":      `{"schema":"vpclint.snapshot/v1","vpcz":[]}`,
		"other case":       `{"schema":"vpclint.snapshot/v1","VPCs":[]}`,
		"escaped key":      `{"schema":"vpclint.snapshot/v1","vp\u0063s":[]}`,
		"trailing data":    `{"schema":"vpclint.snapshot/v1"} {}`,
		"unknown field":    `{"schema":"vpclint.snapshot/v1","vpcs":[{"id":"v","cidr":"10.0.0.0/16"}]}`,
		"wrong type":       `{"schema":"vpclint.snapshot/v1","vpcs":{"id":"v"}}`,
		"not an object":    `["vpcs"]`,
		"unfinished":       `{"schema":"vpclint.snapshot/v1","vpcs":[{"id":"v"}`,
		"missing colon":    `{"schema" "vpclint.snapshot/v1"}`,
		"bad scalar":       `{"schema":vpclint}`,
		"json path hidden": `{"schema":"vpclint.snapshot/v1","path":"x"}`,
	} {
		if _, ok := decodeParallel([]byte(doc)); ok {
			t.Errorf("%s: the parallel path accepted %s", name, doc)
		}
	}
	// The serial path judges "other case" as encoding/json does: keys
	// match case-insensitively.
	if _, err := Decode([]byte(`{"schema":"vpclint.snapshot/v1","VPCs":[]}`), "x.json"); err != nil {
		t.Errorf("a key in another case loads serially: %v", err)
	}
	_, err := Decode([]byte("{\"schema\":\"vpclint.snapshot/v1\",\n\"vpcs\":[{\"id\":\"v\",\"cidr\":\"10.0.0.0/16\"}]}"), "x.json")
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 {
		t.Fatalf("an unknown field is still located: %v", err)
	}
}

// FuzzDecodeParallel: the parallel path never accepts what the serial
// decoder rejects, and agrees with it when both accept.
func FuzzDecodeParallel(f *testing.F) {
	for _, seed := range smallSnapshots {
		f.Add([]byte(seed))
	}
	f.Add([]byte(`{"schema":"vpclint.snapshot/v1","vpcs":[],"vpcs":[{"id":"v"}]}`))
	f.Add([]byte(`{"schema":"a\"b","vpcs":[{"id":"]}"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := decodeParallel(data)
		want, err := decodeSerial(data)
		switch {
		case ok && err != nil:
			t.Fatalf("parallel accepts what serial rejects (%v): %q", err, data)
		case ok && !reflect.DeepEqual(got, want):
			t.Fatalf("parallel and serial decodes differ: %q", data)
		}
	})
}
