package report

import (
	"encoding/json"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/snapshot"
)

// Payloads that must stay inert in every output.
const (
	tagPayload = `<img src=x onerror=alert(1)>`
	msgPayload = `</script><script>alert(1)</script>`
)

// fixture covers every severity, an active inline suppression, a tag
// suppression, an expired waiver, a coverage gap, a live finding without a
// file, evidence, a rule without findings and hostile text.
func fixture() *Input {
	rules := fixtureRules()
	fs := fixtureFindings(rules)
	for i := range fs {
		fs[i].Fingerprint = finding.Fingerprint(fs[i].RuleID, fs[i].Resource, fs[i].Key)
		// The engine copies the rule's mapping onto each finding.
		for _, r := range rules {
			if r.ID == fs[i].RuleID {
				fs[i].Frameworks = r.Frameworks
			}
		}
	}
	finding.Sort(fs)
	return &Input{
		Tool:     Tool{Name: "vpclint", Version: "v0.3.0", InformationURI: "https://github.com/vpclint/vpclint"},
		Findings: fs,
		Rules:    rules,
		Coverage: []snapshot.Gap{{
			Account: "111122223333", Region: "eu-west-1", Service: "ec2",
			Operation: "DescribeNetworkAcls", Error: "AccessDenied: not authorized " + tagPayload,
		}},
		Inputs:             []string{"infra/main.tf", "snapshot.json"},
		FailOn:             finding.High,
		AutomationID:       "vpclint/111122223333-us-east-1/",
		BaselineSuppressed: 2,
	}
}

