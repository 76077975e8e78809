package snapshot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// member is one top-level key of a snapshot document and where its value
// lies in the bytes.
type member struct {
	key        string
	start, end int
}

// topLevelMembers splits a JSON object into its members by scanning
// bytes (string and depth state only). It reports false for anything it
// does not handle plainly: not an object, escaped keys, trailing data, a
// structure it cannot follow. The caller then decodes serially, which
// also produces the located error if the document is wrong.
func topLevelMembers(data []byte) ([]member, bool) {
	i := skipWhite(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	var out []member
	i = skipWhite(data, i+1)
	if i < len(data) && data[i] == '}' {
		return nil, skipWhite(data, i+1) == len(data)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(data[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		key := data[i+1 : i+1+end]
		if bytes.IndexByte(key, '\\') >= 0 {
			return nil, false
		}
		i = skipWhite(data, i+2+end)
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}
		start := skipWhite(data, i+1)
		stop, ok := valueEnd(data, start)
		if !ok {
			return nil, false
		}
		out = append(out, member{key: string(key), start: start, end: stop})
		i = skipWhite(data, stop)
		if i >= len(data) {
			return nil, false
		}
		if data[i] == '}' {
			return out, skipWhite(data, i+1) == len(data)
		}
		if data[i] != ',' {
			return nil, false
		}
		i = skipWhite(data, i+1)
	}
}

func skipWhite(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the offset just past the JSON value starting at i: a
// string, an object or array (tracked by depth), or a scalar up to the
// next delimiter. Whether the value is valid is left to encoding/json.
func valueEnd(data []byte, i int) (int, bool) {
	if i >= len(data) {
		return 0, false
	}
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return 0, false
	case '{', '[':
		depth, inString := 0, false
		for j := i; j < len(data); j++ {
			c := data[j]
			if inString {
				switch c {
				case '\\':
					j++
				case '"':
					inString = false
				}
				continue
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	default:
		j := i
		for j < len(data) && !strings.ContainsRune(",}] \n\t\r", rune(data[j])) {
			j++
		}
		return j, j > i
	}
}

// snapshotFields maps each JSON key of Snapshot to its field index.
var snapshotFields = sync.OnceValue(func() map[string]int {
	out := map[string]int{}
	t := reflect.TypeFor[Snapshot]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = i
		}
	}
	return out
})

// decodeParallel decodes the members of a snapshot on all cores, each
// with unknown fields disallowed, and reports false whenever the serial
// decoder must decide instead: a key it does not know exactly (encoding/
// json also matches keys case-insensitively), a key given twice, any
// error. On the large account this takes decoding from one core to two.
func decodeParallel(data []byte) (*Snapshot, bool) {
	members, ok := topLevelMembers(data)
	if !ok {
		return nil, false
	}
	fields := snapshotFields()
	seen := map[string]bool{}
	for _, m := range members {
		if _, known := fields[m.key]; !known || seen[m.key] {
			return nil, false
		}
		seen[m.key] = true
	}
	// Largest first, so the last one to finish is small.
	slices.SortFunc(members, func(a, b member) int { return cmp.Compare(b.end-b.start, a.end-a.start) })
	s := &Snapshot{}
	v := reflect.ValueOf(s).Elem()
	work := make(chan member)
	failed := make(chan struct{}, len(members))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(members)) {
		wg.Go(func() {
			for m := range work {
				dec := json.NewDecoder(bytes.NewReader(data[m.start:m.end]))
				dec.DisallowUnknownFields()
				if err := dec.Decode(v.Field(fields[m.key]).Addr().Interface()); err != nil {
					failed <- struct{}{}
				}
			}
		})
	}
	for _, m := range members {
		work <- m
	}
	close(work)
	wg.Wait()
	return s, len(failed) == 0
}
