package terraform

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/snapshot"
)

// instance is one evaluated resource instance of a supported type.
type instance struct {
	typ, addr       string
	o               *obj
	src             *snapshot.Source
	account, region string
}

func blocks(names ...string) *spec {
	s := &spec{blocks: map[string]*spec{}}
	for _, n := range names {
		s.blocks[n] = leaf
	}
	return s
}

// resourceSpecs are the resource types vpclint maps to the snapshot, with
// the nested block types it reads. Any other type is ignored quietly.
var resourceSpecs = map[string]*spec{
	"aws_vpc": leaf, "aws_default_vpc": leaf, "aws_subnet": leaf,
	"aws_security_group":                          blocks("ingress", "egress"),
	"aws_default_security_group":                  blocks("ingress", "egress"),
	"aws_security_group_rule":                     leaf,
	"aws_vpc_security_group_ingress_rule":         leaf,
	"aws_vpc_security_group_egress_rule":          leaf,
	"aws_network_acl":                             blocks("ingress", "egress"),
	"aws_default_network_acl":                     blocks("ingress", "egress"),
	"aws_network_acl_rule":                        leaf,
	"aws_network_acl_association":                 leaf,
	"aws_route_table":                             blocks("route"),
	"aws_default_route_table":                     blocks("route"),
	"aws_route":                                   leaf,
	"aws_route_table_association":                 leaf,
	"aws_main_route_table_association":            leaf,
	"aws_internet_gateway":                        leaf,
	"aws_egress_only_internet_gateway":            leaf,
	"aws_nat_gateway":                             leaf,
	"aws_eip":                                     leaf,
	"aws_vpc_peering_connection":                  blocks("requester", "accepter"),
	"aws_vpc_peering_connection_accepter":         blocks("requester", "accepter"),
	"aws_vpc_peering_connection_options":          blocks("requester", "accepter"),
	"aws_vpc_endpoint":                            leaf,
	"aws_vpc_endpoint_route_table_association":    leaf,
	"aws_vpc_endpoint_subnet_association":         leaf,
	"aws_vpc_endpoint_security_group_association": leaf,
	"aws_vpc_endpoint_policy":                     leaf,
	"aws_ec2_managed_prefix_list":                 blocks("entry"),
	"aws_ec2_managed_prefix_list_entry":           leaf,
	"aws_network_interface":                       blocks("attachment"),
	"aws_instance":                                blocks("metadata_options", "network_interface", "launch_template"),
	"aws_launch_template":                         {blocks: map[string]*spec{"network_interfaces": leaf, "metadata_options": leaf, "iam_instance_profile": leaf}},
	"aws_iam_role":                                blocks("inline_policy"),
	"aws_iam_role_policy":                         leaf,
	"aws_iam_role_policy_attachment":              leaf,
	"aws_iam_policy":                              leaf,
	"aws_iam_instance_profile":                    leaf,
	"aws_iam_openid_connect_provider":             leaf,
	"aws_s3_bucket":                               blocks("grant"),
	"aws_s3_bucket_policy":                        leaf,
	"aws_s3_bucket_public_access_block":           leaf,
	"aws_s3_bucket_acl":                           {blocks: map[string]*spec{"access_control_policy": {blocks: map[string]*spec{"grant": blocks("grantee"), "owner": leaf}}}},
	"aws_s3_bucket_ownership_controls":            blocks("rule"),
	"aws_flow_log":                                leaf,
	"aws_vpc_ipv4_cidr_block_association":         leaf,
	"aws_vpc_ipv6_cidr_block_association":         leaf,
	"aws_iam_user":                                leaf,
	"aws_iam_group":                               leaf,
	"aws_iam_user_policy":                         leaf,
	"aws_iam_group_policy":                        leaf,
	"aws_iam_user_policy_attachment":              leaf,
	"aws_iam_group_policy_attachment":             leaf,
	"aws_iam_user_group_membership":               leaf,
	"aws_iam_group_membership":                    leaf,
	"aws_iam_policy_attachment":                   leaf,
	"aws_sqs_queue":                               leaf,
	"aws_sqs_queue_policy":                        leaf,
	"aws_sns_topic":                               leaf,
	"aws_sns_topic_policy":                        leaf,
	"aws_kms_key":                                 leaf,
	"aws_kms_key_policy":                          leaf,
	"aws_secretsmanager_secret":                   leaf,
	"aws_secretsmanager_secret_policy":            leaf,
	"aws_opensearch_domain":                       leaf,
	"aws_opensearch_domain_policy":                leaf,
	"aws_elasticsearch_domain":                    leaf,
	"aws_elasticsearch_domain_policy":             leaf,
	"aws_ecr_repository":                          leaf,
	"aws_ecr_repository_policy":                   leaf,
	"aws_lambda_function":                         leaf,
	"aws_lambda_permission":                       leaf,
}

// dataSpecs are the data sources vpclint evaluates; others are unknown.
var dataSpecs = map[string]*spec{
	"aws_iam_policy_document": {blocks: map[string]*spec{
		"statement": blocks("principals", "not_principals", "condition"),
	}},
	"aws_caller_identity": leaf, "aws_region": leaf, "aws_partition": leaf,
}

