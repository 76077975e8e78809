package snapshot

import (
	"fmt"

	"github.com/vpclint/vpclint/iampolicy"
)

// policyDiagnostics turns the parse problems of every policy document into
// located errors: the file line of the policy plus the problem's own line
// within it. It runs on the decoded, not yet sorted, snapshot so that the
// list indices in paths match the file.
func (s *Snapshot) policyDiagnostics(data []byte, name string) []*Error {
	var out []*Error
	add := func(d *iampolicy.Document, path string) {
		if d == nil || len(d.Problems) == 0 {
			return
		}
		line, col := 0, 0
		if off, ok := offsetOf(data, splitPath(path)); ok {
			line, col = lineCol(data, off)
		}
		for _, p := range d.Problems {
			e := &Error{File: name, Line: line, Column: col, Path: path, Msg: "policy: " + p.Message}
			if p.Path != "" {
				e.Msg = fmt.Sprintf("policy %s: %s", p.Path, p.Message)
			}
			if p.Line > 0 && line > 0 && data[offsetOrZero(data, path)] == '{' {
				// The policy is written inline as an object: its own line
				// numbers continue the file's.
				e.Line = line + p.Line - 1
				e.Column = p.Column
				if p.Line == 1 {
					e.Column = col + p.Column - 1
				}
			}
			out = append(out, e)
		}
	}
	for i := range s.Roles {
		r := &s.Roles[i]
		add(&r.TrustPolicy, fmt.Sprintf("roles[%d].trust_policy", i))
		for j := range r.InlinePolicies {
			add(&r.InlinePolicies[j].Document, fmt.Sprintf("roles[%d].inline_policies[%d].document", i, j))
		}
	}
	for i := range s.Users {
		for j := range s.Users[i].InlinePolicies {
			add(&s.Users[i].InlinePolicies[j].Document, fmt.Sprintf("users[%d].inline_policies[%d].document", i, j))
		}
	}
	for i := range s.Groups {
		for j := range s.Groups[i].InlinePolicies {
			add(&s.Groups[i].InlinePolicies[j].Document, fmt.Sprintf("groups[%d].inline_policies[%d].document", i, j))
		}
	}
	for i := range s.ResourcePolicies {
		add(&s.ResourcePolicies[i].Policy, fmt.Sprintf("resource_policies[%d].policy", i))
	}
	for i := range s.Policies {
		add(&s.Policies[i].Document, fmt.Sprintf("policies[%d].document", i))
	}
	for i := range s.Buckets {
		add(s.Buckets[i].Policy, fmt.Sprintf("buckets[%d].policy", i))
	}
	for i := range s.VPCEndpoints {
		add(s.VPCEndpoints[i].Policy, fmt.Sprintf("vpc_endpoints[%d].policy", i))
	}
	return out
}

func offsetOrZero(data []byte, path string) int {
	off, ok := offsetOf(data, splitPath(path))
	if !ok || off >= len(data) {
		return 0
	}
	return off
}
