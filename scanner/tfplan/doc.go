// Package tfplan reads a Terraform plan as `terraform show -json` writes
// it (hashicorp/terraform-json) and yields two snapshots: before, from
// prior_state, and after, from planned_values with resource_changes'
// after_unknown marking the values known only after apply.
//
// Resources are placed on their .tf file and line when the configuration
// is beside the plan (the plan's directory or its parent); otherwise on
// the line of their address in the plan file itself.
package tfplan
