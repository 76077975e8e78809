variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  type = string
}

locals {
  name = "flow-logs-lab"
  instances = {
    a = { private_ip = "172.31.5.10", http_tokens = "optional" }
    b = { private_ip = "172.31.9.20", http_tokens = "required" }
  }
}
