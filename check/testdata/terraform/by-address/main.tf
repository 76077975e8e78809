# Names and ARNs unknown until apply (they interpolate the account id,
# which no provider setting gives): every reference still links to its
# resource by address (issue #12 item 1).
data "aws_caller_identity" "current" {}

locals {
  acct = data.aws_caller_identity.current.account_id
}

resource "aws_iam_role" "app" { # want "IAM010"
  name = "app-${local.acct}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

module "app_profile" {
  source = "./modules/profile"
  role   = aws_iam_role.app.name
}

# Read-only: usable from EC2 too, but no finding.
resource "aws_iam_role" "reader" {
  name = "reader-${local.acct}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "reader" {
  role       = aws_iam_role.reader.id
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_instance_profile" "reader" {
  name = "reader-${local.acct}"
  role = aws_iam_role.reader.name
}

# A name built from another role's is a different role, not declared
# here: the attachment cannot be applied, which is said (never guessed).
resource "aws_iam_role_policy_attachment" "other" { # want "COV001"
  role       = "${aws_iam_role.reader.name}-legacy"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# The delivery role is referenced by its unknown ARN and does not trust
# vpc-flow-logs.amazonaws.com.
resource "aws_vpc" "main" { # want "SG005"
  cidr_block = "10.20.0.0/16"
}

resource "aws_flow_log" "main" { # want "FL001"
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:logs:us-east-1:111122223333:log-group:flow"
  iam_role_arn    = aws_iam_role.reader.arn
}
