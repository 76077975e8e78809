package cloudformation

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// generateTemplate writes a template with about n resources: per group of
// ten, a VPC, two subnets, a security group with inline rules, a
// standalone ingress rule, a NACL with two entries, a route table with a
// route and an association. Deterministic, so benchmarks compare.
func generateTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Admin: {Type: String, Default: 203.0.113.0/24}\nConditions:\n  On: !Equals [a, a]\nResources:\n")
	for i := 0; i*10 < n; i++ {
		fmt.Fprintf(&b, `  Vpc%[1]d:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.%[2]d.%[3]d.0/24, Tags: [{Key: Name, Value: !Sub "vpc-${AWS::StackName}-%[1]d"}]}
  SubA%[1]d:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc%[1]d, CidrBlock: !Select [0, !Cidr [!GetAtt Vpc%[1]d.CidrBlock, 2, 7]], MapPublicIpOnLaunch: false}
  SubB%[1]d:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc%[1]d, CidrBlock: !Select [1, !Cidr [!GetAtt Vpc%[1]d.CidrBlock, 2, 7]]}
  Sg%[1]d:
    Type: AWS::EC2::SecurityGroup
    Condition: On
    Properties:
      GroupDescription: !Join [" ", [group, "%[1]d"]]
      VpcId: !Ref Vpc%[1]d
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Admin, Description: ssh}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
        - {IpProtocol: "-1", SourceSecurityGroupId: !Ref Sg%[1]d, Description: self}
  SgIn%[1]d:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Sg%[1]d.GroupId, IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: !GetAtt Vpc%[1]d.CidrBlock, Description: dns}
  Acl%[1]d:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Vpc%[1]d}
  AclIn%[1]d:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl%[1]d, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 443, To: 443}}
  AclOut%[1]d:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl%[1]d, RuleNumber: 100, Protocol: -1, Egress: true, RuleAction: allow, CidrBlock: 0.0.0.0/0}
  Rt%[1]d:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc%[1]d}
  RtAssoc%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref SubA%[1]d, RouteTableId: !Ref Rt%[1]d}
`, i, i/256, i%256)
	}
	return []byte(b.String())
}

func TestGenerateTemplate(t *testing.T) {
	s, err := Parse(generateTemplate(100), "gen.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.VPCs) != 10 || len(s.SecurityGroups) < 10 || len(s.Subnets) != 20 {
		t.Errorf("generated %d vpcs, %d groups, %d subnets", len(s.VPCs), len(s.SecurityGroups), len(s.Subnets))
	}
}

// BenchmarkParseLarge: template (2,000 resources) -> normalised snapshot.
func BenchmarkParseLarge(b *testing.B) {
	data := generateTemplate(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "gen.yaml", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLUnmarshalLarge is the baseline: yaml.v3 decoding the same
// bytes into Go values, which every YAML-based tool pays at least once.
func BenchmarkYAMLUnmarshalLarge(b *testing.B) {
	data := generateTemplate(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteGeneratedTemplate writes the benchmark template for whole-process
// timing: VPCLINT_CFN_GEN=/tmp/gen.yaml go test -run TestWriteGeneratedTemplate.
func TestWriteGeneratedTemplate(t *testing.T) {
	p := os.Getenv("VPCLINT_CFN_GEN")
	if p == "" {
		t.Skip("set VPCLINT_CFN_GEN to a file path")
	}
	if err := os.WriteFile(p, generateTemplate(2000), 0o600); err != nil {
		t.Fatal(err)
	}
}
