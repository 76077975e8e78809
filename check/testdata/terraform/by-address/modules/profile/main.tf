variable "role" {
  type = string
}

resource "aws_iam_instance_profile" "this" {
  name = "profile-${var.role}"
  role = var.role
}
