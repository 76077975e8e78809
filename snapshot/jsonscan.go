package snapshot

import "strings"

// The byte-level JSON scanning shared by the decoders: splitting an
// object into members and an array into elements without decoding
// values. It tracks only string and nesting state, so it is linear and
// allocation-free; whether the JSON is valid is left to encoding/json.

// eachMember calls f with the raw key (quoted, escapes as written) and
// the value's byte range of every member of the object starting at i,
// until f returns false. It returns the offset just past the object, and
// false when the bytes are not an object it can follow.
func eachMember(data []byte, i int, f func(key []byte, start, end int) bool) (int, bool) {
	i = skipWhite(data, i)
	if i >= len(data) || data[i] != '{' {
		return 0, false
	}
	i = skipWhite(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, false
		}
		keyEnd, ok := valueEnd(data, i)
		if !ok {
			return 0, false
		}
		key := data[i:keyEnd]
		i = skipWhite(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return 0, false
		}
		start := skipWhite(data, i+1)
		end, ok := valueEnd(data, start)
		if !ok {
			return 0, false
		}
		if !f(key, start, end) {
			return end, true
		}
		i = skipWhite(data, end)
		if i >= len(data) {
			return 0, false
		}
		if data[i] == '}' {
			return i + 1, true
		}
		if data[i] != ',' {
			return 0, false
		}
		i = skipWhite(data, i+1)
	}
}

// eachElement calls f with the start offset of every element of the
// array starting at i.
func eachElement(data []byte, i int, f func(start int)) bool {
	i = skipWhite(data, i)
	if i >= len(data) || data[i] != '[' {
		return false
	}
	i = skipWhite(data, i+1)
	if i < len(data) && data[i] == ']' {
		return true
	}
	for {
		end, ok := valueEnd(data, i)
		if !ok {
			return false
		}
		f(i)
		i = skipWhite(data, end)
		if i >= len(data) {
			return false
		}
		if data[i] == ']' {
			return true
		}
		if data[i] != ',' {
			return false
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
// next delimiter.
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
