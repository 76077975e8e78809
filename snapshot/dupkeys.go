package snapshot

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"sync"
)

// encoding/json keeps the last of two equal keys, and matches a key to a
// struct field case-insensitively, so "security_groups" twice, or beside
// "Security_Groups", loads without a word and the first list is gone. A
// linter that drops a security group that way reports it clean, so every
// such pair is an error naming both places.

// dupKey is a key given twice in one object: the raw key bytes of the
// second occurrence and the offsets of both.
type dupKey struct {
	key           string
	first, second int
}

// keyFrame is one open object or array of the scan.
type keyFrame struct {
	obj bool
	// typ is the Go type the value decodes into; nil when unknown (the
	// key is not a field, so decoding rejects it anyway) or opaque (a
	// policy document, whose parser reports its own duplicate keys):
	// then keys are not compared.
	typ reflect.Type
	// keys holds the [start, end) offsets of the quoted keys seen so far.
	keys [][2]int
}

// findDuplicateKey scans snapshot JSON once, guided by the Go types so
// that struct fields compare case-insensitively (as encoding/json matches
// them) and map keys (tags) exactly. It assumes nothing about validity:
// on malformed bytes it stops quietly and the decoder reports the error.
func findDuplicateKey(data []byte) (dupKey, bool) {
	stack := []keyFrame{}
	next := reflect.TypeFor[Snapshot]()
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			stack = append(stack, keyFrame{obj: true, typ: next})
			expectKey = true
		case '[':
			stack = append(stack, keyFrame{typ: next})
			next = elemType(next)
		case '}', ']':
			if len(stack) == 0 {
				return dupKey{}, false
			}
			stack = stack[:len(stack)-1]
		case ',':
			if len(stack) == 0 {
				return dupKey{}, false
			}
			top := &stack[len(stack)-1]
			expectKey = top.obj
			if !top.obj {
				next = elemType(top.typ)
			}
		case '"':
			end, ok := valueEnd(data, i)
			if !ok {
				return dupKey{}, false
			}
			if expectKey && len(stack) > 0 && stack[len(stack)-1].obj {
				top := &stack[len(stack)-1]
				if d, dup := top.add(data, i, end); dup {
					return d, true
				}
				next = fieldType(top.typ, decodeKey(data[i:end]))
				expectKey = false
			}
			i = end - 1
		}
	}
	return dupKey{}, false
}

// add records the key at [start, end) and reports an earlier equal one.
func (f *keyFrame) add(data []byte, start, end int) (dupKey, bool) {
	if f.typ == nil {
		return dupKey{}, false
	}
	key := data[start:end]
	fold := f.typ != nil && f.typ.Kind() == reflect.Struct
	escaped := bytes.IndexByte(key, '\\') >= 0
	for _, k := range f.keys {
		prev := data[k[0]:k[1]]
		var same bool
		switch {
		case escaped || bytes.IndexByte(prev, '\\') >= 0:
			a, b := decodeKey(prev), decodeKey(key)
			same = a == b || (fold && strings.EqualFold(a, b))
		case fold:
			same = bytes.EqualFold(prev, key)
		default:
			same = bytes.Equal(prev, key)
		}
		if same {
			return dupKey{key: decodeKey(key), first: k[0], second: start}, true
		}
	}
	f.keys = append(f.keys, [2]int{start, end})
	return dupKey{}, false
}

// elemType is the type of an array's elements, nil when not a slice.
func elemType(t reflect.Type) reflect.Type {
	t = deref(t)
	if t == nil || t.Kind() != reflect.Slice {
		return nil
	}
	return deref(t.Elem())
}

// fieldType is the type the value of key decodes into: a struct field
// matched as encoding/json matches it, or a map's element type.
func fieldType(t reflect.Type, key string) reflect.Type {
	switch {
	case t == nil:
		return nil
	case t.Kind() == reflect.Map:
		return deref(t.Elem())
	case t.Kind() == reflect.Struct:
		return deref(structFields(t)[strings.ToLower(key)])
	}
	return nil
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == documentType {
		return nil
	}
	return t
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// structFields maps the lower-cased JSON names of a struct's fields
// (embedded structs flattened) to their types.
func structFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type) //nolint:forcetypeassert // only this function stores
	}
	m := map[string]reflect.Type{}
	for f := range t.Fields() {
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			maps.Copy(m, structFields(f.Type))
			continue
		}
		if name := jsonName(f); f.IsExported() && name != "" && name != "-" {
			m[strings.ToLower(name)] = f.Type
		}
	}
	fieldCache.Store(t, m)
	return m
}

// duplicateKeyError locates both occurrences of a duplicate key.
func duplicateKeyError(data []byte, name string, d dupKey) *Error {
	l1, c1 := lineCol(data, d.first)
	l2, c2 := lineCol(data, d.second)
	end, _ := valueEnd(data, d.first)
	msg := fmt.Sprintf("duplicate key %q", d.key)
	if first := decodeKey(data[d.first:end]); first != d.key {
		msg += fmt.Sprintf(" (the same field as %q: keys match case-insensitively)", first)
	}
	return &Error{
		File: name, Line: l2, Column: c2,
		Msg: fmt.Sprintf("%s, first at %s:%d:%d; only one of the two would be read, and what the other holds would be missing", msg, name, l1, c1),
	}
}
