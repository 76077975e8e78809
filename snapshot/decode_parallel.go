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

// topLevelMembers splits a snapshot document into its members. It
// reports false for anything it does not handle plainly: not an object,
// escaped keys, trailing data, a structure it cannot follow. The caller
// then decodes serially, which also produces the located error if the
// document is wrong.
func topLevelMembers(data []byte) ([]member, bool) {
	var out []member
	plain := true
	end, ok := eachMember(data, 0, func(key []byte, start, end int) bool {
		if bytes.IndexByte(key, '\\') >= 0 {
			plain = false
			return false
		}
		out = append(out, member{key: string(key[1 : len(key)-1]), start: start, end: end})
		return true
	})
	if !ok || !plain || skipWhite(data, end) != len(data) {
		return nil, false
	}
	return out, true
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
