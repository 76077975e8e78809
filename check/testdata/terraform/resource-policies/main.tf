# Resource policies beyond S3 (issue #12 item 3): public by S3's fixed-value
# test (RES001), and grants to other accounts (RES002), in both directions.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

# Anyone may send: public.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" { # want "RES001"
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = aws_sqs_queue.jobs.arn }]
  })
}

# "*" pinned to one source topic: not public.
resource "aws_sqs_queue" "events" {
  name = "events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:us-east-1:111122223333:events" } }
    }]
  })
}

# Another account may publish.
resource "aws_sns_topic" "alerts" { # want "RES002"
  name = "alerts"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sns:Publish", Resource = "*" }]
  })
}

# The usual key policy: the own account's root, and "*" limited by
# kms:CallerAccount (as EBS keys do). Neither public nor cross-account.
resource "aws_kms_key" "ebs" {
  description = "ebs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      {
        Effect = "Allow", Principal = { AWS = "*" }, Action = ["kms:Decrypt", "kms:CreateGrant"], Resource = "*"
        Condition = { StringEquals = { "kms:CallerAccount" = "111122223333", "kms:ViaService" = "ec2.us-east-1.amazonaws.com" } }
      },
    ]
  })
}

# kms:ViaService alone pins no caller: public.
resource "aws_kms_key" "open" {
  description = "open"
}

resource "aws_kms_key_policy" "open" { # want "RES001"
  key_id = aws_kms_key.open.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*", Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } } }]
  })
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
}

# Anyone may invoke: public.
resource "aws_lambda_permission" "anyone" { # want "RES001"
  statement_id  = "anyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "*"
}

# S3 invokes it for one bucket: fine.
resource "aws_lambda_permission" "s3" {
  statement_id  = "s3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.arn
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::uploads"
}

# Another account may invoke.
resource "aws_lambda_permission" "partner" { # want "RES002"
  statement_id  = "partner"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "444455556666"
}

# A function whose name is known only at apply (it interpolates a variable
# with no default): the permission still links to it by address.
variable "suffix" {
  type = string
}

resource "aws_lambda_function" "computed" {
  function_name = "worker-${var.suffix}"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
}

resource "aws_lambda_permission" "computed_anyone" { # want "RES001"
  statement_id  = "anyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.computed.function_name
  principal     = "*"
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository_policy" "app" { # want "RES001"
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "pull", Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }]
  })
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

# Inside the organization only: fine.
resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*", Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } } }]
  })
}

resource "aws_opensearch_domain" "logs" {
  domain_name = "logs"
}

resource "aws_opensearch_domain_policy" "logs" { # want "RES001"
  domain_name = aws_opensearch_domain.logs.domain_name
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "arn:aws:es:us-east-1:111122223333:domain/logs/*" }]
  })
}

# An office range: not public.
resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:ESHttpGet", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}
