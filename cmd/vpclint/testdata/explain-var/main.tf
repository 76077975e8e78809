# Two instances in one subnet; the web group admits SSH only from
# var.admin_cidr, so whether a can reach b on tcp/22 is the variable's.

variable "admin_cidr" {
  type    = string
  default = "192.168.0.0/16"
}

resource "aws_vpc" "lab" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "lab" {
  vpc_id     = aws_vpc.lab.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "SSH from the admin network"
  vpc_id      = aws_vpc.lab.id

  ingress {
    description = "ssh"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.admin_cidr]
  }

  egress {
    description = "all"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "a" {
  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.lab.id
  private_ip             = "10.0.1.10"
  vpc_security_group_ids = [aws_security_group.web.id]
}

resource "aws_instance" "b" {
  ami                    = "ami-0c02fb55956c7d316"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.lab.id
  private_ip             = "10.0.1.20"
  vpc_security_group_ids = [aws_security_group.web.id]
}
