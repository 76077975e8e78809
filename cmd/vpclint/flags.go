package main

import (
	"github.com/spf13/pflag"

	"github.com/vpclint/vpclint/input"
)

// registerLoadFlags binds the flags that change what an input means, for
// every command that loads one (check, explain, diff, matrix).
func registerLoadFlags(fl *pflag.FlagSet, o *input.Options) {
	fl.StringArrayVar(&o.Vars, "var", nil, "Terraform variable name=value, as terraform -var (repeatable)")
	fl.StringArrayVar(&o.VarFiles, "var-file", nil, "Terraform variable file, as terraform -var-file (repeatable)")
	fl.StringArrayVar(&o.Parameters, "parameter", nil, "CloudFormation parameter Key=Value, overriding its default (repeatable; pseudo parameters too: AWS::Region=eu-west-1, AWS::AccountId=...)")
}