func fixtureRules() []finding.Rule {
	return []finding.Rule{
		{
			ID: "IAM001", Name: "iam-trust-any-principal", Title: "Role trust policy lets anyone assume it",
			Description: "The trust policy allows \"Principal\": \"*\" without a condition, so any AWS account can assume the role.",
			Category:    finding.Exposure, Severity: finding.Critical,
			Remediation: "Name the trusted accounts or add an aws:PrincipalOrgID condition.",
			Frameworks:  map[string][]string{"cis-aws-v3.0": {"1.16"}, "aws-fsbp": {"IAM.1"}},
			Tags:        []string{"iam", "trust-policy"},
			References:  []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"},
		},
		{
			ID: "NACL003", Name: "nacl-deny-shadows-allow", Title: "A network ACL deny shadows a later allow",
			Description: "A lower-numbered deny entry matches all traffic that a later allow entry admits.",
			Category:    finding.Breakage, Severity: finding.Medium,
			Remediation: "Renumber the allow entry below the deny, or narrow the deny.",
			Tags:        []string{"network", "nacl"},
		},
		{
			ID: "S3002", Name: "s3-public-policy", Title: "Bucket policy grants public access",
			Description: "A bucket policy statement allows anonymous principals.",
			Category:    finding.Exposure, Severity: finding.High,
		},
		{
			ID: "SG001", Name: "sg-admin-port-open", Title: "Security group opens an administrative port to the internet",
			Description: "An ingress rule admits 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389).",
			Category:    finding.Exposure, Severity: finding.High,
			Remediation: "Restrict the source CIDR or use SSM Session Manager.",
			Frameworks:  map[string][]string{"cis-aws-v3.0": {"5.2", "5.3"}, "cis-aws-v5.0": {"5.3", "5.4"}, "aws-fsbp": {"EC2.18", "EC2.19"}},
			Tags:        []string{"network", "security-group", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"},
			References:  []string{"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"},
		},
		{
			ID: "SG010", Name: "sg-rule-no-description", Title: "Security group rule has no description",
			Description: "Rules without descriptions are hard to audit.",
			Category:    finding.Hygiene, Severity: finding.Info,
		},
		{
			ID: "VPC001", Name: "vpc-flow-logs-disabled", Title: "VPC has no flow logs",
			Description: "Without flow logs, traffic cannot be investigated after the fact.",
			Category:    finding.Hygiene, Severity: finding.Low,
		},
	}
}

// fixtureFindings carry the hostile payloads every writer must keep inert.
func fixtureFindings(rules []finding.Rule) []finding.Finding {
	return []finding.Finding{
		{
			RuleID: "IAM001", RuleName: "iam-trust-any-principal", Category: finding.Exposure, Severity: finding.Critical,
			Title: rules[0].Title, Message: "Role admin can be assumed by anyone " + msgPayload,
			Resource: finding.Resource{
				Type: "aws_iam_role", ID: "admin", ARN: "arn:aws:iam::111122223333:role/admin",
				Account: "111122223333", Tags: map[string]string{"Team": "platform"},
			},
			Location:    finding.Location{File: "infra/iam.tf", StartLine: 30, EndLine: 41, Address: "aws_iam_role.admin"},
			Evidence:    json.RawMessage(`{"statement":0,"principal":"*","note":"` + msgPayload + `"}`),
			Remediation: rules[0].Remediation,
		},
		{
			RuleID: "SG001", RuleName: "sg-admin-port-open", Category: finding.Exposure, Severity: finding.High,
			Title: rules[3].Title, Message: "sg-0123 allows 0.0.0.0/0 to tcp/22",
			Resource: finding.Resource{
				Type: "aws_security_group", ID: "sg-0123", Account: "111122223333", Region: "us-east-1",
				ARN:  "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0123",
				Tags: map[string]string{"Name": tagPayload},
			},
			Location: finding.Location{File: "/src/repo/infra/sg.tf", StartLine: 12, EndLine: 18, Address: "aws_security_group.web"},
			Related:  []finding.Related{{Type: "aws_security_group_rule", ID: "sgr-1", Description: "ingress tcp/22 from 0.0.0.0/0"}},
			Evidence: json.RawMessage(`{"ports":[22],"cidr":"0.0.0.0/0"}`),
			Key:      "tcp/22", Remediation: rules[3].Remediation,
		},
		{
			RuleID: "SG001", RuleName: "sg-admin-port-open", Category: finding.Exposure, Severity: finding.High,
			Title: rules[3].Title, Message: "sg-0456 allows ::/0 to tcp/3389",
			Resource: finding.Resource{Type: "aws_security_group", ID: "sg-0456", Account: "111122223333", Region: "us-east-1"},
			Location: finding.Location{File: "./infra/../infra/bastion.tf", StartLine: 5},
			Key:      "tcp/3389",
			Suppression: &finding.Suppression{
				Kind: finding.SuppressInline, Reason: "bastion, reviewed in SEC-42", Source: "infra/bastion.tf:4", Active: true,
			},
		},
		{
			RuleID: "NACL003", RuleName: "nacl-deny-shadows-allow", Category: finding.Breakage, Severity: finding.Medium,
			Title: rules[1].Title, Message: "Entry 90 (deny all) shadows entry 100 (allow tcp/443)",
			Resource: finding.Resource{
				Type: "aws_network_acl", ID: "acl-0abc", Account: "111122223333", Region: "us-east-1",
				ARN: "arn:aws:ec2:us-east-1:111122223333:network-acl/acl-0abc",
			},
			Evidence: json.RawMessage(`{"deny":90,"allow":100}`),
			Key:      "90/100",
			Suppression: &finding.Suppression{
				Kind: finding.SuppressWaiver, Reason: "waiver expired on 2024-01-31: migration window",
				Owner: "netops", Expires: "2024-01-31", Source: ".vpclint.yaml:12", Active: false,
			},
		},
		{
			RuleID: "VPC001", RuleName: "vpc-flow-logs-disabled", Category: finding.Hygiene, Severity: finding.Low,
			Title: rules[5].Title, Message: "vpc-0def has no flow logs",
			Resource: finding.Resource{Type: "aws_vpc", ID: "vpc-0def", Account: "111122223333", Region: "us-east-1"},
			Location: finding.Location{File: "snapshot.json", StartLine: 220, EndLine: 240},
			Suppression: &finding.Suppression{
				Kind: finding.SuppressTag, Reason: "tag vpclint:ignore", Source: "vpclint:ignore", Active: true,
			},
		},
		{
			RuleID: "SG010", RuleName: "sg-rule-no-description", Category: finding.Hygiene, Severity: finding.Info,
			Title: rules[4].Title, Message: "sgr-1 has no description",
			Resource: finding.Resource{Type: "aws_security_group_rule", ID: "sgr-1"},
			Location: finding.Location{File: "infra/sg.tf", StartLine: 20, EndLine: 25},
		},
	}
}

// fixtureOptions fixes the repository root so golden files do not depend
// on the machine.
var fixtureOptions = Options{RepoRoot: "/src/repo"}
