package compliance

import (
	"fmt"
	"strings"
)

// Framework is one compliance framework and the controls of it that fall
// in vpclint's domain.
type Framework struct {
	// Name is the key rules use in METADATA custom.frameworks.
	Name string `json:"name"`
	// Title is the framework as its publisher names it.
	Title string `json:"title"`
	// URL lists the framework's controls.
	URL string `json:"url"`
	// Controls are in control order (CompareControls).
	Controls []Control `json:"-"`
}

// Control is one control (a CIS recommendation, a Security Hub control).
type Control struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Manual marks a control the benchmark assesses by hand.
	Manual bool `json:"manual,omitempty"`
	// Partial says what the control asks that the rules mapped to it do
	// not check; a pass is then a pass of the part they do.
	Partial string `json:"partial,omitempty"`
}

// Partial-coverage notes shared by the CIS versions, whose requirements
// keep their wording under new numbers.
const (
	partialSGAdmin   = "vpclint checks TCP 22 and 3389 (SG001, all-protocol and port-range rules included); other administration ports and UDP are not checked"
	partialNACLAdmin = "vpclint checks TCP 22 and 3389 (NACL001); other administration ports and UDP are not checked"
	partialFlowLogs  = "VPC001 counts any VPC-level flow log; the control asks for one that captures rejected traffic (REJECT or ALL)"
	partialAdmin     = "vpclint reads customer-managed and inline policies (IAM007) and administrator roles in instance profiles (IAM010); AWS-managed AdministratorAccess attached to users, groups or roles outside instance profiles is not checked"
)

