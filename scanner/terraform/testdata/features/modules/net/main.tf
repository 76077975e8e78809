variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

resource "aws_subnet" "private" {
  for_each   = toset(["a", "b"])
  vpc_id     = var.vpc_id
  cidr_block = cidrsubnet(var.cidr, 8, each.key == "a" ? 1 : 2)
}

resource "aws_security_group" "lb" {
  name   = "lb"
  vpc_id = var.vpc_id
}

output "lb_sg_id" {
  value = aws_security_group.lb.id
}
