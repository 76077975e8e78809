# default-vpc-lab as Terraform: the default VPC as a first-time user
# leaves it. Same lab as ../snapshot.json; see ../README.md.
# The "# want" comments name the findings vpclint reports on that line.

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_default_vpc" "default" { # want "VPC001" "VPC002" "NACL001"
  enable_dns_hostnames = true
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

resource "aws_subnet" "default_1a" {
  vpc_id                  = aws_default_vpc.default.id
  availability_zone       = "us-east-1a"
  cidr_block              = cidrsubnet(aws_default_vpc.default.cidr_block, 4, 0)
  map_public_ip_on_launch = true # want "VPC003"
}

# The default group, managed with the rules AWS gives it.
resource "aws_default_security_group" "default" { # want "SG005"
  vpc_id = aws_default_vpc.default.id

  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "launch_wizard_1" {
  name        = "launch-wizard-1"
  description = "launch-wizard-1 created 2025-03-14T09:21:07.512Z"
  vpc_id      = aws_default_vpc.default.id

  ingress { # want "SG001" "SG007"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress { # want "SG007"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "quick_test" { # want "SG006"
  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.default_1a.id
  private_ip             = "172.31.4.87"
  vpc_security_group_ids = [aws_default_security_group.default.id, aws_security_group.launch_wizard_1.id]

  metadata_options {
    http_tokens                 = "required"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 2
  }

  tags = {
    Name = "quick-test"
  }
}
