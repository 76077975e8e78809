package engine

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

// Facts is input.facts: what Go computes so that rules stay short
// selectors and every piece of AWS semantics is tested once, in Go.
type Facts struct {
	// NACLInternetIngress maps a NACL id to what its inbound entries really
	// admit from internet sources, evaluated in rule-number order.
	NACLInternetIngress map[string][]reach.Admission `json:"nacl_internet_ingress"`
	// NACLInternetEgress is the same for outbound entries.
	NACLInternetEgress map[string][]reach.Admission `json:"nacl_internet_egress"`
	// PublicCIDRs lists every CIDR in the snapshot's SG rules and NACL
	// entries that contains internet addresses.
	PublicCIDRs map[string]bool `json:"public_cidrs"`
	// SGIngressPublic lists the inbound SG rules whose CIDR contains
	// internet addresses, so exposure rules do not scan every rule.
	SGIngressPublic []PublicRule `json:"sg_ingress_public"`
	// RoleInstances maps a role id to the instances running with it
	// (through their instance profile), sorted.
	RoleInstances map[string][]string `json:"role_instances"`
	ReachFacts
}

// PublicRule is an inbound SG rule open to internet addresses.
type PublicRule struct {
	GroupID string          `json:"group_id"`
	Rule    snapshot.SGRule `json:"rule"`
	// Anywhere is set for 0.0.0.0/0 and ::/0.
	Anywhere bool `json:"anywhere"`
	// PrefixLen is the CIDR's prefix length.
	PrefixLen int `json:"prefix_len"`
}

func computeFacts(s *snapshot.Snapshot, fo FactOptions, m *reach.Model) (ast.Value, error) {
	f := Facts{
		NACLInternetIngress: map[string][]reach.Admission{},
		NACLInternetEgress:  map[string][]reach.Admission{},
		PublicCIDRs:         map[string]bool{},
		SGIngressPublic:     []PublicRule{},
		RoleInstances:       map[string][]string{},
	}
	for _, a := range s.NetworkACLs {
		f.NACLInternetIngress[a.ID] = nonNil(reach.InternetAdmissions(a.Entries, false))
		f.NACLInternetEgress[a.ID] = nonNil(reach.InternetAdmissions(a.Entries, true))
	}
	for _, sg := range s.SecurityGroups {
		for _, rs := range [][]snapshot.SGRule{sg.Ingress, sg.Egress} {
			for _, r := range rs {
				markPublic(f.PublicCIDRs, r.CIDRIPv4, r.CIDRIPv6)
			}
		}
	}
	for _, a := range s.NetworkACLs {
		for _, e := range a.Entries {
			markPublic(f.PublicCIDRs, e.CIDRIPv4, e.CIDRIPv6)
		}
	}
	for _, sg := range s.SecurityGroups {
		for _, r := range sg.Ingress {
			c := cmp.Or(r.CIDRIPv4, r.CIDRIPv6)
			if c == "" || !f.PublicCIDRs[c] {
				continue
			}
			p, _ := netip.ParsePrefix(c)
			f.SGIngressPublic = append(f.SGIngressPublic, PublicRule{GroupID: sg.ID, Rule: r, Anywhere: p.Bits() == 0, PrefixLen: p.Bits()})
		}
	}
	for _, in := range s.Instances {
		for _, r := range in.RoleIDs {
			f.RoleInstances[r] = append(f.RoleInstances[r], in.ID)
		}
	}
	f.ReachFacts = computeReachFacts(m, fo.Intents, fo.Before)
	v, err := toValue(f)
	if err != nil {
		return nil, err
	}
	// input.facts.access: policy evaluations for the access checks (facts_access.go).
	return v, attachAccessFacts(v, s, fo)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func markPublic(m map[string]bool, cidrs ...string) {
	for _, c := range cidrs {
		if c == "" {
			continue
		}
		if _, seen := m[c]; seen {
			continue
		}
		p, err := netip.ParsePrefix(c)
		m[c] = err == nil && reach.IsPublicPrefix(p)
	}
}

// policyAnalysis is attached to every policy document in the input as
// "analysis": who it lets in, and whether S3 would call it public.
type policyAnalysis struct {
	Grants           []iampolicy.Grant `json:"grants"`
	Public           bool              `json:"public"`
	PublicStatements []int             `json:"public_statements"`
}

func analyse(d iampolicy.Document, owner string) (ast.Value, error) {
	pub, stmts := iampolicy.IsPublic(d)
	return toValue(policyAnalysis{Grants: nonNil(iampolicy.Grants(d, owner)), Public: pub, PublicStatements: nonNil(stmts)})
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

// annotatePolicies sets "analysis" on every policy object of the input.
func annotatePolicies(root ast.Object, s *snapshot.Snapshot) error {
	set := func(coll, id string, d iampolicy.Document, owner string, path ...any) error {
		obj, ok := dig(root, append([]any{coll, id}, path...)...).(ast.Object)
		if !ok {
			return nil
		}
		a, err := analyse(d, owner)
		if err != nil {
			return fmt.Errorf("analyse policy of %s %s: %w", coll, id, err)
		}
		obj.Insert(ast.StringTerm("analysis"), ast.NewTerm(a))
		return nil
	}
	var errs []error
	for _, r := range s.Roles {
		owner := accountOf(r.Meta, r.ARN)
		errs = append(errs, set("roles", r.ID, r.TrustPolicy, owner, "trust_policy"))
		for i, p := range r.InlinePolicies {
			errs = append(errs, set("roles", r.ID, p.Document, owner, "inline_policies", i, "document"))
		}
	}
	for _, p := range s.Policies {
		errs = append(errs, set("policies", p.ID, p.Document, accountOf(p.Meta, p.ARN), "document"))
	}
	for _, b := range s.Buckets {
		if b.Policy != nil {
			errs = append(errs, set("buckets", b.ID, *b.Policy, b.Account, "policy"))
		}
	}
	for _, e := range s.VPCEndpoints {
		if e.Policy != nil {
			errs = append(errs, set("vpc_endpoints", e.ID, *e.Policy, e.Account, "policy"))
		}
	}
	return errors.Join(errs...)
}

// dig walks objects by string key and arrays by int index.
func dig(v ast.Value, path ...any) ast.Value {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			o, ok := v.(ast.Object)
			if !ok {
				return nil
			}
			t := o.Get(ast.StringTerm(k))
			if t == nil {
				return nil
			}
			v = t.Value
		case int:
			a, ok := v.(*ast.Array)
			if !ok || k >= a.Len() {
				return nil
			}
			v = a.Elem(k).Value
		}
	}
	return v
}
