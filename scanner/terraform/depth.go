package terraform

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// maxNesting bounds how deeply brackets, strings and template
// interpolations may nest in a configuration. HCL's parsers recurse per
// level, so 100,000 nested brackets ended in a Go stack overflow (a crash
// that loses every other input's results); real configurations stay
// under 30 levels.
const maxNesting = 1000

// nestingError reports the first place src nests deeper than maxNesting,
// as a diagnostic the callers already turn into a located error.
func nestingError(src []byte, filename string, json bool) hcl.Diagnostics {
	at, deep := tooDeepJSON(src)
	if !json {
		at, deep = tooDeepHCL(src)
	}
	if !deep {
		return nil
	}
	pos := posAt(src, at)
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("nested more than %d levels deep", maxNesting),
		Detail:   "brackets, strings and template interpolations nest too deeply to be parsed safely",
		Subject:  &hcl.Range{Filename: filename, Start: pos, End: pos},
	}}
}

// tooDeepJSON counts brackets everywhere, strings included: a string in a
// .tf.json file is a template that is parsed again when evaluated.
func tooDeepJSON(src []byte) (int, bool) {
	depth := 0
	for i, c := range src {
		switch c {
		case '{', '[', '(':
			depth++
			if depth > maxNesting {
				return i, true
			}
		case '}', ']', ')':
			depth = max(depth-1, 0)
		}
	}
	return 0, false
}

// hclScan follows native syntax just far enough to count nesting: the
// stack holds 'b' for an open bracket, 's' for a quoted string, 'i' for a
// template interpolation and 'h' for a heredoc (whose end marker is in
// heredocs).
type hclScan struct {
	src      []byte
	stack    []byte
	heredocs [][]byte
}

func tooDeepHCL(src []byte) (int, bool) {
	s := &hclScan{src: src}
	for i := 0; i < len(src); i++ {
		if len(s.stack) > 0 && (s.top() == 's' || s.top() == 'h') {
			i = s.template(i)
		} else {
			i = s.expr(i)
		}
		if len(s.stack) > maxNesting {
			return min(i, len(src)-1), true
		}
	}
	return 0, false
}

func (s *hclScan) top() byte { return s.stack[len(s.stack)-1] }

func (s *hclScan) pop() {
	if len(s.stack) > 0 {
		if s.top() == 'h' {
			s.heredocs = s.heredocs[:len(s.heredocs)-1]
		}
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// template handles the byte at i inside a string or heredoc and returns
// the offset of the last byte consumed.
func (s *hclScan) template(i int) int {
	src := s.src
	if s.top() == 'h' && (i == 0 || src[i-1] == '\n') {
		line := src[i:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		if bytes.Equal(bytes.TrimSpace(line), s.heredocs[len(s.heredocs)-1]) {
			s.pop()
			return i + len(line) - 1
		}
	}
	return i - 1 + s.templateByte(i)
}

// templateByte consumes one construct at i and returns how many bytes.
func (s *hclScan) templateByte(i int) int {
	src := s.src
	switch {
	case s.top() == 's' && src[i] == '\\':
		return 2
	case s.top() == 's' && src[i] == '"':
		s.pop()
		return 1
	case bytes.HasPrefix(src[i:], []byte("$${")) || bytes.HasPrefix(src[i:], []byte("%%{")):
		return 3
	case bytes.HasPrefix(src[i:], []byte("${")) || bytes.HasPrefix(src[i:], []byte("%{")):
		s.stack = append(s.stack, 'i')
		return 2
	}
	return 1
}

// expr handles the byte at i in expression context and returns the
// offset of the last byte consumed.
func (s *hclScan) expr(i int) int {
	src := s.src
	switch c := src[i]; {
	case c == '#' || bytes.HasPrefix(src[i:], []byte("//")):
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(src)
	case bytes.HasPrefix(src[i:], []byte("/*")):
		if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
			return i + 2 + j + 1
		}
		return len(src)
	case bytes.HasPrefix(src[i:], []byte("<<")):
		return s.heredoc(i)
	case c == '"':
		s.stack = append(s.stack, 's')
	case c == '(' || c == '[' || c == '{':
		s.stack = append(s.stack, 'b')
	case c == ')' || c == ']' || c == '}':
		s.pop()
	}
	return i
}

// heredoc opens a heredoc at i ("<<EOT" or "<<-EOT" then a newline) and
// returns the offset of that newline; anything else is an operator.
func (s *hclScan) heredoc(i int) int {
	j := i + 2
	if j < len(s.src) && s.src[j] == '-' {
		j++
	}
	start := j
	for j < len(s.src) && isIdentByte(s.src[j]) {
		j++
	}
	if j == start || j >= len(s.src) || (s.src[j] != '\n' && s.src[j] != '\r') {
		return i + 1
	}
	s.stack = append(s.stack, 'h')
	s.heredocs = append(s.heredocs, s.src[start:j])
	if s.src[j] == '\r' {
		j++
	}
	return j
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// posAt converts a byte offset into an hcl.Pos.
func posAt(src []byte, off int) hcl.Pos {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	return hcl.Pos{Line: line, Column: off - bytes.LastIndexByte(src[:off], '\n'), Byte: off}
}
