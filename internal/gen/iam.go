package gen

import (
	"fmt"
	"strings"

	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/snapshot"
)

var services = []string{
	"ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com",
	"glue.amazonaws.com", "sagemaker.amazonaws.com", "codebuild.amazonaws.com", "apigateway.amazonaws.com", "firehose.amazonaws.com",
}

var purposes = []string{"reader", "writer", "deployer", "etl", "scanner", "exporter", "api", "worker", "backup", "audit"}

func (g *generator) roleARN(account, path, name string) string {
	return fmt.Sprintf("arn:aws:iam::%s:role%s%s", account, path, name)
}

func (g *generator) iam() {
	g.ec2Profile, g.flowRole, g.adminRole, g.roleARNs = map[string][]string{}, map[string]string{}, map[string]string{}, map[string][]string{}
	// Identity providers: GitHub OIDC and Okta SAML per account, one EKS
	// cluster OIDC provider per account and region.
	for a := range g.p.Accounts {
		acct := accountIDs[a]
		g.s.IdentityProviders = append(g.s.IdentityProviders,
			snapshot.IdentityProvider{
				ID: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", Meta: meta(acct, "", nil),
				Type: "oidc", URL: "https://token.actions.githubusercontent.com", ClientIDs: []string{"sts.amazonaws.com"}, Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"},
			},
			snapshot.IdentityProvider{ID: "arn:aws:iam::" + acct + ":saml-provider/Okta", Meta: meta(acct, "", nil), Type: "saml"},
		)
		for r := range g.p.Regions {
			host := g.eksHost(acct, regionNames[r])
			g.s.IdentityProviders = append(g.s.IdentityProviders, snapshot.IdentityProvider{
				ID:   "arn:aws:iam::" + acct + ":oidc-provider/" + host,
				Meta: meta(acct, "", nil), Type: "oidc", URL: "https://" + host, ClientIDs: []string{"sts.amazonaws.com"},
			})
		}
	}
	// Customer managed policies, attached below.
	var managed []int
	for k := range max(1, g.p.Roles/25) {
		acct := accountIDs[k%g.p.Accounts]
		nm := fmt.Sprintf("%s-%s-policy-%d", teams[k%len(teams)], purposes[k%len(purposes)], k)
		arn := "arn:aws:iam::" + acct + ":policy/" + nm
		managed = append(managed, len(g.s.Policies))
		g.s.Policies = append(g.s.Policies, snapshot.ManagedPolicy{ID: arn, Meta: meta(acct, "", nil), Name: nm, ARN: arn, Document: g.permissionPolicy(acct, k)})
	}
	attachments := map[string]int{}
	for k := range g.p.Roles {
		acct := accountIDs[k%g.p.Accounts]
		region := regionNames[(k/g.p.Accounts)%g.p.Regions]
		team := teams[g.rng.IntN(len(teams))]
		role := snapshot.Role{Path: "/", Meta: meta(acct, "", map[string]string{"Team": team})}
		role.Name = fmt.Sprintf("%s-%s-%d", team, purposes[g.rng.IntN(len(purposes))], k)
		ec2 := false
		switch {
		case k < g.p.Accounts: // the account's flow-logs delivery role
			role.Name = fmt.Sprintf("vpc-flow-logs-delivery-%d", k)
			c := map[string]map[string]any(nil)
			if k%2 == 1 {
				c = cond("StringEquals", "aws:SourceAccount", acct)
			}
			role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": "vpc-flow-logs.amazonaws.com"}, Action: "sts:AssumeRole", Condition: c})
			role.InlinePolicies = []snapshot.InlinePolicy{{Name: "deliver", Document: policy(stmt{
				Effect: "Allow",
				Action: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"}, Resource: "*",
			})}}
			g.flowRole[acct] = g.roleARN(acct, "/", role.Name)
		case k < 2*g.p.Accounts: // the account's EC2 SSM role, used by most instances
			role.Name = fmt.Sprintf("ec2-ssm-%d", k)
			role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": "ec2.amazonaws.com"}, Action: "sts:AssumeRole"})
			role.AttachedPolicyARNs = []string{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}
			ec2 = true
		default:
			ec2 = g.trustPolicy(&role, acct, region, k)
		}
		role.ARN = g.roleARN(acct, role.Path, role.Name)
		role.ID = role.ARN
		role.UniqueID = "AROA" + strings.ToUpper(g.id("x")[2:])
		if !role.ServiceLinked {
			if g.chance(0.5) {
				for i := range 1 + g.rng.IntN(2) {
					role.InlinePolicies = append(role.InlinePolicies, snapshot.InlinePolicy{Name: fmt.Sprintf("inline-%d", i), Document: g.permissionPolicy(acct, k)})
				}
			}
			if g.chance(0.4) {
				role.AttachedPolicyARNs = append(role.AttachedPolicyARNs, pick(g, []string{
					"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
					"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
				}))
				if g.chance(0.03) {
					role.AttachedPolicyARNs = append(role.AttachedPolicyARNs, "arn:aws:iam::aws:policy/AdministratorAccess")
				}
			}
			if g.chance(0.2) {
				for _, mi := range managed {
					if mp := g.s.Policies[mi]; mp.Account == acct && g.chance(0.1) {
						role.AttachedPolicyARNs = append(role.AttachedPolicyARNs, mp.ARN)
						attachments[mp.ARN]++
						break
					}
				}
			}
			if g.chance(0.02) {
				role.PermissionsBoundaryARN = "arn:aws:iam::" + acct + ":policy/" + g.s.Policies[managed[0]].Name
			}
		}
		if ec2 {
			ip := snapshot.InstanceProfile{ID: "arn:aws:iam::" + acct + ":instance-profile/" + role.Name, Meta: meta(acct, "", nil), Name: role.Name, RoleIDs: []string{role.ID}}
			ip.ARN = ip.ID
			role.InstanceProfileIDs = []string{ip.ID}
			g.s.InstanceProfiles = append(g.s.InstanceProfiles, ip)
			g.ec2Profile[acct] = append(g.ec2Profile[acct], ip.ID)
		}
		if g.adminRole[acct] == "" && k >= 2*g.p.Accounts {
			g.adminRole[acct] = role.ARN
		}
		g.roleARNs[acct] = append(g.roleARNs[acct], role.ARN)
		g.s.Roles = append(g.s.Roles, role)
	}
	for i := range g.s.Policies {
		g.s.Policies[i].AttachmentCount = attachments[g.s.Policies[i].ARN]
	}
}