// computed returns attributes of an instance that Terraform computes but
// vpclint can know: ids that other resources join on, and ARNs that follow
// from a known name and account.
func computed(in *instance) map[string]cty.Value {
	o := in.o
	out := map[string]cty.Value{}
	str := func(name string) (string, bool) {
		s, st := asString(o.attrs[name])
		return s, st == known
	}
	iamARN := func(kind, name string) {
		path, ok := str("path")
		if !ok || path == "" {
			path = "/"
		}
		if in.account != "" {
			out["arn"] = cty.StringVal("arn:aws:iam::" + in.account + ":" + kind + path + name)
		}
	}
	switch in.typ {
	case "aws_vpc", "aws_default_vpc":
		out["default_network_acl_id"] = cty.StringVal(snapshot.DefaultNetworkACLID(in.addr))
		out["default_security_group_id"] = cty.StringVal(snapshot.DefaultSecurityGroupID(in.addr))
		out["default_route_table_id"] = cty.StringVal(snapshot.MainRouteTableID(in.addr))
		out["main_route_table_id"] = cty.StringVal(snapshot.MainRouteTableID(in.addr))
		if in.typ == "aws_default_vpc" {
			if _, ok := o.attrs["cidr_block"]; !ok {
				out["cidr_block"] = cty.StringVal(defaultVPCCIDR)
			}
		}
	case "aws_default_security_group":
		if v, ok := str("vpc_id"); ok {
			out["id"] = cty.StringVal(snapshot.DefaultSecurityGroupID(v))
		}
	case "aws_default_network_acl":
		if v, ok := str("default_network_acl_id"); ok {
			out["id"] = cty.StringVal(v)
		}
	case "aws_default_route_table":
		if v, ok := str("default_route_table_id"); ok {
			out["id"] = cty.StringVal(v)
		}
	case "aws_s3_bucket":
		if name, ok := str("bucket"); ok {
			out["id"] = cty.StringVal(name)
			out["arn"] = cty.StringVal("arn:aws:s3:::" + name)
			out["bucket"] = cty.StringVal(name)
		}
	case "aws_iam_role":
		if name, ok := str("name"); ok {
			iamARN("role", name)
			out["id"] = cty.StringVal(name)
		}
	case "aws_iam_policy":
		if name, ok := str("name"); ok {
			iamARN("policy", name)
			if a, ok := out["arn"]; ok {
				out["id"] = a
			}
		}
	case "aws_iam_user", "aws_iam_group":
		if name, ok := str("name"); ok {
			iamARN(strings.TrimPrefix(in.typ, "aws_iam_"), name)
			out["id"] = cty.StringVal(name)
		}
	case "aws_iam_instance_profile":
		if name, ok := str("name"); ok {
			iamARN("instance-profile", name)
			out["id"] = cty.StringVal(name)
		}
	case "aws_iam_openid_connect_provider":
		if u, ok := str("url"); ok && in.account != "" {
			out["arn"] = cty.StringVal("arn:aws:iam::" + in.account + ":oidc-provider/" + strings.TrimPrefix(u, "https://"))
		}
	}
	policyResourceComputed(in, out)
	// Values a plan or state already decided win over derived ones.
	for k := range out {
		if v, ok := o.attrs[k]; ok && v.IsWhollyKnown() && !v.IsNull() {
			out[k] = v
		}
	}
	return out
}

// defaultVPCCIDR is the IPv4 block of every default VPC.
const defaultVPCCIDR = "172.31.0.0/16"

// dataValue is the value of a supported data source instance.
func (l *loader) dataValue(typ string, o *obj, pc providerConfig) cty.Value {
	switch typ {
	case "aws_iam_policy_document":
		doc, ok := policyDocument(o)
		v := cty.UnknownVal(cty.String)
		if ok {
			v = cty.StringVal(doc)
		}
		return cty.ObjectVal(map[string]cty.Value{"json": v, "minified_json": v, "id": cty.UnknownVal(cty.String)})
	case "aws_caller_identity":
		acct := cty.UnknownVal(cty.String)
		if pc.account != "" {
			acct = cty.StringVal(pc.account)
		}
		return cty.ObjectVal(map[string]cty.Value{
			"account_id": acct, "id": acct,
			"arn": cty.UnknownVal(cty.String), "user_id": cty.UnknownVal(cty.String),
		})
	case "aws_region":
		r := cty.UnknownVal(cty.String)
		if v, st := asString(o.attrs["name"]); st == known {
			r = cty.StringVal(v)
		} else if pc.regionState == known {
			r = cty.StringVal(pc.region)
		}
		return cty.ObjectVal(map[string]cty.Value{
			"name": r, "id": r, "region": r,
			"description": cty.UnknownVal(cty.String), "endpoint": cty.UnknownVal(cty.String),
		})
	case "aws_partition":
		return cty.ObjectVal(map[string]cty.Value{
			"partition": cty.StringVal("aws"), "id": cty.StringVal("aws"),
			"dns_suffix": cty.StringVal("amazonaws.com"), "reverse_dns_prefix": cty.StringVal("com.amazonaws"),
		})
	}
	return cty.DynamicVal
}
