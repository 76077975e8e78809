provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222233334444"]
}

variable "cidr" {
  type    = string
  default = "10.9.0.0/16"
}

variable "from_tfvars" {
  type    = string
  default = "default"
}

variable "from_auto" {
  type    = string
  default = "default"
}

variable "from_cli" {
  type    = number
  default = 1
}

variable "unset" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = var.cidr
  tags = {
    tfvars = var.from_tfvars
    auto   = var.from_auto
    cli    = tostring(var.from_cli)
  }
}

module "net" {
  source = "./modules/net"
  vpc_id = aws_vpc.main.id
  cidr   = var.cidr
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id

  ingress {
    description = "from an unknown network"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.unset]
  }

  ingress {
    description     = "from the lb"
    protocol        = "tcp"
    from_port       = 8080
    to_port         = 8080
    security_groups = [module.net.lb_sg_id]
  }
}

resource "aws_subnet" "unknown_count" {
  count      = length(data.aws_availability_zones.all.names)
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}

data "aws_availability_zones" "all" {}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::999988887777:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["abc"]
    }
  }
}

resource "aws_iam_role" "cross" {
  name               = "cross"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
