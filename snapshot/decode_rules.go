package snapshot

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// jsonKeys lists the JSON names of a struct's fields.
func jsonKeys[T any]() map[string]bool {
	out := map[string]bool{}
	for f := range reflect.TypeFor[T]().Fields() {
		if name := jsonName(f); name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

var (
	sgRuleKeys   = jsonKeys[SGRule]()
	aclEntryKeys = jsonKeys[ACLEntry]()
)

// unknownKey returns the first top-level key of a JSON object that is not
// in known. It scans the bytes once without decoding values: the rules of
// a large account are the bulk of a snapshot, and a second decoder per
// rule (to keep DisallowUnknownFields) cost more than the decode itself.
func unknownKey(b []byte, known map[string]bool) string {
	depth, inString, escaped, keyStart := 0, false, false, -1
	expectKey := false
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if keyStart >= 0 {
					if k := decodeKey(b[keyStart : i+1]); !known[k] {
						return k
					}
					keyStart = -1
				}
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			if depth == 1 && expectKey {
				keyStart = i
				expectKey = false
			}
		case '{', '[':
			depth++
			if depth == 1 && c == '{' {
				expectKey = true
			}
		case '}', ']':
			depth--
		case ',':
			if depth == 1 {
				expectKey = true
			}
		}
	}
	return ""
}

func decodeKey(quoted []byte) string {
	if !strings.ContainsRune(string(quoted), '\\') {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	_ = json.Unmarshal(quoted, &s)
	return s
}

// UnmarshalJSON presets the integer fields to "absent" so normalisation can
// tell an omitted port or ICMP type from an explicit 0, and rejects
// unknown keys as the top-level decoder does.
func (r *SGRule) UnmarshalJSON(b []byte) error {
	type plain SGRule
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if k := unknownKey(b, sgRuleKeys); k != "" {
		return fmt.Errorf("json: unknown field %q", k)
	}
	*r = SGRule(p)
	return nil
}

// UnmarshalJSON presets the integer fields to "absent"; see SGRule.
func (e *ACLEntry) UnmarshalJSON(b []byte) error {
	type plain ACLEntry
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if k := unknownKey(b, aclEntryKeys); k != "" {
		return fmt.Errorf("json: unknown field %q", k)
	}
	*e = ACLEntry(p)
	return nil
}
