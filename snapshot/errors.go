package snapshot

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Error is a located problem in a snapshot file: the file, the line and
// column when known, the JSON path, and what was expected.
type Error struct {
	File   string
	Line   int
	Column int
	// Path is the JSON path, e.g. security_groups[3].ingress[0].cidr_ipv4.
	Path string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("snapshot")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// pathError builds an unlocated error; Decode fills in file and line.
func pathError(path, format string, args ...any) *Error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// LocateInSource turns an error from Normalize, which names a path in the
// snapshot ("vpcs[0].cidr_blocks[0]"), into one located where the entity
// was written: the file and line of the most specific entity on the path
// that has an IaC source (a rule before its security group), addressed
// as written there. ok is false when err names no such entity.
func (s *Snapshot) LocateInSource(err error) (*Error, bool) {
	e, ok := errors.AsType[*Error](err)
	if !ok || e.Path == "" {
		return nil, false
	}
	src := sourceOnPath(reflect.ValueOf(s).Elem(), splitPath(e.Path))
	if src == nil || src.File == "" {
		return nil, false
	}
	msg := e.Msg
	if src.Address != "" {
		msg = src.Address + ": " + msg
	}
	return &Error{File: src.File, Line: src.StartLine, Msg: msg}, true
}

// sourceOnPath follows path through v and returns the deepest Source met.
func sourceOnPath(v reflect.Value, path []string) *Source {
	var found *Source
	for _, step := range path {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return found
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			if src := entitySource(v); src != nil {
				found = src
			}
			f, ok := fieldByJSON(v, step)
			if !ok {
				return found
			}
			v = f
		case reflect.Slice:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= v.Len() {
				return found
			}
			v = v.Index(i)
		default:
			return found
		}
	}
	if v.Kind() == reflect.Struct {
		if src := entitySource(v); src != nil {
			found = src
		}
	}
	return found
}

// entitySource reads the Source of an entity: its own field or its Meta's.
func entitySource(v reflect.Value) *Source {
	f := v.FieldByName("Source")
	if !f.IsValid() {
		if m := v.FieldByName("Meta"); m.IsValid() {
			f = m.FieldByName("Source")
		}
	}
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil
	}
	src, _ := reflect.TypeAssert[*Source](f)
	return src
}

func fieldByJSON(v reflect.Value, name string) (reflect.Value, bool) {
	for _, f := range reflect.VisibleFields(v.Type()) {
		if jsonName(f) == name {
			return v.FieldByIndex(f.Index), true
		}
	}
	return reflect.Value{}, false
}
