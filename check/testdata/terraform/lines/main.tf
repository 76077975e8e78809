# Findings about an attribute land on the attribute's line, findings
# about a policy's statements on the policy that holds them, not on the
# role it is attached to (issue #12 item 4).
resource "aws_vpc" "main" { # want "SG005" "VPC001" "NACL001"
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.30.1.0/24"
  map_public_ip_on_launch = true # want "VPC003"
}

resource "aws_instance" "web" { # want "SG006"
  subnet_id = aws_subnet.public.id
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional" # want "EC2001"
  }
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
  inline_policy { # want "IAM008"
    name = "logs"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }]
    })
  }
}

resource "aws_iam_role_policy" "admin" { # want "IAM007"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "s3" { # want "IAM008"
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "s3" {
  role   = aws_iam_role.app.name
  policy = data.aws_iam_policy_document.s3.json
}
