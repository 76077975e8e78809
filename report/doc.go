// Package report renders the results of a vpclint run: findings (muted ones
// included), the catalog of rules that ran and the coverage gaps of the
// snapshot, as text, JSON, SARIF 2.1.0, a self-contained HTML page or JUnit
// XML. Writers only render what they are given: they never evaluate rules,
// apply suppressions or decide the exit code.
package report
