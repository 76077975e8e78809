# One lab VPC: internet gateway, a public subnet with its route table, a
# security group admitting ICMP from the peer and SSH from 10.0.0.0/8, one
# instance and a flow log to the log archive bucket.

variable "name" {
  type = string
}

variable "cidr" {
  type = string
}

variable "peer_cidr" {
  type = string
}

variable "flow_log_bucket_arn" {
  type = string
}

resource "aws_vpc" "this" { # want "SG005" "NACL001"
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = var.name
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${var.name}-igw"
  }
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, 1)
  availability_zone = "us-east-1a"

  tags = {
    Name = "${var.name}-public-1a"
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "instances" {
  name        = "${var.name}-instances"
  description = "Lab instances in ${var.name}"
  vpc_id      = aws_vpc.this.id

  dynamic "ingress" { # want "SG009"
    for_each = local.ingress
    content {
      description = ingress.value.description
      protocol    = ingress.value.protocol
      from_port   = ingress.value.from_port
      to_port     = ingress.value.to_port
      cidr_blocks = [ingress.value.cidr]
    }
  }

  egress {
    description = "Allow all outbound"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

locals {
  ingress = [
    { description = "ICMP from the peer VPC", protocol = "icmp", from_port = -1, to_port = -1, cidr = var.peer_cidr },
    { description = "SSH from internal networks", protocol = "tcp", from_port = 22, to_port = 22, cidr = "10.0.0.0/8" },
  ]
}

resource "aws_instance" "host" {
  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  private_ip             = cidrhost(aws_subnet.public.cidr_block, 10)
  vpc_security_group_ids = [aws_security_group.instances.id]

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  tags = {
    Name = "${var.name}-host"
  }
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_log_bucket_arn
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "cidr" {
  value = aws_vpc.this.cidr_block
}

output "route_table_id" {
  value = aws_route_table.public.id
}
