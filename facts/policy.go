package facts

import (
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// PolicyAnalysis is who a policy document lets in, and whether S3 would
// call it public (aws-semantics §10.2; for another service's resource
// policy, the same test with that service's caller keys, see
// iampolicy.IsPublicFor). The engine puts it into the document as
// "analysis".
type PolicyAnalysis struct {
	// Grants are the principals each statement names, classified.
	Grants []iampolicy.Grant `json:"grants"`
	// Public is S3's "public policy" definition (the service's own for a
	// resource policy).
	Public bool `json:"public"`
	// PublicStatements are the indexes of the statements that make it
	// public.
	PublicStatements []int `json:"public_statements"`
}

// PolicyAt is where a policy document is in the input:
// input[Collection][ID][Field], or input[Collection][ID][Field][Index].document
// for an inline policy.
type PolicyAt struct {
	// Collection is the input collection: roles, users, groups, policies,
	// buckets, vpc_endpoints or resource_policies.
	Collection string
	// ID is the entity's id.
	ID string
	// Field is the entity's field holding the document: trust_policy,
	// inline_policies, document or policy.
	Field string
	// Index is the position in inline_policies; 0 elsewhere.
	Index int
}

// inlinePolicies is the field whose elements hold their document under
// "document".
const inlinePolicies = "inline_policies"

// Path is the way from the input's root to the document: object keys as
// strings, list indexes as ints.
func (p PolicyAt) Path() []any {
	if p.Field == inlinePolicies {
		return []any{p.Collection, p.ID, p.Field, p.Index, "document"}
	}
	return []any{p.Collection, p.ID, p.Field}
}

func analyse(d iampolicy.Document, owner string) PolicyAnalysis {
	pub, stmts := iampolicy.IsPublic(d)
	return PolicyAnalysis{Grants: nonNil(iampolicy.Grants(d, owner)), Public: pub, PublicStatements: nonNil(stmts)}
}

func analyseResource(p snapshot.ResourcePolicy) PolicyAnalysis {
	pub, stmts := iampolicy.IsPublicFor(p.Policy, p.Service)
	return PolicyAnalysis{Grants: nonNil(iampolicy.Grants(p.Policy, accountOf(p.Meta, p.ARN))), Public: pub, PublicStatements: nonNil(stmts)}
}

// analyseInline analyses the inline policies of a role, user or group.
func analyseInline(out map[PolicyAt]PolicyAnalysis, coll, id, owner string, ps []snapshot.InlinePolicy) {
	for i, p := range ps {
		out[PolicyAt{Collection: coll, ID: id, Field: inlinePolicies, Index: i}] = analyse(p.Document, owner)
	}
}

// analysePolicies analyses every policy document of the snapshot, each
// with its owning account (for same- and cross-account grants).
func analysePolicies(s *snapshot.Snapshot) map[PolicyAt]PolicyAnalysis {
	out := map[PolicyAt]PolicyAnalysis{}
	for _, r := range s.Roles {
		owner := accountOf(r.Meta, r.ARN)
		out[PolicyAt{Collection: "roles", ID: r.ID, Field: "trust_policy"}] = analyse(r.TrustPolicy, owner)
		analyseInline(out, "roles", r.ID, owner, r.InlinePolicies)
	}
	for _, u := range s.Users {
		analyseInline(out, "users", u.ID, accountOf(u.Meta, u.ARN), u.InlinePolicies)
	}
	for _, g := range s.Groups {
		analyseInline(out, "groups", g.ID, accountOf(g.Meta, g.ARN), g.InlinePolicies)
	}
	for _, p := range s.ResourcePolicies {
		out[PolicyAt{Collection: "resource_policies", ID: p.ID, Field: "policy"}] = analyseResource(p)
	}
	for _, p := range s.Policies {
		out[PolicyAt{Collection: "policies", ID: p.ID, Field: "document"}] = analyse(p.Document, accountOf(p.Meta, p.ARN))
	}
	for _, b := range s.Buckets {
		if b.Policy != nil {
			out[PolicyAt{Collection: "buckets", ID: b.ID, Field: "policy"}] = analyse(*b.Policy, b.Account)
		}
	}
	for _, e := range s.VPCEndpoints {
		if e.Policy != nil {
			out[PolicyAt{Collection: "vpc_endpoints", ID: e.ID, Field: "policy"}] = analyse(*e.Policy, e.Account)
		}
	}
	return out
}

// accountOf returns the owning account: the entity's own, else the one in
// its ARN (arn:aws:iam::123456789012:role/x).
func accountOf(meta snapshot.Meta, arn string) string {
	if meta.Account != "" {
		return meta.Account
	}
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		return parts[4]
	}
	return ""
}
