package flowlogs

import (
	"slices"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"${version} ${account-id} ${interface-id}", []string{"version", "account-id", "interface-id"}},
		{"version account-id interface-id", []string{"version", "account-id", "interface-id"}},
		{"  ${srcaddr}${dstaddr}  ${next-hop-vpc-id} ", []string{"srcaddr", "dstaddr", "next-hop-vpc-id"}},
		{"account_id srcaddr log_status", []string{"account-id", "srcaddr", "log-status"}},
	} {
		f, err := ParseFormat(tc.in)
		if err != nil {
			t.Fatalf("ParseFormat(%q): %v", tc.in, err)
		}
		if got := f.Fields(); !slices.Equal(got, tc.want) {
			t.Errorf("ParseFormat(%q) = %v, want %v", tc.in, got, tc.want)
		}
		back, err := ParseFormat(f.String())
		if err != nil || !back.equal(f) {
			t.Errorf("String() %q does not read back: %v", f.String(), err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"  \t", "empty"},
		{"${version} ${version}", "appears twice"},
		{"version srcaddr version", "appears twice"},
		{"${version} ${account-id", "without }"},
		{"${version} srcaddr", "is not a ${field}"},
		{"version Srcaddr", "not a field name"},
		{"${}", "not a field name"},
	} {
		_, err := ParseFormat(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFormat(%q) error = %v, want it to mention %q", tc.in, err, tc.want)
		}
	}
}

func TestDefaultFormat(t *testing.T) {
	want := "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
	if got := strings.Join(DefaultFormat.Fields(), " "); got != want {
		t.Errorf("DefaultFormat = %s", got)
	}
	if !DefaultFormat.Has("log-status") || DefaultFormat.Has("vpc-id") {
		t.Error("Has disagrees with the fields")
	}
}

func TestHeaderFormat(t *testing.T) {
	for line, isHeader := range map[string]bool{
		"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status": true,
		"interface-id srcaddr some-future-field": true,
		"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK": false,
		"eni-1235b8ca123456789 172.31.16.139": false,
		"us-east-1 eni-1 172.31.16.139":       false,
		"ingress eni-1":                       false,
		"version version":                     false, // not a valid format
		"":                                    false,
	} {
		if got := maybeHeader([]byte(line)) != nil; got != isHeader {
			t.Errorf("maybeHeader(%q) = %v, want %v", line, got, isHeader)
		}
	}
}
