// Package iampolicy owns the IAM policy language for vpclint: parsing and
// normalising policy documents (identity, resource, trust and endpoint
// policies), wildcard and ARN matching, condition evaluation, single-policy
// evaluation, principal classification and S3's "is public" test.
//
// Parse never fails: shape and syntax problems are recorded on the Document
// so rules can report them next to the author's original text.
package iampolicy