// The controls below are the ones in vpclint's domain, with their ids and
// titles as published: CIS v3.0.0 and v5.0.0 as listed by Security Hub
// CSPM's CIS page (which maps CIS requirements to control ids) and
// Prowler's cis_3.0_aws.json / cis_5.0_aws.json (titles, manual
// assessment); FSBP from Security Hub CSPM's FSBP standard page.
var frameworks = []Framework{
	{
		Name:  "aws-fsbp",
		Title: "AWS Foundational Security Best Practices v1.0.0",
		URL:   "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
		Controls: []Control{
			{ID: "EC2.2", Title: "VPC default security groups should not allow inbound or outbound traffic"},
			{ID: "EC2.6", Title: "VPC flow logging should be enabled in all VPCs", Partial: partialFlowLogs},
			{ID: "EC2.8", Title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)"},
			{ID: "EC2.9", Title: "Amazon EC2 instances should not have a public IPv4 address"},
			{ID: "EC2.10", Title: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service"},
			{ID: "EC2.15", Title: "Amazon EC2 subnets should not automatically assign public IP addresses"},
			{ID: "EC2.16", Title: "Unused Network Access Control Lists should be removed"},
			{ID: "EC2.17", Title: "Amazon EC2 instances should not use multiple ENIs"},
			{
				ID: "EC2.18", Title: "Security groups should only allow unrestricted incoming traffic for authorized ports",
				Partial: "vpclint reports administration (SG001), database and cache (SG002) ports and all traffic (SG003) open to 0.0.0.0/0 or ::/0; other unrestricted ports are not reported",
			},
			{
				ID: "EC2.19", Title: "Security groups should not allow unrestricted access to ports with high risk",
				Partial: "vpclint checks 22, 3389, 1433, 3306, 5432, 9200 and 9300 of the control's ports (and reports other database ports beyond it); 20, 21, 23, 25, 110, 135, 143, 445, 1434, 3000, 4333, 5000, 5500, 5601, 8080, 8088 and 8888 are not checked",
			},
			{ID: "EC2.21", Title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389"},
			{ID: "EC2.23", Title: "Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests"},
			{ID: "EC2.55", Title: "VPCs should be configured with an interface endpoint for ECR API"},
			{ID: "EC2.56", Title: "VPCs should be configured with an interface endpoint for Docker Registry"},
			{ID: "EC2.57", Title: "VPCs should be configured with an interface endpoint for Systems Manager"},
			{ID: "EC2.58", Title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager Contacts"},
			{ID: "EC2.60", Title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager"},
			{ID: "EC2.172", Title: "EC2 VPC Block Public Access settings should block internet gateway traffic"},
			{ID: "EC2.180", Title: "EC2 network interfaces should have source/destination checking enabled"},
			{ID: "IAM.1", Title: `IAM policies should not allow full "*" administrative privileges`},
			{ID: "IAM.2", Title: "IAM users should not have IAM policies attached"},
			{ID: "IAM.21", Title: "IAM customer managed policies that you create should not allow wildcard actions for services"},
			{ID: "KMS.1", Title: "IAM customer managed policies should not allow decryption actions on all KMS keys"},
			{ID: "KMS.2", Title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys"},
			{ID: "KMS.5", Title: "KMS keys should not be publicly accessible"},
			{ID: "Lambda.1", Title: "Lambda function policies should prohibit public access"},
			{ID: "S3.1", Title: "S3 general purpose buckets should have block public access settings enabled"},
			{ID: "S3.2", Title: "S3 general purpose buckets should block public read access"},
			{ID: "S3.3", Title: "S3 general purpose buckets should block public write access"},
			{ID: "S3.5", Title: "S3 general purpose buckets should require requests to use SSL"},
			{ID: "S3.6", Title: "S3 general purpose bucket policies should restrict access to other AWS accounts"},
			{ID: "S3.8", Title: "S3 general purpose buckets should block public access"},
			{ID: "S3.12", Title: "ACLs should not be used to manage user access to S3 general purpose buckets"},
			{ID: "SNS.4", Title: "SNS topic access policies should not allow public access"},
			{ID: "SQS.3", Title: "SQS queue access policies should not allow public access"},
		},
	},
	{
		Name:  "cis-aws-v3.0",
		Title: "CIS AWS Foundations Benchmark v3.0.0",
		URL:   "https://www.cisecurity.org/benchmark/amazon_web_services",
		Controls: []Control{
			{ID: "1.15", Title: "Ensure IAM Users Receive Permissions Only Through Groups"},
			{ID: "1.16", Title: `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, Partial: partialAdmin},
			{ID: "1.17", Title: "Ensure a support role has been created to manage incidents with AWS Support"},
			{ID: "1.18", Title: "Ensure IAM instance roles are used for AWS resource access from instances", Manual: true},
			{ID: "1.22", Title: "Ensure access to AWSCloudShellFullAccess is restricted", Manual: true},
			{ID: "2.1.1", Title: "Ensure S3 Bucket Policy is set to deny HTTP requests"},
			{ID: "2.1.4", Title: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'"},
			{ID: "3.7", Title: "Ensure VPC flow logging is enabled in all VPCs", Partial: partialFlowLogs},
			{ID: "5.1", Title: "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports", Partial: partialNACLAdmin},
			{ID: "5.2", Title: "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports", Partial: partialSGAdmin},
			{ID: "5.3", Title: "Ensure no security groups allow ingress from ::/0 to remote server administration ports", Partial: partialSGAdmin},
			{ID: "5.4", Title: "Ensure the default security group of every VPC restricts all traffic"},
			{ID: "5.5", Title: `Ensure routing tables for VPC peering are "least access"`, Manual: true},
			{ID: "5.6", Title: "Ensure that EC2 Metadata Service only allows IMDSv2"},
		},
	},
	{
		Name:  "cis-aws-v5.0",
		Title: "CIS AWS Foundations Benchmark v5.0.0",
		URL:   "https://www.cisecurity.org/benchmark/amazon_web_services",
		Controls: []Control{
			{ID: "1.14", Title: "Ensure IAM users receive permissions only through groups"},
			{ID: "1.15", Title: "Ensure IAM policies that allow full *:* administrative privileges are not attached", Partial: partialAdmin},
			{ID: "1.16", Title: "Ensure a support role has been created to manage incidents with AWS Support"},
			{ID: "1.17", Title: "Ensure IAM instance roles are used for AWS resource access from instances"},
			{ID: "1.21", Title: "Ensure access to AWSCloudShellFullAccess is restricted", Manual: true},
			{ID: "2.1.1", Title: "Ensure S3 Bucket Policy is set to deny HTTP requests"},
			{ID: "2.1.4", Title: "Ensure that S3 is configured with 'Block Public Access' enabled"},
			{ID: "3.7", Title: "Ensure VPC flow logging is enabled in all VPCs", Partial: partialFlowLogs},
			{ID: "5.1.2", Title: "Ensure CIFS access is restricted to trusted networks to prevent unauthorized access"},
			{ID: "5.2", Title: "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports", Partial: partialNACLAdmin},
			{ID: "5.3", Title: "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports", Partial: partialSGAdmin},
			{ID: "5.4", Title: "Ensure no security groups allow ingress from ::/0 to remote server administration ports", Partial: partialSGAdmin},
			{ID: "5.5", Title: "Ensure the default security group of every VPC restricts all traffic"},
			{ID: "5.6", Title: "Ensure routing tables for VPC peering are least access", Manual: true},
			{ID: "5.7", Title: "Ensure that the EC2 Metadata Service only allows IMDSv2"},
		},
	},
}

// Frameworks returns the known frameworks, sorted by name. The slice and
// its controls are shared: do not modify them.
func Frameworks() []Framework { return frameworks }

// Names lists the known framework names, sorted.
func Names() []string {
	out := make([]string, len(frameworks))
	for i, f := range frameworks {
		out[i] = f.Name
	}
	return out
}

// Lookup finds a framework by name; an unknown name is an error that
// lists the known ones.
func Lookup(name string) (Framework, error) {
	for _, f := range frameworks {
		if f.Name == name {
			return f, nil
		}
	}
	return Framework{}, fmt.Errorf("unknown compliance framework %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Control finds a control of the framework by id.
func (f Framework) Control(id string) (Control, bool) {
	for _, c := range f.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}