func (g *generator) eksHost(acct, region string) string {
	return fmt.Sprintf("oidc.eks.%s.amazonaws.com/id/%s", region, strings.ToUpper(fmt.Sprintf("%s%s", acct, "A1B2C3D4E5F6A7B8C9D0")))
}

// trustPolicy fills role's trust policy with one of the kinds seen in
// real accounts and reports whether EC2 may assume it.
func (g *generator) trustPolicy(role *snapshot.Role, acct, region string, k int) bool {
	assume := "sts:AssumeRole"
	switch x := g.rng.Float64(); {
	case x < 0.05: // service-linked
		svc := pick(g, []string{"autoscaling", "elasticloadbalancing", "rds", "ecs", "organizations"})
		role.Path = "/aws-service-role/" + svc + ".amazonaws.com/"
		role.Name = fmt.Sprintf("AWSServiceRoleFor%s_%d", strings.ToUpper(svc[:1])+svc[1:], k)
		role.ServiceLinked = true
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": svc + ".amazonaws.com"}, Action: assume})
	case x < 0.37: // one service, sometimes with confused-deputy conditions
		svc := pick(g, services)
		var c map[string]map[string]any
		if svc != "ec2.amazonaws.com" && svc != "lambda.amazonaws.com" && g.chance(0.4) {
			c = cond("StringEquals", "aws:SourceAccount", acct)
			if g.chance(0.5) {
				c = and(c, cond("ArnLike", "aws:SourceArn", fmt.Sprintf("arn:aws:%s:%s:%s:*", strings.Split(svc, ".")[0], region, acct)))
			}
		}
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": svc}, Action: assume, Condition: c})
		return svc == "ec2.amazonaws.com"
	case x < 0.42: // several services
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": []string{"ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"}}, Action: assume})
		return true
	case x < 0.57: // same account: the account root or another role
		p := "arn:aws:iam::" + acct + ":root"
		if prev := g.roleARNs[acct]; len(prev) > 0 && g.chance(0.6) {
			p = pick(g, prev)
		}
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"AWS": p}, Action: assume})
	case x < 0.67: // vendor, cross-account, with an external id
		vendor := pick(g, []string{"464622532012", "057012691312", "999988887777"})
		role.TrustPolicy = policy(stmt{
			Effect: "Allow", Principal: map[string]any{"AWS": "arn:aws:iam::" + vendor + ":root"}, Action: assume,
			Condition: cond("StringEquals", "sts:ExternalId", fmt.Sprintf("ext-%s-%06d", acct, k)),
		})
	case x < 0.72: // cross-account without an external id
		other := accountIDs[(k+1)%g.p.Accounts]
		if other == acct {
			other = "999988887777"
		}
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"AWS": "arn:aws:iam::" + other + ":root"}, Action: assume})
	case x < 0.79: // GitHub Actions OIDC, pinned to a repository
		role.TrustPolicy = policy(stmt{
			Effect: "Allow", Principal: map[string]any{"Federated": "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"},
			Action: "sts:AssumeRoleWithWebIdentity",
			Condition: and(cond("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
				cond("StringLike", "token.actions.githubusercontent.com:sub", fmt.Sprintf("repo:acme/%s-%s:ref:refs/heads/main", role.Tags["Team"], pick(g, purposes)))),
		})
	case x < 0.82: // GitHub Actions OIDC without a sub condition: any repository
		role.TrustPolicy = policy(stmt{
			Effect: "Allow", Principal: map[string]any{"Federated": "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"},
			Action: "sts:AssumeRoleWithWebIdentity", Condition: cond("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
		})
	case x < 0.88: // EKS IRSA, mostly with a service-account sub
		host := g.eksHost(acct, region)
		c := cond("StringEquals", host+":aud", "sts.amazonaws.com")
		if g.chance(0.85) {
			c = and(c, cond("StringEquals", host+":sub", fmt.Sprintf("system:serviceaccount:%s:%s", role.Tags["Team"], pick(g, purposes))))
		}
		role.TrustPolicy = policy(stmt{
			Effect: "Allow", Principal: map[string]any{"Federated": "arn:aws:iam::" + acct + ":oidc-provider/" + host},
			Action: "sts:AssumeRoleWithWebIdentity", Condition: c,
		})
	case x < 0.93: // SAML federation
		role.TrustPolicy = policy(stmt{
			Effect: "Allow", Principal: map[string]any{"Federated": "arn:aws:iam::" + acct + ":saml-provider/Okta"},
			Action: "sts:AssumeRoleWithSAML", Condition: cond("StringEquals", "SAML:aud", "https://signin.aws.amazon.com/saml"),
		})
	case x < 0.94: // anyone, sometimes fenced by the organisation
		var c map[string]map[string]any
		if g.chance(0.5) {
			c = cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")
		}
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"AWS": "*"}, Action: assume, Condition: c})
	case x < 0.945: // the trusted role was deleted: only its unique id remains
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"AWS": "AROA" + strings.ToUpper(g.id("x")[2:])}, Action: assume})
	default:
		role.TrustPolicy = policy(stmt{Effect: "Allow", Principal: map[string]any{"Service": "lambda.amazonaws.com"}, Action: assume})
	}
	return false
}

