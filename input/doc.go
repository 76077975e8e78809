// Package input finds out what each input is and loads it into a
// snapshot: a vpclint snapshot, a Terraform directory, a Terraform plan, a
// CloudFormation template, or the live account. It is the one loader every
// command uses (check and its --before, explain, diff, matrix, scan), so
// the options that change what an input means (--var, --var-file,
// --parameter) reach all of them alike.
package input
