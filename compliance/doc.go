// Package compliance owns the compliance frameworks vpclint maps its rules
// to — CIS AWS Foundations Benchmark v3.0.0 and v5.0.0, and AWS
// Foundational Security Best Practices (Security Hub control ids) — as
// tables of the controls that fall in vpclint's domain (networking, IAM
// policy, S3 policy), and the per-control verdict Prowler users expect:
//
//	fail         an open finding of a rule mapped to the control
//	muted        findings of mapped rules, every one suppressed
//	pass         mapped rules ran and found nothing
//	not_checked  no rule that ran maps to it
//	manual       the benchmark assesses it by hand and no rule maps to it
//
// A rule declares its controls in METADATA (custom.frameworks); the
// tables say which controls exist, so that a control no rule checks is
// shown as not checked rather than left out. A control whose mapped rules
// check only part of what it asks carries a note saying what is left out,
// and its pass says "partial".
package compliance
