// Package terraform reads a directory of Terraform configuration (.tf and
// .tf.json) without running Terraform and turns it into a snapshot, with a
// file and line for every entity and for every nested rule, route and ACL
// entry.
//
// It evaluates variables (defaults, terraform.tfvars, *.auto.tfvars,
// -var-file, -var), locals, count and for_each over known values, dynamic
// blocks, the common Terraform functions, data "aws_iam_policy_document",
// references between resources and local modules. A reference to another
// resource's id becomes that resource's address ("aws_security_group.web",
// "module.net.aws_subnet.private[0]"), which is also the entity id, so
// rules can join; a reference to its name, ARN or unique id links to it by
// address too, through locals, variables and modules, even when the value
// is known only after apply (origin.go). Values Terraform itself would know only after apply are
// recorded in Meta.Unknown; what cannot be read at all (a registry module
// that is not on disk, a count over an unknown value) is a coverage gap
// with service "terraform". A value that is wrong but does not stop the
// rest being read (a variable of the wrong type, a CIDR that does not
// parse, a function call that fails) becomes unknown and a located
// problem in Snapshot.Diagnostics, at the value and the variable it came
// from (problems.go).
package terraform
