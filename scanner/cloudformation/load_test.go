package cloudformation

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpclint/vpclint/snapshot"
)

func mustParse(t *testing.T, text string, opt Options) *snapshot.Snapshot {
	t.Helper()
	s, err := Parse([]byte(text), "t.yaml", opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sgByID(s *snapshot.Snapshot, id string) *snapshot.SecurityGroup {
	for i := range s.SecurityGroups {
		if s.SecurityGroups[i].ID == id {
			return &s.SecurityGroups[i]
		}
	}
	return nil
}

const base = `
Parameters:
  Cidr: {Type: String, Default: 10.9.0.0/16}
  Peer: {Type: String}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "sg in ${AWS::Region} for ${Vpc}"
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Peer}
        - {IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: !GetAtt Vpc.CidrBlock}
        - {IpProtocol: "-1", SourceSecurityGroupId: !Ref Sg}
  Closed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: explicit egress
      VpcId: !Ref Vpc
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  Imported:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !ImportValue shared-sg, IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
`

func TestParseValues(t *testing.T) {
	s := mustParse(t, base, Options{Parameters: map[string]string{"AWS::Region": "eu-west-1"}})
	if got := s.VPCs[0].CIDRBlocks; !slices.Equal(got, []string{"10.9.0.0/16"}) {
		t.Errorf("vpc cidr = %v", got)
	}
	sn := s.Subnets[0]
	if sn.CIDRBlock != "10.9.0.0/24" || sn.VPCID != "Vpc" || !slices.Contains(sn.Unknown, "availability_zone") {
		t.Errorf("subnet = %+v", sn)
	}
	sg := sgByID(s, "Sg")
	if sg.Description != "sg in eu-west-1 for Vpc" {
		t.Errorf("Fn::Sub = %q", sg.Description)
	}
	if len(sg.Ingress) != 3 || sg.Ingress[0].CIDRIPv4 != "" || !slices.Contains(sg.Ingress[0].Unknown, "cidr_ipv4") {
		t.Errorf("a parameter without default must be unknown: %+v", sg.Ingress[0])
	}
	if r := sg.Ingress[1]; r.Protocol != "icmp" || r.ICMPType != 8 || r.ICMPCode != -1 || r.CIDRIPv4 != "10.9.0.0/16" {
		t.Errorf("icmp rule = %+v", r)
	}
	if r := sg.Ingress[2]; r.ReferencedGroup == nil || r.ReferencedGroup.GroupID != "Sg" || r.ReferencedGroup.VPCID != "Vpc" {
		t.Errorf("self reference = %+v", r.ReferencedGroup)
	}
	if sg.Ingress[0].Source == nil || sg.Ingress[0].Source.StartLine != 21 || sg.Source.StartLine != 15 || sg.Source.Address != "Sg" {
		t.Errorf("sources: rule %+v, group %+v", sg.Ingress[0].Source, sg.Source)
	}
	// CloudFormation keeps the default allow-all egress unless the group
	// lists SecurityGroupEgress.
	if len(sg.Egress) != 1 || !sg.Egress[0].Implicit || sg.Egress[0].CIDRIPv4 != "0.0.0.0/0" || sg.Egress[0].Protocol != "all" {
		t.Errorf("default egress = %+v", sg.Egress)
	}
	if c := sgByID(s, "Closed"); len(c.Egress) != 1 || c.Egress[0].Implicit || c.Egress[0].FromPort != 443 {
		t.Errorf("explicit egress replaces the default: %+v", c.Egress)
	}
	imp := sgByID(s, "Imported/group")
	if imp == nil || !slices.Contains(imp.Unknown, "id") || len(imp.Ingress) != 1 || imp.Ingress[0].FromPort != 80 || imp.Egress != nil {
		t.Errorf("a rule on an imported group is kept on a stub: %+v", imp)
	}
	if len(s.Coverage) != 0 || s.Origin.Kind != "cloudformation" {
		t.Errorf("origin %+v coverage %+v", s.Origin, s.Coverage)
	}
}

func TestParseConditionsAndNoValue(t *testing.T) {
	text := `
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Conditions:
  Prod: !Equals [!Ref Env, prod]
  Both: !And [!Condition Prod, {"Fn::Equals": ["a", "a"]}]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  OnlyProd:
    Type: AWS::EC2::SecurityGroup
    Condition: Both
    Properties: {GroupDescription: x, VpcId: !Ref Vpc}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      GroupName: !If [Prod, prod-sg, !Ref AWS::NoValue]
      VpcId: !Ref Vpc
`
	dev := mustParse(t, text, Options{})
	if sgByID(dev, "OnlyProd") != nil || sgByID(dev, "Sg").Name != "Sg" {
		t.Errorf("dev: %+v", dev.SecurityGroups)
	}
	prod := mustParse(t, text, Options{Parameters: map[string]string{"Env": "prod"}})
	if sgByID(prod, "OnlyProd") == nil || sgByID(prod, "Sg").Name != "prod-sg" {
		t.Errorf("prod: %+v", prod.SecurityGroups)
	}
	if _, err := Parse([]byte(text), "t.yaml", Options{Parameters: map[string]string{"Env": "qa"}}); err == nil || !strings.Contains(err.Error(), "AllowedValues") {
		t.Errorf("a value outside AllowedValues: %v", err)
	}
}

func TestParseIAMAndS3(t *testing.T) {
	text := `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [!Ref Managed]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument: {Statement: [{Effect: Allow, Action: ec2:Describe*, Resource: "*"}]}
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [!Ref Role]}
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}
`
	s := mustParse(t, text, Options{Parameters: map[string]string{"AWS::AccountId": "111122223333"}})
	r := s.Roles[0]
	if r.ARN != "arn:aws:iam::111122223333:role/app" || len(r.TrustPolicy.Statements) != 1 {
		t.Errorf("role = %+v", r)
	}
	if !slices.Equal(r.AttachedPolicyARNs, []string{"Managed"}) || len(r.InlinePolicies) != 1 || r.InlinePolicies[0].Name != "extra" {
		t.Errorf("role policies: %v %+v", r.AttachedPolicyARNs, r.InlinePolicies)
	}
	if !slices.Equal(r.InstanceProfileIDs, []string{"Profile"}) || !slices.Equal(s.InstanceProfiles[0].RoleIDs, []string{"Role"}) {
		t.Errorf("profile links: %v %v", r.InstanceProfileIDs, s.InstanceProfiles[0].RoleIDs)
	}
	b := s.Buckets[0]
	if b.ID != "Bucket" || !slices.Contains(b.Unknown, "name") || !slices.Contains(b.Unknown, "policy") || b.Policy == nil {
		t.Errorf("a bucket without BucketName keeps its logical id and an unknown ARN in its policy: %+v", b)
	}
	if b.PublicAccessBlock == nil || !b.PublicAccessBlock.BlockPublicPolicy {
		t.Errorf("new buckets block public access by default: %+v", b.PublicAccessBlock)
	}
	if len(s.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", s.Diagnostics)
	}
}

func TestParseJSONLines(t *testing.T) {
	data, err := os.ReadFile("testdata/want/template.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(data, "template.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	sg := sgByID(s, "Sg")
	if sg.Source.StartLine != 30 || sg.Source.EndLine != 36 || sg.Ingress[0].Source.StartLine != 36 {
		t.Errorf("JSON lines: group %+v rule %+v", sg.Source, sg.Ingress[0].Source)
	}
	def := sgByID(s, "Vpc/default-sg")
	if def == nil || !def.IsDefault || len(def.Ingress) != 2 {
		t.Errorf("a rule added to !GetAtt Vpc.DefaultSecurityGroup joins the default group: %+v", def)
	}
}

func TestParseIgnores(t *testing.T) {
	text := `Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      vpclint:
        ignore:
          - {id: SG001, reason: "bastion, restricted by NACL"}
    Properties: {GroupDescription: x, VpcId: vpc-1}
`
	s := mustParse(t, text, Options{})
	want := []snapshot.Ignore{{Rule: "SG001", Reason: "bastion, restricted by NACL", Line: 7}}
	if got := s.SecurityGroups[0].Source.Ignores; !slices.Equal(got, want) {
		t.Errorf("ignores = %+v", got)
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]struct{ text, want string }{
		"alias":        {"Resources:\n  A: &a {Type: AWS::EC2::VPC}\n  B: *a\n", "t.yaml:3:6: YAML aliases"},
		"no resources": {"AWSTemplateFormatVersion: x\n", "t.yaml:1:1: a CloudFormation template needs a Resources mapping"},
		"not mapping":  {"- a\n", "t.yaml:1:1: a CloudFormation template is a mapping"},
		"no type":      {"Resources:\n  A: {Properties: {}}\n", "t.yaml:2:6: resource A has no Type"},
		"bad cidr":     {"Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/33}\n", `t.yaml:4:17: V: CidrBlock "10.0.0.0/33" is not an IPv4 CIDR`},
		"bad getatt":   {"Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !GetAtt Nope.CidrBlock}\n", `t.yaml:4:29: Fn::GetAtt names "Nope"`},
		"bad select":   {"Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Select [3, [a]]}\n", "t.yaml:4:29: Fn::Select index 3 is out of range"},
		"cond loop":    {"Conditions:\n  A: !Condition A\nResources:\n  V: {Type: AWS::EC2::VPC, Condition: A}\n", `refers to itself`},
		"two docs":     {"Resources: {}\n---\nResources: {}\n", "second one"},
		"param":        {"Resources:\n  V: {Type: AWS::EC2::VPC}\n", `declares no parameter "X"`},
		"ignore id":    {"Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Metadata: {vpclint: {ignore: [{reason: r}]}}\n", "t.yaml:4:35: V: an inline suppression needs an id"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			opt := Options{}
			if name == "param" {
				opt.Parameters = map[string]string{"X": "1"}
			}
			_, err := Parse([]byte(c.text), "t.yaml", opt)
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("want *Error, got %T %v", err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

// TestRejectedValuesAreNotedNotFatal: values CloudFormation would reject
// are each a located problem at the property, read as unknown, and the
// rest of the template still checked (issue #11 item 13).
func TestRejectedValuesAreNotedNotFatal(t *testing.T) {
	text := `Resources:
  S:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - {IpProtocol: bogus, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 80, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
        - {IpProtocol: icmp, FromPort: 300, ToPort: 0, CidrIp: 10.0.0.0/8}
  A:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: vpc-1}
  E:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref A
      RuleNumber: 100
      Protocol: tpc
      RuleAction: allaw
      CidrBlock: 0.0.0.0/0
  Huge:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref A, RuleNumber: 40000, Protocol: -1, RuleAction: deny, CidrBlock: 0.0.0.0/0}
`
	s := mustParse(t, text, Options{})
	var got []string
	for _, d := range s.Diagnostics {
		got = append(got, d.Error())
	}
	want := []string{
		`t.yaml:7:12: S rule: unknown protocol "bogus" (want tcp, udp, icmp, icmpv6, all/-1 or a number 0-255); the value is treated as unknown`,
		`t.yaml:8:29: S rule: port range 443-80 is not within 0-65535 with FromPort <= ToPort; the value is treated as unknown`,
		`t.yaml:10:30: S rule: icmp type 300 code 0 out of range (want -1 for all, or 0-255); the value is treated as unknown`,
		`t.yaml:19:7: E: unknown protocol "tpc" (want tcp, udp, icmp, icmpv6, all/-1 or a number 0-255); the value is treated as unknown`,
		`t.yaml:20:7: E: RuleAction "allaw" (want allow or deny); the value is treated as unknown`,
		`t.yaml:24:40: Huge: RuleNumber 40000 is outside 1-32766; the value is treated as unknown`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
	rules := s.SecurityGroups[0].Ingress
	if len(rules) != 4 || !slices.Contains(rules[3].Unknown, "icmp_type") || !slices.Contains(rules[0].Unknown, "protocol") || !slices.Contains(rules[1].Unknown, "to_port") || rules[2].CIDRIPv4 != "0.0.0.0/0" {
		t.Errorf("rules %+v: want all four, the bad values unknown", rules)
	}
	var entry snapshot.ACLEntry
	for _, e := range s.NetworkACLs[0].Entries {
		if e.RuleNumber == 100 && !e.Egress {
			entry = e
		}
	}
	if !slices.Contains(entry.Unknown, "action") || !slices.Contains(entry.Unknown, "protocol") {
		t.Errorf("entry %+v: want action and protocol unknown", entry)
	}
	if len(s.Coverage) != 1 || s.Coverage[0].Operation != "Huge RuleNumber" {
		t.Errorf("coverage %+v: want the entry that cannot be placed as a gap", s.Coverage)
	}
}

func TestParseGaps(t *testing.T) {
	text := "Transform: AWS::Serverless-2016-10-31\nResources:\n  Nested: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: x}}\n"
	s := mustParse(t, text, Options{})
	if len(s.Coverage) != 2 {
		t.Errorf("a transform and a nested stack are coverage gaps: %+v", s.Coverage)
	}
}

// TestBillionLaughs: aliases are rejected before any expansion, fast.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: *a9}}\n")
	start := time.Now()
	_, err := Parse([]byte(b.String()), "lol.yaml", Options{})
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Fatalf("want an alias error, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

func TestDeepNesting(t *testing.T) {
	deep := strings.Repeat("{a: ", 500) + "x" + strings.Repeat("}", 500)
	_, err := Parse([]byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: "+deep+"}}\n"), "deep.yaml", Options{})
	if err == nil || !strings.Contains(err.Error(), "nested more than 200 levels") {
		t.Fatalf("want a nesting error for 500 levels, got %v", err)
	}
	// JSON brackets past encoding/json's own limit, and intrinsics nested
	// past the evaluator's, end in located errors too.
	deep = strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	if _, err := Parse([]byte(`{"Resources":{"V":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":`+deep+`}}}}`), "deep.json", Options{}); err == nil || !strings.HasPrefix(err.Error(), "deep.json:1:") {
		t.Fatalf("want a located error for 100000 brackets, got %v", err)
	}
	deep = strings.Repeat(`{"Fn::Join": ["", [`, 60) + `"10.0.0.0/16"` + strings.Repeat("]]}", 60)
	if _, err := Parse([]byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: "+deep+"}}\n"), "deep.yaml", Options{}); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Fatalf("want an evaluation depth error for 60 nested intrinsics, got %v", err)
	}
}

// TestDuplicateKeys: yaml.v3 keeps both of two equal keys in a node tree,
// and reading the second Resources section silently dropped the first
// one's resources. Both places are named, in YAML and in JSON.
func TestDuplicateKeys(t *testing.T) {
	for name, c := range map[string]struct{ text, want string }{
		"yaml Resources": {
			"Resources:\n  A: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\nResources:\n  B: {Type: AWS::EC2::VPC}\n",
			`t.yaml:3:1: duplicate key "Resources", first at t.yaml:1:1`,
		},
		"json Resources": {
			"{\"Resources\": {\"A\": {\"Type\": \"AWS::EC2::VPC\"}},\n \"Resources\": {\"B\": {\"Type\": \"AWS::EC2::VPC\"}}}",
			`t.yaml:2:2: duplicate key "Resources", first at t.yaml:1:2`,
		},
		"resource twice": {
			"Resources:\n  A: {Type: AWS::EC2::VPC}\n  A: {Type: AWS::EC2::Subnet}\n",
			`t.yaml:3:3: duplicate key "A", first at t.yaml:2:3`,
		},
		"property twice": {
			"Resources:\n  A:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress: []\n      SecurityGroupIngress: []\n",
			`t.yaml:6:7: duplicate key "SecurityGroupIngress", first at t.yaml:5:7`,
		},
	} {
		_, err := Parse([]byte(c.text), "t.yaml", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	// Short seeds: whole templates made the fuzzer spend its budget
	// minimising each new input.
	f.Add([]byte(base))
	f.Add([]byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]}}\n"))
	f.Add([]byte(`{"Parameters":{"P":{"Type":"String","Default":"a"}},"Resources":{"S":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":{"Fn::Sub":"${P}-x"},"SecurityGroupIngress":[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"CidrIp":"0.0.0.0/0"}]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.yaml", Options{})
		if err == nil && s == nil {
			t.Fatal("nil snapshot without an error")
		}
	})
}

// Route targets read the same as in the live scanner: a vpce- gateway is a
// gateway endpoint only toward a prefix list, an eigw- id is known.
func TestRouteTargets(t *testing.T) {
	s := mustParse(t, `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Igw: {Type: AWS::EC2::InternetGateway}
  ToIgw: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  ToS3: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationPrefixListId: pl-63a5400a, GatewayId: vpce-0s3}}
  ToGwlb: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 10.1.0.0/16, GatewayId: vpce-0fw}}
  ToEigw: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: "::/0", GatewayId: eigw-0a}}
  ToNat: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 10.2.0.0/16, NatGatewayId: nat-0a}}
`, Options{})
	want := map[string]snapshot.TargetKind{
		"Igw": snapshot.TargetInternetGateway, "vpce-0s3": snapshot.TargetGatewayEndpoint, "vpce-0fw": snapshot.TargetGWLBEndpoint,
		"eigw-0a": snapshot.TargetEgressOnlyInternetGateway, "nat-0a": snapshot.TargetNATGateway,
	}
	got := map[string]snapshot.TargetKind{}
	for _, rt := range s.RouteTables {
		for _, r := range rt.Routes {
			if r.TargetType != snapshot.TargetLocal {
				got[r.TargetID] = r.TargetType
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("targets = %v, want %v", got, want)
	}
}
