package flowlogs

import (
	"fmt"
	"testing"
	"time"

	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// genConfig is a configuration the generator's records come from: its
// 300 interfaces (10.A.B.10, eni-0a1b2c3d1000000NN) in 10.0.0.0/8 subnets
// of one VPC, a security group admitting the web and SSH ports from
// 172.16.0.0/16 and everything out, and a NACL that denies tcp/3389 in
// front of allow-all: every REJECT group has a culprit to find.
func genConfig(b *testing.B) *reach.Model {
	b.Helper()
	s := &snapshot.Snapshot{Schema: snapshot.SchemaV1}
	meta := snapshot.Meta{Account: "123456789012", Region: "us-east-1"}
	s.Accounts = []snapshot.Account{{ID: "123456789012"}}
	s.VPCs = []snapshot.VPC{{ID: "vpc-gen", Meta: meta, CIDRBlocks: []string{"10.0.0.0/8"}}}
	s.SecurityGroups = []snapshot.SecurityGroup{{
		ID: "sg-gen", Meta: meta, Name: "gen", VPCID: "vpc-gen",
		Ingress: []snapshot.SGRule{
			{RuleID: "sgr-web", Protocol: "tcp", ProtocolNumber: 6, FromPort: 80, ToPort: 443, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "172.16.0.0/16"},
			{RuleID: "sgr-ssh", Protocol: "tcp", ProtocolNumber: 6, FromPort: 22, ToPort: 22, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "172.16.0.0/16"},
		},
		Egress: []snapshot.SGRule{{RuleID: "sgr-out", Protocol: "all", ProtocolNumber: -1, FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"}},
	}}
	s.NetworkACLs = []snapshot.NetworkACL{{ID: "acl-gen", Meta: meta, VPCID: "vpc-gen", Entries: []snapshot.ACLEntry{
		{RuleNumber: 10, Protocol: "tcp", ProtocolNumber: 6, Action: "deny", FromPort: 3389, ToPort: 3389, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
		{RuleNumber: 100, Protocol: "all", ProtocolNumber: -1, Action: "allow", FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
		{RuleNumber: 100, Egress: true, Protocol: "all", ProtocolNumber: -1, Action: "allow", FromPort: 0, ToPort: 65535, ICMPType: -1, ICMPCode: -1, CIDRIPv4: "0.0.0.0/0"},
	}}}
	for sub := range genInterfaces/250 + 1 {
		s.Subnets = append(s.Subnets, snapshot.Subnet{
			ID: fmt.Sprintf("subnet-gen%d", sub), Meta: meta, VPCID: "vpc-gen",
			CIDRBlock: fmt.Sprintf("10.%d.0.0/16", sub), NetworkACLID: "acl-gen",
		})
	}
	for i := range genInterfaces {
		s.NetworkInterfaces = append(s.NetworkInterfaces, snapshot.NetworkInterface{
			ID: fmt.Sprintf("eni-0a1b2c3d%d", 100000000+i), Meta: meta, VPCID: "vpc-gen",
			SubnetID: fmt.Sprintf("subnet-gen%d", i/250), PrivateIPs: []string{fmt.Sprintf("10.%d.%d.10", i/250, i%250)},
			SecurityGroupIDs: []string{"sg-gen"},
		})
	}
	if err := s.Normalize(); err != nil {
		b.Fatal(err)
	}
	return reach.NewModel(s)
}

// BenchmarkSummariseAndExplainVsZcat is the bar end to end: the
// 2-million-record gzip file read, summarised and every REJECT group
// explained against the configuration the records come from, alternated
// with `zcat FILE | wc -l` on the same file; it reports the medians and
// their ratio (target: at most 2).
func BenchmarkSummariseAndExplainVsZcat(b *testing.B) {
	p := benchGzip(b)
	m := genConfig(b)
	var zs, rs []float64
	var explained, blocked int
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		zcatWcL(b, p)
		t1 := time.Now()
		s := readOnce(b, []string{p}, nil)
		ex := ExplainAll(m, s)
		rs = append(rs, time.Since(t1).Seconds())
		zs = append(zs, t1.Sub(t0).Seconds())
		explained, blocked = len(ex), 0
		for _, e := range ex {
			if e.Verdict == VerdictBlocked {
				blocked++
			}
		}
	}
	if blocked == 0 {
		b.Fatalf("no REJECT group of %d was explained as blocked", explained)
	}
	z, r := median(zs), median(rs)
	b.ReportMetric(z*1000, "zcat-wc-ms")
	b.ReportMetric(r*1000, "read+explain-ms")
	b.ReportMetric(r/z, "ratio")
	b.ReportMetric(float64(explained), "reject-groups")
	b.ReportMetric(float64(blocked), "blocked")
}
