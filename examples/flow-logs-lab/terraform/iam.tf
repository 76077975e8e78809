resource "aws_iam_role" "ssm" {
  name = "EC2-SSM-Role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  role       = aws_iam_role.ssm.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "ssm" {
  name = "EC2-SSM-Role"
  role = aws_iam_role.ssm.name
}

data "aws_iam_policy_document" "flow_logs_trust" { # want "IAM003"
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "Flow-Logs-Role"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_trust.json
}

resource "aws_iam_role_policy" "delivery" { # want "IAM008"
  name = "FlowLogsDelivery"
  role = aws_iam_role.flow_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DeliverFlowLogs"
      Effect   = "Allow"
      Action   = "logs:*"
      Resource = "*"
    }]
  })
}

resource "aws_flow_log" "vpc" {
  vpc_id          = aws_default_vpc.default.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:logs:${var.region}:${var.account_id}:log-group:VPCFlowLogs"
  iam_role_arn    = aws_iam_role.flow_logs.arn
}
