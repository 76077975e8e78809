package snapshot

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecode: any input either loads or fails with a located *Error; it
// never panics, and whatever loads saves and reloads to the same bytes.
func FuzzDecode(f *testing.F) {
	// Small seeds: the fuzzer minimises every new interesting input, and
	// with whole fixtures as seeds it spent its budget doing only that.
	for _, seed := range smallSnapshots {
		f.Add([]byte(seed))
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

// smallSnapshots are short documents that reach the decoder's branches:
// rules with ports and ICMP, a NACL, routes, a role with a policy, tags.
var smallSnapshots = []string{
	`{"schema":"vpclint.snapshot/v1","vpcs":[{"id":"v","cidr_blocks":["10.0.0.0/16"],"tags":{"N":"a"}}]}`,
	`{"schema":"vpclint.snapshot/v1","security_groups":[{"id":"g","vpc_id":"v","ingress":[{"protocol":"6","from_port":22,"to_port":22,"cidr_ipv4":"0.0.0.0/0"},{"protocol":"icmp","from_port":8,"to_port":-1,"cidr_ipv6":"::/0"}]}]}`,
	`{"schema":"vpclint.snapshot/v1","subnets":[{"id":"s","vpc_id":"v","cidr_ipv4":"10.0.1.0/24"}],"route_tables":[{"id":"r","vpc_id":"v","routes":[{"destination_cidr_ipv4":"0.0.0.0/0","target_type":"internet-gateway","target_id":"i"}]}]}`,
	`{"schema":"vpclint.snapshot/v1","buckets":[{"id":"b","policy":{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*"}}}]}`,
	"{\"schema\":\"vpclint.snapshot/v1\",\n\"vpcs\":[{\"id\":\"v\",\"cidr_blocks\":[\"10.0.0.300/16\"]}]}",
}
