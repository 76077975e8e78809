# peering-endpoints-lab as Terraform: two peered VPCs (one local module,
# instantiated twice), an S3 gateway endpoint with the default policy and a
# bucket locked to that endpoint. Same lab as ../snapshot.json; see
# ../README.md. The "# want" comments name the findings vpclint reports on
# that line (findings on module resources land in the module's file).

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

locals {
  vpcs = {
    a = { name = "lab-vpc-a", cidr = "10.1.0.0/16", peer = "b" }
    b = { name = "lab-vpc-b", cidr = "10.2.0.0/16", peer = "a" }
  }
}

module "vpc" {
  source   = "./modules/lab-vpc"
  for_each = local.vpcs

  name                = each.value.name
  cidr                = each.value.cidr
  peer_cidr           = local.vpcs[each.value.peer].cidr
  flow_log_bucket_arn = "arn:aws:s3:::org-flow-logs-444455556666/peering-lab/"
}

resource "aws_vpc_peering_connection" "a_to_b" {
  vpc_id      = module.vpc["a"].vpc_id
  peer_vpc_id = module.vpc["b"].vpc_id
  auto_accept = true

  tags = {
    Name = "lab-a-to-b"
  }
}

resource "aws_route" "to_peer" {
  for_each = local.vpcs

  route_table_id            = module.vpc[each.key].route_table_id
  destination_cidr_block    = module.vpc[each.value.peer].cidr
  vpc_peering_connection_id = aws_vpc_peering_connection.a_to_b.id
}

# Written without a policy: AWS attaches the default full-access one.
resource "aws_vpc_endpoint" "s3" { # want "VPCE001"
  vpc_id          = module.vpc["a"].vpc_id
  service_name    = "com.amazonaws.us-east-1.s3"
  route_table_ids = [module.vpc["a"].route_table_id]

  tags = {
    Name = "lab-vpc-a-s3"
  }
}

resource "aws_s3_bucket" "data" { # want "S3003"
  bucket = "peering-lab-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "only_vpce" { # want "S3004"
  policy_id = "AccessOnlyThroughVpcA"

  statement {
    sid       = "DenyUnlessFromVpcAEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.s3.id]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.only_vpce.json
}
