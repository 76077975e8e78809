package aws

import (
	"fmt"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

// policyGaps records every policy read from the account that did not
// parse cleanly as a coverage note: AWS validated it when it was written,
// so the API or an emulator is at fault, and the rules could only partly
// analyse it (IAM011 reports the problem itself; issue #11 item 5).
func policyGaps(sn *snapshot.Snapshot) []snapshot.Gap {
	var out []snapshot.Gap
	add := func(m snapshot.Meta, service, op, resource, what string, d *iampolicy.Document) {
		if d == nil || len(d.Problems) == 0 {
			return
		}
		p := d.Problems[0]
		msg := p.Message
		if p.Path != "" {
			msg = p.Path + ": " + msg
		}
		out = append(out, snapshot.Gap{
			Account: m.Account, Region: m.Region, Service: service, Operation: op, Resource: resource,
			Error: fmt.Sprintf("%s could not be fully analysed (%d problems, first %s)", what, len(d.Problems), msg),
		})
	}
	const gaad = "GetAccountAuthorizationDetails"
	for _, r := range sn.Roles {
		add(r.Meta, "iam", gaad, r.ID, "trust policy", &r.TrustPolicy)
		for _, p := range r.InlinePolicies {
			add(r.Meta, "iam", gaad, r.ID, "inline policy "+p.Name, &p.Document)
		}
	}
	for _, u := range sn.Users {
		for _, p := range u.InlinePolicies {
			add(u.Meta, "iam", gaad, u.ID, "inline policy "+p.Name, &p.Document)
		}
	}
	for _, g := range sn.Groups {
		for _, p := range g.InlinePolicies {
			add(g.Meta, "iam", gaad, g.ID, "inline policy "+p.Name, &p.Document)
		}
	}
	for _, p := range sn.Policies {
		add(p.Meta, "iam", gaad, p.ID, "policy document", &p.Document)
	}
	for _, b := range sn.Buckets {
		add(b.Meta, "s3", "GetBucketPolicy", b.ID, "bucket policy", b.Policy)
	}
	for _, e := range sn.VPCEndpoints {
		add(e.Meta, "ec2", "DescribeVpcEndpoints", e.ID, "endpoint policy", e.Policy)
	}
	for _, r := range sn.ResourcePolicies {
		add(r.Meta, r.Service, "", r.ID, r.ResourceType+" policy", &r.Policy)
	}
	return out
}
