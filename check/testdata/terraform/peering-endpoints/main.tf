# PCX004, PCX002 (a secondary block) and VPCE003/VPCE007 on real Terraform: a peering
# nobody accepted, an active one between overlapping VPCs, a gateway
# endpoint on a route table no subnet uses, an endpoint policy that
# denies everything.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_vpc" "a" { # want "SG005" "VPC001" "NACL001"
  cidr_block = "10.50.0.0/16"
}

resource "aws_vpc" "b" { # want "SG005" "VPC001" "NACL001"
  cidr_block = "10.60.0.0/16"
}

resource "aws_vpc" "c" { # want "SG005" "VPC001"
  cidr_block = "10.70.0.0/16"
}

# The overlap is in c's secondary block.
resource "aws_vpc_ipv4_cidr_block_association" "c" {
  vpc_id     = aws_vpc.c.id
  cidr_block = "10.50.128.0/17"
}

# Requested from another account's VPC and never accepted here.
resource "aws_vpc_peering_connection" "to_partner" { # want "PCX004"
  vpc_id        = aws_vpc.a.id
  peer_vpc_id   = aws_vpc.b.id
  peer_owner_id = "444455556666"
}

# Active, but the two VPCs overlap (through c's secondary block).
resource "aws_vpc_peering_connection" "overlap" { # want "PCX001" "PCX002"
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.c.id
  auto_accept = true
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.a.id
  cidr_block = "10.50.1.0/24"
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.a.id
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table" "spare" {
  vpc_id = aws_vpc.a.id
}

# Only on a route table no subnet uses: it serves nobody.
resource "aws_vpc_endpoint" "s3" { # want "VPCE003" "VPCE001"
  vpc_id            = aws_vpc.a.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.spare.id]
}

# Associated where it is used, with a policy that denies everything.
resource "aws_vpc_endpoint" "locked" {
  vpc_id            = aws_vpc.b.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_vpc.b.main_route_table_id]
  policy = jsonencode({ # want "VPCE007"
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "*", Resource = "*" }]
  })
}

resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.b.id
  cidr_block = "10.60.1.0/24"
}
