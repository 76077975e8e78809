package terraform

import (
	"slices"
	"testing"

	"github.com/vpclint/vpclint/snapshot"
)

// byAddressConfig refers to resources whose names and ARNs are unknown
// until apply (they interpolate the account id, which no provider
// setting gives), directly, through a local, a module and count.
var byAddressConfig = map[string]string{
	"main.tf": `
data "aws_caller_identity" "current" {}

locals {
  acct     = data.aws_caller_identity.current.account_id
  app_role = aws_iam_role.app.name
}

resource "aws_iam_role" "app" {
  name               = "app-${local.acct}"
  assume_role_policy = "{}"
}

resource "aws_iam_policy" "p" {
  name   = "p-${local.acct}"
  policy = "{}"
}

resource "aws_iam_role_policy_attachment" "direct" {
  role       = local.app_role
  policy_arn = aws_iam_policy.p.arn
}

resource "aws_iam_role_policy" "inline" {
  role   = aws_iam_role.app.id
  policy = "{}"
}

module "prof" {
  source = "./prof"
  role   = aws_iam_role.app.name
}

resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "logs-${count.index}-${local.acct}"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs[1].bucket
  policy = "{}"
}

resource "aws_iam_role_policy_attachment" "derived" {
  role       = "${aws_iam_role.app.name}-other"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "named" {
  name   = "sg-${local.acct}"
  vpc_id = aws_vpc.v.id
}

resource "aws_instance" "i" {
  security_groups      = [aws_security_group.named.name]
  iam_instance_profile = module.prof.name
}
`,
	"prof/main.tf": `
variable "role" {}

resource "aws_iam_instance_profile" "this" {
  name = "prof-${var.role}"
  role = var.role
}

output "name" {
  value = aws_iam_instance_profile.this.name
}
`,
}

// TestReferencesByAddress: a reference to a resource links to it by its
// address whatever attribute it reads and whether or not the value is
// known; a value built from a reference ("${...}-other") names something
// else and stays unknown (a coverage gap), never the wrong resource.
func TestReferencesByAddress(t *testing.T) {
	s, err := Load(writeConfig(t, byAddressConfig), Options{})
	if err != nil {
		t.Fatal(err)
	}
	role := find(t, s.Roles, "aws_iam_role.app", func(r snapshot.Role) string { return r.ID })
	if !slices.Equal(role.AttachedPolicyARNs, []string{"aws_iam_policy.p"}) {
		t.Errorf("attached policies %v, want the policy by address", role.AttachedPolicyARNs)
	}
	if len(role.InlinePolicies) != 1 {
		t.Errorf("inline policies %+v, want the one written by .id", role.InlinePolicies)
	}
	if !slices.Equal(role.InstanceProfileIDs, []string{"module.prof.aws_iam_instance_profile.this"}) {
		t.Errorf("instance profiles %v, want the module's profile", role.InstanceProfileIDs)
	}
	b := find(t, s.Buckets, "aws_s3_bucket.logs[1]", func(b snapshot.Bucket) string { return b.ID })
	if b.Policy == nil {
		t.Errorf("bucket logs[1] has no policy; want the one written by .bucket")
	}
	in := find(t, s.Instances, "aws_instance.i", func(i snapshot.Instance) string { return i.ID })
	if !slices.Equal(in.SecurityGroupIDs, []string{"aws_security_group.named"}) || in.InstanceProfileID != "module.prof.aws_iam_instance_profile.this" {
		t.Errorf("instance groups %v profile %q", in.SecurityGroupIDs, in.InstanceProfileID)
	}
	var gaps []string
	for _, g := range s.Coverage {
		gaps = append(gaps, g.Resource)
	}
	if !slices.Equal(gaps, []string{"aws_iam_role_policy_attachment.derived"}) {
		t.Errorf("coverage gaps %v, want only the derived name", gaps)
	}
}
