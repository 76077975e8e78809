package flowlogs

import (
	"net/netip"
	"strings"
	"testing"
)

// The default-format examples of the AWS flow-logs-records-examples page.
const (
	awsSSH      = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
	awsRDP      = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	awsNoData   = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"
	awsSkipData = "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA"
	awsPingIn   = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK"
	awsPingOut  = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK"
	awsIPv6     = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK"
)

func parse(t *testing.T, f *Format, line string) Record {
	t.Helper()
	var r Record
	if err := f.ParseRecord([]byte(line), &r); err != nil {
		t.Fatalf("ParseRecord(%q): %v", line, err)
	}
	return r
}

func TestParseRecordDefaultFormat(t *testing.T) {
	r := parse(t, DefaultFormat, awsSSH)
	want := Record{
		Version: 2, AccountID: "123456789010", InterfaceID: "eni-1235b8ca123456789",
		SrcAddr: netip.MustParseAddr("172.31.16.139"), DstAddr: netip.MustParseAddr("172.31.16.21"),
		SrcPort: 20641, DstPort: 22, Protocol: 6, Packets: 20, Bytes: 4249,
		Start: 1418530010, End: 1418530070, Action: Accept, Status: StatusOK,
		TCPFlags: -1, TrafficPath: -1,
	}
	if r != want {
		t.Errorf("SSH record:\n got %+v\nwant %+v", r, want)
	}
	if r := parse(t, DefaultFormat, awsRDP); r.Action != Reject || r.DstPort != 3389 || r.SrcPort != 49761 {
		t.Errorf("RDP record: %+v", r)
	}
	for line, st := range map[string]Status{awsNoData: StatusNoData, awsSkipData: StatusSkipData} {
		r := parse(t, DefaultFormat, line)
		if r.Status != st || r.SrcAddr.IsValid() || r.SrcPort != -1 || r.Packets != -1 || r.Action != ActionNone || r.Start != 1431280876 {
			t.Errorf("%s record: %+v", st, r)
		}
	}
	if r := parse(t, DefaultFormat, awsPingOut); r.Protocol != 1 || r.SrcPort != 0 || r.Action != Reject {
		t.Errorf("ICMP record: %+v", r)
	}
	if r := parse(t, DefaultFormat, awsIPv6); !r.SrcAddr.Is6() || r.DstAddr != netip.MustParseAddr("2001:db8:1234:a102:3304:8879:34cf:4071") {
		t.Errorf("IPv6 record: %+v", r)
	}
}

func TestParseRecordCustomFormats(t *testing.T) {
	v3 := mustFormat("${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} " +
		"${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}")
	// A NAT gateway's interface: no instance, packet addresses differ.
	r := parse(t, v3, "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 - eni-1235b8ca123456789 123456789012 IPv4 10.0.1.5 10.0.0.220 "+
		"43416 5001 10.0.0.220 203.0.113.5 6 4 1 1566848875 1566848933 ACCEPT 19 OK")
	if r.Version != 3 || r.VPCID != "vpc-abcdefab012345678" || r.InstanceID != "" || r.Type != "IPv4" ||
		r.PktDstAddr != netip.MustParseAddr("203.0.113.5") || r.TCPFlags != 19 || r.Bytes != 4 || r.Packets != 1 {
		t.Errorf("v3 record: %+v", r)
	}
	v5 := mustFormat("${version} ${interface-id} ${flow-direction} ${traffic-path} ${srcaddr} ${dstaddr} ${srcport} ${dstport} " +
		"${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${region} ${az-id} ${reject-reason} ${ecs-task-id}")
	r = parse(t, v5, "8 eni-1 egress 8 10.0.0.5 198.51.100.7 40000 443 6 3 180 1700000000 1700000030 REJECT OK us-east-1 use1-az1 BPA -")
	if r.Direction != Egress || r.TrafficPath != 8 || r.RejectReason != "BPA" || r.Region != "us-east-1" || r.AZID != "use1-az1" {
		t.Errorf("v5 record: %+v", r)
	}
	r = parse(t, v5, "5 eni-1 ingress - 198.51.100.7 10.0.0.5 443 40000 6 3 180 1700000000 1700000030 ACCEPT OK - - - -")
	if r.Direction != Ingress || r.TrafficPath != -1 || r.Region != "" || r.RejectReason != "" {
		t.Errorf("v5 ingress record: %+v", r)
	}
}

func TestParseRecordMalformed(t *testing.T) {
	for line, want := range map[string]string{
		"2 123456789010 eni-1 1.2.3.4": "4 fields, the format has 14",
		awsSSH + " extra":              "15 fields, the format has 14",
		strings.Replace(awsSSH, "172.31.16.139", "172.31.16.1399", 1): "field 4 (srcaddr): not an address",
		strings.Replace(awsSSH, "172.31.16.139", "172.031.16.139", 1): "not an address",
		strings.Replace(awsSSH, " 20641 ", " 2o641 ", 1):              "field 6 (srcport): not a number",
		strings.Replace(awsSSH, " 20641 ", " -5 ", 1):                 "not a number",
		strings.Replace(awsSSH, " 20641 ", " 99999999999 ", 1):        "out of range",
		strings.Replace(awsSSH, " 4249 ", " 9999999999999999999 ", 1): "not a number",
		strings.Replace(awsSSH, "ACCEPT", "ALLOW", 1):                 "action \"ALLOW\"",
		strings.Replace(awsSSH, " OK", " FINE", 1):                    "log-status",
		strings.Replace(awsSSH, " 22 ", "  22 ", 1):                   "is empty",
		strings.Replace(awsSSH, "172.31.16.21", "fe80::1%eth0", 1):    "has a zone",
	} {
		var r Record
		err := DefaultFormat.ParseRecord([]byte(line), &r)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRecord(%q) error = %v, want it to mention %q", line, err, want)
		}
	}
}
