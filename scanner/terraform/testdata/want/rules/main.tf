# Standalone rule resources, count over a local, a variable CIDR and the
# vpc_security_group_*_rule resources: findings land on the rule blocks.
variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

locals {
  admin_ports = [22, 3389]
}

resource "aws_vpc" "main" { # want "SG005" "VPC001"
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "admin" { # want "SG001"
  count             = length(local.admin_ports)
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = local.admin_ports[count.index]
  to_port           = local.admin_ports[count.index]
  cidr_blocks       = [var.admin_cidr]
  description       = "admin access"
}

resource "aws_vpc_security_group_egress_rule" "all" { # want "SG007"
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
