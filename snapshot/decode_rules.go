package snapshot

import (
	"bytes"
	"encoding/json"
)

// strictUnmarshal decodes b into v rejecting unknown fields, as the
// top-level decoder does; custom UnmarshalJSON methods must keep that.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// UnmarshalJSON presets the integer fields to "absent" so normalisation can
// tell an omitted port or ICMP type from an explicit 0.
func (r *SGRule) UnmarshalJSON(b []byte) error {
	type plain SGRule
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := strictUnmarshal(b, &p); err != nil {
		return err
	}
	*r = SGRule(p)
	return nil
}

// UnmarshalJSON presets the integer fields to "absent"; see SGRule.
func (e *ACLEntry) UnmarshalJSON(b []byte) error {
	type plain ACLEntry
	p := plain{FromPort: absent, ToPort: absent, ICMPType: absent, ICMPCode: absent, ProtocolNumber: absent}
	if err := strictUnmarshal(b, &p); err != nil {
		return err
	}
	*e = ACLEntry(p)
	return nil
}
