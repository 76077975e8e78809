package snapshot

import (
	"fmt"
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
