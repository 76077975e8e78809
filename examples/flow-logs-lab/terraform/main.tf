# flow-logs-lab as Terraform: the classic VPC Flow Logs workshop in the
# default VPC. Same lab as ../snapshot.json; see ../README.md.
# The "# want" comments name the findings vpclint reports on that line.

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]
}

resource "aws_default_vpc" "default" { # want "VPC002" "SG005"
  tags = {
    Name = "default"
  }
}

resource "aws_internet_gateway" "default" {
  vpc_id = aws_default_vpc.default.id
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_default_vpc.default.default_route_table_id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.default.id
  }
}

resource "aws_subnet" "public_1a" {
  vpc_id                  = aws_default_vpc.default.id
  availability_zone       = "${var.region}a"
  cidr_block              = "172.31.0.0/20"
  map_public_ip_on_launch = true # want "VPC003"

  tags = {
    Name = "${local.name}-public-1a"
  }
}

resource "aws_network_acl" "lab" { # want "NACL005"
  vpc_id     = aws_default_vpc.default.id
  subnet_ids = [aws_subnet.public_1a.id]

  ingress { # want "NACL001"
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  egress {
    rule_no    = 1
    action     = "deny"
    protocol   = "icmp"
    icmp_type  = -1
    icmp_code  = -1
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  egress { # want "NACL002"
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  tags = {
    Name = "${local.name}-nacl"
  }
}

resource "aws_security_group" "lab" {
  name        = "lab-sg"
  description = "Flow logs lab instances (no inbound rules on purpose)"
  vpc_id      = aws_default_vpc.default.id

  egress { # want "SG007"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "lab-sg"
  }
}

resource "aws_instance" "lab" {
  for_each = local.instances

  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public_1a.id
  private_ip             = each.value.private_ip
  vpc_security_group_ids = [aws_security_group.lab.id]
  iam_instance_profile   = aws_iam_instance_profile.ssm.name

  metadata_options {
    http_tokens                 = each.value.http_tokens # want "EC2001"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = each.value.http_tokens == "required" ? 2 : 1
  }

  tags = {
    Name = "${local.name}-${each.key}"
  }
}
