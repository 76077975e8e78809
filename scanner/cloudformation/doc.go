// Package cloudformation reads an AWS CloudFormation template (YAML with
// the short-form tags, or JSON) and builds a vpclint snapshot from it,
// without calling AWS.
//
// It owns: parsing on yaml.v3 nodes (so every entity keeps its file and
// lines), the intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
// Fn::Select, Fn::Split, Fn::If and the condition functions, Fn::FindInMap,
// Fn::Base64, Fn::Cidr; Fn::ImportValue and Fn::GetAZs become unknowns),
// Parameters with their defaults and overrides, Conditions, pseudo
// parameters, the resource types of the networking and access model, and
// inline suppressions written as resource Metadata
// (vpclint: {ignore: [{id: SG001, reason: ...}]}).
//
// Values that cannot be known from the template are listed in the entity's
// Meta.Unknown (or the rule's Unknown) and the field is left empty; they
// are never guessed. Transforms and nested stacks are reported as coverage
// gaps. Normalisation (default security group, default NACL, main route
// table, implicit associations) is left to snapshot.Normalize.
package cloudformation
