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
	unknown := ""
	eachMember(b, 0, func(key []byte, _, _ int) bool {
		if k := decodeKey(key); !known[k] {
			unknown = k
			return false
		}
		return true
	})
	return unknown
}

func decodeKey(quoted []byte) string {
	if !strings.ContainsRune(string(quoted), '\\') {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	_ = json.Unmarshal(quoted, &s)
	return s
}

// decodeKnown decodes b into v and rejects keys outside known, as the
// top-level decoder's DisallowUnknownFields would.
func decodeKnown(b []byte, v any, known map[string]bool) error {
	if err := json.Unmarshal(b, v); err != nil {
		return err
	}
	if k := unknownKey(b, known); k != "" {
		return fmt.Errorf("json: unknown field %q", k)
	}
	return nil
}

// UnmarshalJSON presets the integer fields to "absent" so normalisation can
// tell an omitted port or ICMP type from an explicit 0, and rejects
// unknown keys as the top-level decoder does.
func (r *SGRule) UnmarshalJSON(b []byte) error {
	type plain SGRule
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := decodeKnown(b, &p, sgRuleKeys); err != nil {
		return err
	}
	*r = SGRule(p)
	return nil
}

// UnmarshalJSON presets the integer fields to "absent"; see SGRule.
func (e *ACLEntry) UnmarshalJSON(b []byte) error {
	type plain ACLEntry
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := decodeKnown(b, &p, aclEntryKeys); err != nil {
		return err
	}
	*e = ACLEntry(p)
	return nil
}
