# An inline suppression with a reason: SG001 is reported as suppressed,
# not as an open finding.
resource "aws_vpc" "main" { # want "SG005" "VPC001"
  cidr_block = "10.0.0.0/16"
}

# vpclint:ignore SG001 bastion host, reachable by design (reviewed 2025-03)
resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "ssh"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