// permissionPolicy returns an identity policy of a common shape.
func (g *generator) permissionPolicy(acct string, k int) iampolicy.Document {
	bucket := fmt.Sprintf("arn:aws:s3:::acme-%s-%s-%d", teams[k%len(teams)], purposes[k%len(purposes)], k)
	switch x := g.rng.Float64(); {
	case x < 0.25:
		return policy(stmt{Sid: "ReadBucket", Effect: "Allow", Action: []string{"s3:GetObject", "s3:ListBucket"}, Resource: []string{bucket, bucket + "/*"}})
	case x < 0.40:
		return policy(stmt{
			Effect: "Allow", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: fmt.Sprintf("arn:aws:logs:*:%s:log-group:/acme/%s:*", acct, teams[k%len(teams)]),
		})
	case x < 0.48:
		return policy(stmt{Effect: "Allow", Action: "logs:*", Resource: "*"})
	case x < 0.60:
		return policy(stmt{Effect: "Allow", Action: []string{"ec2:Describe*", "cloudwatch:GetMetricData"}, Resource: "*"})
	case x < 0.70:
		return policy(stmt{Effect: "Allow", Action: "dynamodb:*", Resource: fmt.Sprintf("arn:aws:dynamodb:*:%s:table/%s-*", acct, teams[k%len(teams)])})
	case x < 0.78:
		return policy(stmt{Effect: "Allow", Action: "sts:AssumeRole", Resource: fmt.Sprintf("arn:aws:iam::%s:role/deploy-target", accountIDs[(k+1)%len(accountIDs)])})
	case x < 0.86:
		return policy(stmt{
			Effect: "Allow", Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: fmt.Sprintf("arn:aws:kms:*:%s:key/*", acct),
			Condition: cond("StringLike", "kms:ViaService", "s3.*.amazonaws.com"),
		})
	case x < 0.90:
		return policy(stmt{Effect: "Allow", Action: "iam:PassRole", Resource: "*"})
	case x < 0.93:
		return policy(stmt{Effect: "Allow", NotAction: []string{"iam:*", "organizations:*"}, Resource: "*"})
	case x < 0.95:
		return policy(stmt{Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*"})
	default:
		return policy(
			stmt{Effect: "Allow", Action: []string{"s3:PutObject"}, Resource: bucket + "/*"},
			stmt{Effect: "Deny", Action: "s3:*", Resource: []string{bucket, bucket + "/*"}, Condition: cond("Bool", "aws:SecureTransport", "false")},
		)
	}
}
