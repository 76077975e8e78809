package snapshot

import (
	"errors"
	"strings"
	"testing"
)

// TestDuplicateKeysAreErrors: a key given twice (or twice in different
// case, which encoding/json maps to the same field) would hide what the
// first one held; Decode names both places instead.
func TestDuplicateKeysAreErrors(t *testing.T) {
	const sg = `[{"id":"sg-1","vpc_id":"vpc-1","ingress":[{"protocol":"tcp","from_port":22,"to_port":22,"cidr_ipv4":"0.0.0.0/0"}]}]`
	for name, tc := range map[string]struct {
		doc  string
		want string
	}{
		"top-level twice": {
			"{\"schema\":\"vpclint.snapshot/v1\",\n\"security_groups\":" + sg + ",\n\"security_groups\":[]}",
			`x.json:3:1: duplicate key "security_groups", first at x.json:2:1`,
		},
		"top-level other case": {
			"{\"schema\":\"vpclint.snapshot/v1\",\n\"security_groups\":" + sg + ",\n  \"Security_Groups\":[]}",
			`x.json:3:3: duplicate key "Security_Groups" (the same field as "security_groups": keys match case-insensitively), first at x.json:2:1`,
		},
		"escaped other case": {
			"{\"schema\":\"vpclint.snapshot/v1\",\n\"security_groups\":" + sg + ",\n\"Security_Group\\u0073\":[]}",
			`x.json:3:1: duplicate key "Security_Groups"`,
		},
		"nested field": {
			"{\"schema\":\"vpclint.snapshot/v1\",\n\"security_groups\":[{\"id\":\"sg-1\",\n\"vpc_id\":\"vpc-1\",\"VPC_ID\":\"vpc-2\"}]}",
			`x.json:3:18: duplicate key "VPC_ID" (the same field as "vpc_id": keys match case-insensitively), first at x.json:3:1`,
		},
		"rule list twice": {
			"{\"schema\":\"vpclint.snapshot/v1\",\"security_groups\":[{\"id\":\"sg-1\",\"vpc_id\":\"v\",\n\"ingress\":[],\"ingress\":[]}]}",
			`x.json:2:14: duplicate key "ingress", first at x.json:2:1`,
		},
		"tag twice": {
			"{\"schema\":\"vpclint.snapshot/v1\",\"vpcs\":[{\"id\":\"v\",\"tags\":{\"Name\":\"a\",\"Name\":\"b\"}}]}",
			`duplicate key "Name"`,
		},
	} {
		_, err := Decode([]byte(tc.doc), "x.json")
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an *Error containing %q", name, err, tc.want)
		}
	}
}

// TestDuplicateKeyScanAllowsDistinct: what is not a duplicate still loads:
// tag keys differ by case (AWS tags are case-sensitive), equal keys in
// different objects, braces and quotes inside strings, a policy document
// (its parser reports its own duplicates).
func TestDuplicateKeyScanAllowsDistinct(t *testing.T) {
	for _, doc := range []string{
		`{"schema":"vpclint.snapshot/v1","vpcs":[{"id":"v","tags":{"Name":"a","name":"b"}}]}`,
		`{"schema":"vpclint.snapshot/v1","vpcs":[{"id":"v","tags":{"a":"{\"id\":1,","id":"}]"}},{"id":"w"}]}`,
		`{"schema":"vpclint.snapshot/v1","roles":[{"id":"r","name":"r","trust_policy":{"Statement":[],"Statement":[]}}]}`,
	} {
		if _, err := Decode([]byte(doc), "x.json"); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

// TestSchemaErrorIsFirstInFile: with two type errors the one earlier in
// the file is reported, every time (the validator's own order is a map's).
func TestSchemaErrorIsFirstInFile(t *testing.T) {
	doc := []byte("{\"schema\":\"vpclint.snapshot/v1\",\n\"vpcs\":[{\"id\":\"v\",\"cidr_blocks\":\"x\"}],\n\"subnets\":[{\"id\":\"s\",\"vpc_id\":5}],\n\"route_tables\":[{\"id\":7}]}")
	for range 20 {
		_, err := Decode(doc, "x.json")
		if err == nil || !strings.HasPrefix(err.Error(), "x.json:2:") {
			t.Fatalf("got %v, want the error on line 2", err)
		}
	}
}

// TestUnsetPolicyRoundTrips: a role without a trust policy saves and
// reloads without gaining an "empty policy" problem (found by FuzzDecode).
func TestUnsetPolicyRoundTrips(t *testing.T) {
	s, err := Decode([]byte(`{"schema":"vpclint.snapshot/v1","roles":[{"id":"r","name":"r"}]}`), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := s.Encode(&b); err != nil {
		t.Fatal(err)
	}
	again, err := Decode([]byte(b.String()), "y.json")
	if err != nil {
		t.Fatal(err)
	}
	if p := again.Roles[0].TrustPolicy.Problems; len(p) > 0 || len(again.Diagnostics) > 0 {
		t.Fatalf("an unset trust policy gained problems on reload: %v %v", p, again.Diagnostics)
	}
	// An empty policy written as such keeps its problem through the round trip.
	s, err = Decode([]byte(`{"schema":"vpclint.snapshot/v1","roles":[{"id":"r","name":"r","trust_policy":""}]}`), "x.json")
	if err != nil || len(s.Roles[0].TrustPolicy.Problems) == 0 {
		t.Fatalf("an empty trust policy has no problem: %v", err)
	}
	b.Reset()
	_ = s.Encode(&b)
	again, _ = Decode([]byte(b.String()), "y.json")
	if len(again.Roles[0].TrustPolicy.Problems) == 0 {
		t.Fatal("an empty trust policy lost its problem on reload")
	}
}
