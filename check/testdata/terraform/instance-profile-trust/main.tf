# IAM013 (issue #12 item 4): an instance profile's role that EC2 cannot
# assume is reported where the trust policy is written: the
# aws_iam_policy_document the role reads, or its assume_role_policy line.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

data "aws_iam_policy_document" "lambda_trust" { # want "IAM013"
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "wrong_service" {
  name               = "wrong-service"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_instance_profile" "wrong_service" {
  name = "wrong-service"
  role = aws_iam_role.wrong_service.name
}

resource "aws_iam_role" "inline_wrong" {
  name = "inline-wrong"
  assume_role_policy = jsonencode({ # want "IAM013" "IAM003"
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_instance_profile" "inline_wrong" {
  name = "inline-wrong"
  role = aws_iam_role.inline_wrong.name
}

# EC2 may assume it: nothing to report.
resource "aws_iam_role" "ec2" {
  name = "ec2"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_instance_profile" "ec2" {
  name = "ec2"
  role = aws_iam_role.ec2.name
}
