# IAM users and groups (issue #12 item 3): users' and groups' own policies
# get the identity-policy rules roles get, and a policy attached straight
# to a user is IAM014; permissions through a group are the recommended way.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_iam_user" "alice" { # want "IAM014"
  name = "alice"
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.bob.name
  groups = [aws_iam_group.ops.name]
}

resource "aws_iam_group_membership" "ops" {
  name  = "ops-members"
  group = aws_iam_group.ops.name
  users = [aws_iam_user.bob.name]
}

# Through the group: no IAM014; "*" on "*" is still IAM007, at the policy
# resource that writes it (issue #12 item 4).
resource "aws_iam_group_policy" "ops_admin" { # want "IAM007"
  name  = "admin"
  group = aws_iam_group.ops.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_group_policy_attachment" "ops_read" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# Straight to the user: IAM014 here, and the service wildcard IAM008 here
# too; the managed policy attached below is IAM014 on the user.
resource "aws_iam_user_policy" "alice_s3" { # want "IAM014" "IAM008"
  name = "s3-all"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "alice_billing" {
  user       = aws_iam_user.alice.name
  policy_arn = aws_iam_policy.billing.arn
}

resource "aws_iam_policy" "billing" {
  name = "billing-read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["aws-portal:ViewBilling"], Resource = "*" }]
  })
}

resource "aws_iam_user" "carol" { # want "IAM014"
  name = "carol"
}

# The older exclusive attachment resource attaches to users, groups and roles.
resource "aws_iam_policy_attachment" "billing" {
  name       = "billing"
  users      = [aws_iam_user.carol.name]
  groups     = [aws_iam_group.ops.name]
  policy_arn = aws_iam_policy.billing.arn
}
