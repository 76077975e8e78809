package flowlogs

import (
	"bytes"
	"context"
	"net/netip"
	"strings"
	"testing"
)

// FuzzParseRecord: the parser never panics, what it accepts is in range,
// and the hand-written IPv4 parser agrees with netip.ParseAddr.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{awsSSH, awsRDP, awsNoData, awsSkipData, awsPingOut, awsIPv6} {
		f.Add([]byte(s))
	}
	custom := mustFormat("${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${action} ${some-new-field}")
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, fm := range []*Format{DefaultFormat, custom} {
			var r Record
			if fm.ParseRecord(line, &r) != nil {
				continue
			}
			if r.SrcPort < -1 || r.DstPort < -1 || r.Protocol < -1 || r.Packets < -1 || r.Bytes < -1 {
				t.Errorf("out of range: %+v", r)
			}
			for _, a := range []netip.Addr{r.SrcAddr, r.DstAddr} {
				if a.IsValid() && a.Zone() != "" {
					t.Errorf("zone accepted: %v", a)
				}
			}
		}
		for tok := range bytes.FieldsSeq(line) {
			a, ok := ipv4(tok)
			b, err := netip.ParseAddr(string(tok))
			want := err == nil && b.Is4()
			if ok != want || (ok && a != b) {
				t.Errorf("ipv4(%q) = %v %v, netip says %v %v", tok, a, ok, b, err)
			}
		}
	})
}

// FuzzParseFormat: never panics, and an accepted format reads back from
// its String() unchanged.
func FuzzParseFormat(f *testing.F) {
	f.Add(DefaultFormat.String())
	f.Add(strings.Join(DefaultFormat.Fields(), " "))
	f.Add("${version} ${account-id")
	f.Add("account_id srcaddr ${x}")
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormat(s)
		if err != nil {
			return
		}
		back, err := ParseFormat(fm.String())
		if err != nil || !back.equal(fm) {
			t.Errorf("ParseFormat(%q).String() = %q does not read back: %v", s, fm.String(), err)
		}
		if maybeHeader([]byte(strings.Join(fm.Fields(), " "))) == nil {
			if _, known := fieldByName[fm.Fields()[0]]; known {
				t.Errorf("header line of %q not recognised", s)
			}
		}
	})
}

// FuzzCloudWatchExport: any input on stdin (an export, truncated or not,
// or anything else) is read without panicking or failing the whole read,
// and every record is accounted for exactly once.
func FuzzCloudWatchExport(f *testing.F) {
	f.Add([]byte(filterLogEvents))
	f.Add([]byte(getLogEvents + getLogEvents))
	f.Add([]byte(`{"events":[{"message":null},{"message":"2 1 eni-1 - - - - - - - 1 2 - NODATA"}],"nextToken":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(context.Background(), []string{"-"}, bytes.NewReader(data), nil, Options{})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		n := s.NoData + s.SkipData + s.Filtered + s.MalformedCount
		for _, g := range s.Groups {
			n += g.Records
		}
		if n != s.Records {
			t.Errorf("records %d, accounted %d", s.Records, n)
		}
		if len(s.Malformed) > maxMalformed {
			t.Errorf("%d malformed kept", len(s.Malformed))
		}
	})
}
