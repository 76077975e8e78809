package snapshot

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzDecode: any input either loads or fails with a located *Error; it
// never panics, and whatever loads saves and reloads to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, p := range []string{"testdata/basic.json", "testdata/malformed/bad-cidr.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schema":"vpclint.snapshot/v1","network_acls":[{"id":"a","vpc_id":"v","entries":[{"rule_number":1,"action":"deny","protocol":"icmp","cidr_ipv4":"0.0.0.0/0","egress":true}]}]}`))
	f.Add([]byte(`{"schema":"vpclint.snapshot/v1","roles":[{"id":"r","name":"r","trust_policy":"%7B%22Statement%22%3A%5B%5D%7D"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data, "fuzz.json")
		if err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("error is not a located *Error: %T %v", err, err)
			}
			return
		}
		var a bytes.Buffer
		if err := s.Encode(&a); err != nil {
			t.Fatal(err)
		}
		s2, err := Decode(a.Bytes(), "again.json")
		if err != nil {
			t.Fatalf("saved snapshot does not reload: %v\n%s", err, a.Bytes())
		}
		var b bytes.Buffer
		if err := s2.Encode(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("normalisation not idempotent:\n%s\n---\n%s", a.Bytes(), b.Bytes())
		}
	})
}
