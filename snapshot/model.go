package snapshot

import "github.com/vpclint/vpclint/iampolicy"

// SchemaV1 is the version tag every snapshot file carries.
const SchemaV1 = "vpclint.snapshot/v1"

// Snapshot is one account (or several), as read or as planned.
type Snapshot struct {
	Schema string `json:"schema"`
	// Origin says how the snapshot was made.
	Origin Origin `json:"origin"`

	Accounts                   []Account                   `json:"accounts,omitempty"`
	Regions                    []Region                    `json:"regions,omitempty"`
	VPCs                       []VPC                       `json:"vpcs,omitempty"`
	Subnets                    []Subnet                    `json:"subnets,omitempty"`
	SecurityGroups             []SecurityGroup             `json:"security_groups,omitempty"`
	NetworkACLs                []NetworkACL                `json:"network_acls,omitempty"`
	RouteTables                []RouteTable                `json:"route_tables,omitempty"`
	InternetGateways           []InternetGateway           `json:"internet_gateways,omitempty"`
	EgressOnlyInternetGateways []EgressOnlyInternetGateway `json:"egress_only_internet_gateways,omitempty"`
	NATGateways                []NATGateway                `json:"nat_gateways,omitempty"`
	PeeringConnections         []PeeringConnection         `json:"peering_connections,omitempty"`
	VPCEndpoints               []VPCEndpoint               `json:"vpc_endpoints,omitempty"`
	PrefixLists                []PrefixList                `json:"prefix_lists,omitempty"`
	NetworkInterfaces          []NetworkInterface          `json:"network_interfaces,omitempty"`
	Instances                  []Instance                  `json:"instances,omitempty"`
	InstanceProfiles           []InstanceProfile           `json:"instance_profiles,omitempty"`
	Roles                      []Role                      `json:"roles,omitempty"`
	Users                      []User                      `json:"users,omitempty"`
	Groups                     []Group                     `json:"groups,omitempty"`
	Policies                   []ManagedPolicy             `json:"policies,omitempty"`
	IdentityProviders          []IdentityProvider          `json:"identity_providers,omitempty"`
	Buckets                    []Bucket                    `json:"buckets,omitempty"`
	FlowLogs                   []FlowLog                   `json:"flow_logs,omitempty"`
	ResourcePolicies           []ResourcePolicy            `json:"resource_policies,omitempty"`

	// Coverage lists what could not be read. A snapshot with gaps is
	// incomplete and check fails closed on it by default.
	Coverage []Gap `json:"coverage,omitempty"`

	// Path is the file the snapshot was loaded from ("" if built in memory).
	Path string `json:"-"`
	// Diagnostics are located problems that did not stop loading: policy
	// documents that could not be fully parsed. They are kept (and reported
	// by rule IAM011), and check treats them as input errors (exit 2).
	Diagnostics []*Error `json:"-"`
	// lines maps "collection/id" to the 1-based line of the entity in Path.
	lines map[string]int
	index entityIndex
}

// Origin records how a snapshot was produced.
type Origin struct {
	// Kind is live, terraform, tfplan, cloudformation or manual.
	Kind string `json:"kind"`
	// Endpoint is the custom AWS endpoint a live scan used, if any.
	Endpoint string `json:"endpoint,omitempty"`
	// Inputs are the files or accounts read.
	Inputs []string `json:"inputs,omitempty"`
	// Tool is the vpclint version that wrote it.
	Tool string `json:"tool,omitempty"`
	// Incomplete is set when a scan was interrupted.
	Incomplete bool `json:"incomplete,omitempty"`
	// Captured is when a live scan finished reading, RFC 3339 in UTC. IaC
	// inputs leave it empty: their time is the checkout's, not the snapshot's.
	Captured string `json:"captured,omitempty"`
}

// Source is the provenance of an entity: a file and lines for IaC, an ARN
// for live resources. A finding's location comes from here.
type Source struct {
	File      string `json:"file,omitempty"`
	StartLine int    `json:"start_line,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	// Address is the Terraform address or CloudFormation logical id.
	Address string `json:"address,omitempty"`
	ARN     string `json:"arn,omitempty"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// Ignores are inline suppressions written next to the resource in IaC.
	Ignores []Ignore `json:"ignores,omitempty"`
	// Lines are the lines of the fields the IaC writes on a line of their
	// own, by JSON name ("map_public_ip_on_launch"), so that a finding
	// about one field points at it rather than at the resource.
	Lines map[string]int `json:"lines,omitempty"`
}

// Ignore is an inline suppression found in IaC source.
type Ignore struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	Line   int    `json:"line,omitempty"`
}

// Meta is carried by every entity.
type Meta struct {
	Account string            `json:"account,omitempty"`
	Region  string            `json:"region,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
	Source  *Source           `json:"source,omitempty"`
	// Unknown lists the JSON names of fields whose value could not be known
	// (Terraform values known only after apply, CloudFormation imports).
	// Rules treat an unknown conservatively: never as "safe".
	Unknown []string `json:"unknown,omitempty"`
	// Implicit marks entities vpclint made explicit during normalisation
	// (the default security group, default NACL, main route table) that the
	// input did not list.
	Implicit bool `json:"implicit,omitempty"`
}

// Gap is one thing a scan could not read.
type Gap struct {
	Account   string `json:"account,omitempty"`
	Region    string `json:"region,omitempty"`
	Service   string `json:"service"`
	Operation string `json:"operation,omitempty"`
	Resource  string `json:"resource,omitempty"`
	Error     string `json:"error"`
	// Source is where the unread part is written, for IaC.
	Source *Source `json:"source,omitempty"`
}

// Account is one AWS account.
type Account struct {
	ID    string `json:"id"`
	Alias string `json:"alias,omitempty"`
	// OrganizationID is the AWS Organizations id, when known.
	OrganizationID string `json:"organization_id,omitempty"`
	// PublicAccessBlock is the account-level S3 Block Public Access setting.
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block,omitempty"`
	Source            *Source            `json:"source,omitempty"`
}

// Region is a region of an account, with whether it is enabled.
type Region struct {
	ID      string `json:"id"` // account/region, e.g. 111122223333/us-east-1
	Account string `json:"account"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
}

// VPC is a virtual private cloud.
type VPC struct {
	ID string `json:"id"`
	Meta
	CIDRBlocks     []string `json:"cidr_blocks"`
	IPv6CIDRBlocks []string `json:"ipv6_cidr_blocks,omitempty"`
	// EnableDNSSupport and EnableDNSHostnames are nil when not known.
	EnableDNSSupport   *bool `json:"enable_dns_support,omitempty"`
	EnableDNSHostnames *bool `json:"enable_dns_hostnames,omitempty"`
	IsDefault          bool  `json:"is_default,omitempty"`
	// BlockPublicAccess is the VPC Block Public Access mode affecting the
	// VPC ("off", "block-bidirectional", "block-ingress"), when known.
	BlockPublicAccess string `json:"block_public_access,omitempty"`
}

// Subnet is a subnet, with its route table and NACL resolved.
type Subnet struct {
	ID string `json:"id"`
	Meta
	VPCID                       string   `json:"vpc_id"`
	AvailabilityZone            string   `json:"availability_zone,omitempty"`
	CIDRBlock                   string   `json:"cidr_block,omitempty"`
	IPv6CIDRBlocks              []string `json:"ipv6_cidr_blocks,omitempty"`
	MapPublicIPOnLaunch         bool     `json:"map_public_ip_on_launch,omitempty"`
	AssignIPv6AddressOnCreation bool     `json:"assign_ipv6_address_on_creation,omitempty"`
	// RouteTableID is the table the subnet uses: explicit association, else
	// the VPC's main table (RouteTableImplicit true).
	RouteTableID       string `json:"route_table_id,omitempty"`
	RouteTableImplicit bool   `json:"route_table_implicit,omitempty"`
	// NetworkACLID is the subnet's NACL: explicit association, else the
	// VPC's default NACL (NetworkACLImplicit true).
	NetworkACLID       string `json:"network_acl_id,omitempty"`
	NetworkACLImplicit bool   `json:"network_acl_implicit,omitempty"`
}

// SecurityGroup is a VPC security group with its rules flattened to one
// target per rule.
type SecurityGroup struct {
	ID string `json:"id"`
	Meta
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	VPCID       string   `json:"vpc_id"`
	IsDefault   bool     `json:"is_default,omitempty"`
	Ingress     []SGRule `json:"ingress,omitempty"`
	Egress      []SGRule `json:"egress,omitempty"`
}

// SGRule is one security group rule with exactly one target: an IPv4 CIDR,
// an IPv6 CIDR, a prefix list or a referenced group.
type SGRule struct {
	// RuleID is the sgr- id when known; otherwise a stable synthetic index.
	RuleID string `json:"rule_id,omitempty"`
	// Protocol is canonical: "all", "tcp", "udp", "icmp", "icmpv6", or the
	// IANA number as a string for anything else.
	Protocol string `json:"protocol"`
	// ProtocolNumber is -1 for all protocols.
	ProtocolNumber int `json:"protocol_number"`
	// FromPort and ToPort are the inclusive destination port range for
	// tcp/udp; 0-65535 when all ports apply (all protocols, or a protocol
	// without ports, per aws-semantics §1.2); -1 for icmp/icmpv6.
	FromPort int `json:"from_port"`
	ToPort   int `json:"to_port"`
	// ICMPType and ICMPCode apply to icmp/icmpv6; -1 means all.
	ICMPType        int               `json:"icmp_type"`
	ICMPCode        int               `json:"icmp_code"`
	CIDRIPv4        string            `json:"cidr_ipv4,omitempty"`
	CIDRIPv6        string            `json:"cidr_ipv6,omitempty"`
	PrefixListID    string            `json:"prefix_list_id,omitempty"`
	ReferencedGroup *GroupReference   `json:"referenced_group,omitempty"`
	Description     string            `json:"description,omitempty"`
	Source          *Source           `json:"source,omitempty"`
	Unknown         []string          `json:"unknown,omitempty"`
	Implicit        bool              `json:"implicit,omitempty"`
	Tags            map[string]string `json:"tags,omitempty"`
}

// GroupReference is a rule's referenced security group (UserIdGroupPair).
type GroupReference struct {
	GroupID             string `json:"group_id"`
	AccountID           string `json:"account_id,omitempty"`
	VPCID               string `json:"vpc_id,omitempty"`
	PeeringConnectionID string `json:"peering_connection_id,omitempty"`
	PeeringStatus       string `json:"peering_status,omitempty"`
}

// NetworkACL is a network ACL with its entries in both directions.
type NetworkACL struct {
	ID string `json:"id"`
	Meta
	VPCID     string     `json:"vpc_id"`
	IsDefault bool       `json:"is_default,omitempty"`
	Entries   []ACLEntry `json:"entries"`
	// SubnetIDs are the subnets explicitly associated with this NACL;
	// subnets using the default NACL implicitly say so in their own
	// network_acl_implicit.
	SubnetIDs []string `json:"subnet_ids,omitempty"`
}

// ACLEntry is one NACL rule. Entries are sorted by direction then rule
// number; the "*" deny entries are numbered 32767 (IPv4) and 32768 (IPv6).
type ACLEntry struct {
	RuleNumber     int      `json:"rule_number"`
	Egress         bool     `json:"egress"`
	Action         string   `json:"action"` // allow | deny
	Protocol       string   `json:"protocol"`
	ProtocolNumber int      `json:"protocol_number"`
	FromPort       int      `json:"from_port"`
	ToPort         int      `json:"to_port"`
	ICMPType       int      `json:"icmp_type"`
	ICMPCode       int      `json:"icmp_code"`
	CIDRIPv4       string   `json:"cidr_ipv4,omitempty"`
	CIDRIPv6       string   `json:"cidr_ipv6,omitempty"`
	Source         *Source  `json:"source,omitempty"`
	Unknown        []string `json:"unknown,omitempty"`
	Implicit       bool     `json:"implicit,omitempty"`
}

// RouteTable is a route table with its routes and associations.
type RouteTable struct {
	ID string `json:"id"`
	Meta
	VPCID  string  `json:"vpc_id"`
	Main   bool    `json:"main,omitempty"`
	Routes []Route `json:"routes"`
	// SubnetIDs are explicitly associated subnets.
	SubnetIDs []string `json:"subnet_ids,omitempty"`
	// GatewayIDs are edge associations (IGW or VGW ingress routing).
	GatewayIDs []string `json:"gateway_ids,omitempty"`
	// PropagatingVGWs are virtual private gateways propagating routes.
	PropagatingVGWs []string `json:"propagating_vgws,omitempty"`
}

// Route is one route. Exactly one destination is set.
type Route struct {
	DestinationCIDR         string `json:"destination_cidr,omitempty"`
	DestinationIPv6CIDR     string `json:"destination_ipv6_cidr,omitempty"`
	DestinationPrefixListID string `json:"destination_prefix_list_id,omitempty"`
	// TargetType is one of the TargetKind constants (local,
	// internet_gateway, nat_gateway, ..., unknown).
	TargetType TargetKind `json:"target_type"`
	TargetID   string     `json:"target_id,omitempty"`
	// State is active or blackhole.
	State string `json:"state"`
	// Origin is CreateRouteTable, CreateRoute or EnableVgwRoutePropagation.
	Origin   string   `json:"origin,omitempty"`
	Source   *Source  `json:"source,omitempty"`
	Unknown  []string `json:"unknown,omitempty"`
	Implicit bool     `json:"implicit,omitempty"`
}

// Attachment links a gateway to a VPC.
type Attachment struct {
	VPCID string `json:"vpc_id"`
	State string `json:"state"` // attached, attaching, detaching, detached, available
}

// InternetGateway is an internet gateway.
type InternetGateway struct {
	ID string `json:"id"`
	Meta
	Attachments []Attachment `json:"attachments,omitempty"`
}

// EgressOnlyInternetGateway is an IPv6 egress-only internet gateway.
type EgressOnlyInternetGateway struct {
	ID string `json:"id"`
	Meta
	Attachments []Attachment `json:"attachments,omitempty"`
}

// NATGateway is a NAT gateway.
type NATGateway struct {
	ID string `json:"id"`
	Meta
	VPCID    string `json:"vpc_id"`
	SubnetID string `json:"subnet_id"`
	// ConnectivityType is public or private.
	ConnectivityType    string   `json:"connectivity_type"`
	State               string   `json:"state"`
	PublicIPs           []string `json:"public_ips,omitempty"`
	PrivateIPs          []string `json:"private_ips,omitempty"`
	NetworkInterfaceIDs []string `json:"network_interface_ids,omitempty"`
}

// PeeringConnection is a VPC peering connection, both sides.
type PeeringConnection struct {
	ID string `json:"id"`
	Meta
	// Status is initiating-request, pending-acceptance, active,
	// provisioning, rejected, expired, failed, deleting or deleted.
	Status    string      `json:"status"`
	Requester PeeringSide `json:"requester"`
	Accepter  PeeringSide `json:"accepter"`
}

// PeeringSide is one VPC of a peering.
type PeeringSide struct {
	AccountID      string   `json:"account_id,omitempty"`
	Region         string   `json:"region,omitempty"`
	VPCID          string   `json:"vpc_id"`
	CIDRBlocks     []string `json:"cidr_blocks,omitempty"`
	IPv6CIDRBlocks []string `json:"ipv6_cidr_blocks,omitempty"`
	// AllowDNSResolutionFromRemoteVPC is the side's DNS resolution option.
	AllowDNSResolutionFromRemoteVPC bool `json:"allow_dns_resolution_from_remote_vpc,omitempty"`
}

// VPCEndpoint is a gateway, interface or GWLB endpoint.
type VPCEndpoint struct {
	ID string `json:"id"`
	Meta
	VPCID string `json:"vpc_id"`
	// Type is Gateway, Interface or GatewayLoadBalancer.
	Type                string   `json:"type"`
	ServiceName         string   `json:"service_name"`
	State               string   `json:"state,omitempty"`
	RouteTableIDs       []string `json:"route_table_ids,omitempty"`
	SubnetIDs           []string `json:"subnet_ids,omitempty"`
	SecurityGroupIDs    []string `json:"security_group_ids,omitempty"`
	NetworkInterfaceIDs []string `json:"network_interface_ids,omitempty"`
	PrivateDNSEnabled   bool     `json:"private_dns_enabled,omitempty"`
	// Policy is the endpoint policy; when absent AWS attaches the default
	// full-access policy (aws-semantics §5.3) and PolicyIsDefault is set.
	Policy          *iampolicy.Document `json:"policy,omitempty"`
	PolicyIsDefault bool                `json:"policy_is_default,omitempty"`
	// PolicySource is where the policy is written when that is not in the
	// endpoint's own block: an aws_vpc_endpoint_policy, the
	// aws_iam_policy_document it reads.
	PolicySource *Source `json:"policy_source,omitempty"`
}

// PrefixList is a managed prefix list.
type PrefixList struct {
	ID string `json:"id"`
	Meta
	Name          string            `json:"name,omitempty"`
	OwnerID       string            `json:"owner_id,omitempty"`
	AddressFamily string            `json:"address_family,omitempty"` // IPv4 | IPv6
	MaxEntries    int               `json:"max_entries,omitempty"`
	AWSManaged    bool              `json:"aws_managed,omitempty"`
	Entries       []PrefixListEntry `json:"entries,omitempty"`
}

// PrefixListEntry is one CIDR of a prefix list.
type PrefixListEntry struct {
	CIDR        string `json:"cidr"`
	Description string `json:"description,omitempty"`
}

// NetworkInterface is an ENI.
type NetworkInterface struct {
	ID string `json:"id"`
	Meta
	SubnetID         string   `json:"subnet_id"`
	VPCID            string   `json:"vpc_id"`
	PrivateIPs       []string `json:"private_ips,omitempty"`
	PublicIPs        []string `json:"public_ips,omitempty"`
	IPv6Addresses    []string `json:"ipv6_addresses,omitempty"`
	SecurityGroupIDs []string `json:"security_group_ids,omitempty"`
	// InterfaceType is interface, nat_gateway, vpc_endpoint, lambda,
	// network_load_balancer, ... as EC2 reports it.
	InterfaceType    string         `json:"interface_type,omitempty"`
	SourceDestCheck  bool           `json:"source_dest_check"`
	RequesterManaged bool           `json:"requester_managed,omitempty"`
	Attachment       *ENIAttachment `json:"attachment,omitempty"`
}

// ENIAttachment says which instance an ENI is attached to.
type ENIAttachment struct {
	InstanceID  string `json:"instance_id,omitempty"`
	DeviceIndex int    `json:"device_index"`
	Status      string `json:"status,omitempty"`
}

// Instance is an EC2 instance.
type Instance struct {
	ID string `json:"id"`
	Meta
	State               string   `json:"state"`
	VPCID               string   `json:"vpc_id,omitempty"`
	SubnetID            string   `json:"subnet_id,omitempty"`
	NetworkInterfaceIDs []string `json:"network_interface_ids,omitempty"`
	PrivateIP           string   `json:"private_ip,omitempty"`
	PublicIP            string   `json:"public_ip,omitempty"`
	SecurityGroupIDs    []string `json:"security_group_ids,omitempty"`
	// InstanceProfileID links to InstanceProfiles; RoleIDs are the roles of
	// that profile, resolved during normalisation.
	InstanceProfileID string           `json:"instance_profile_id,omitempty"`
	RoleIDs           []string         `json:"role_ids,omitempty"`
	MetadataOptions   *MetadataOptions `json:"metadata_options,omitempty"`
}

// MetadataOptions are the instance metadata service settings.
type MetadataOptions struct {
	// HTTPTokens is "required" (IMDSv2 only) or "optional" (IMDSv1 allowed).
	HTTPTokens string `json:"http_tokens"`
	// HTTPEndpoint is "enabled" or "disabled".
	HTTPEndpoint            string `json:"http_endpoint"`
	HTTPPutResponseHopLimit int    `json:"http_put_response_hop_limit,omitempty"`
}

// InstanceProfile is an IAM instance profile.
type InstanceProfile struct {
	ID string `json:"id"` // the profile ARN when known, else its name
	Meta
	Name    string   `json:"name"`
	ARN     string   `json:"arn,omitempty"`
	RoleIDs []string `json:"role_ids,omitempty"`
}

// Role is an IAM role.
type Role struct {
	ID string `json:"id"` // the role ARN when known, else its name
	Meta
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// UniqueID is the AROA… id.
	UniqueID    string             `json:"unique_id,omitempty"`
	Path        string             `json:"path,omitempty"`
	TrustPolicy iampolicy.Document `json:"trust_policy"`
	// TrustPolicySource is where the trust policy is written when that is
	// not in the role's own block: the aws_iam_policy_document it reads.
	TrustPolicySource *Source `json:"trust_policy_source,omitempty"`
	// InlinePolicies are the role's embedded policies.
	InlinePolicies []InlinePolicy `json:"inline_policies,omitempty"`
	// AttachedPolicyARNs name managed policies; customer-managed ones are in
	// Snapshot.Policies.
	AttachedPolicyARNs     []string `json:"attached_policy_arns,omitempty"`
	InstanceProfileIDs     []string `json:"instance_profile_ids,omitempty"`
	ServiceLinked          bool     `json:"service_linked,omitempty"`
	PermissionsBoundaryARN string   `json:"permissions_boundary_arn,omitempty"`
}

// User is an IAM user.
type User struct {
	ID string `json:"id"` // the user ARN when known, else its name
	Meta
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// UniqueID is the AIDA… id.
	UniqueID string `json:"unique_id,omitempty"`
	Path     string `json:"path,omitempty"`
	// InlinePolicies are the user's embedded policies.
	InlinePolicies []InlinePolicy `json:"inline_policies,omitempty"`
	// AttachedPolicyARNs name managed policies attached to the user itself
	// (not through a group); customer-managed ones are in
	// Snapshot.Policies.
	AttachedPolicyARNs []string `json:"attached_policy_arns,omitempty"`
	// GroupIDs are the groups the user is a member of.
	GroupIDs               []string `json:"group_ids,omitempty"`
	PermissionsBoundaryARN string   `json:"permissions_boundary_arn,omitempty"`
}

// Group is an IAM group; its members are in User.GroupIDs.
type Group struct {
	ID string `json:"id"` // the group ARN when known, else its name
	Meta
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// UniqueID is the AGPA… id.
	UniqueID           string         `json:"unique_id,omitempty"`
	Path               string         `json:"path,omitempty"`
	InlinePolicies     []InlinePolicy `json:"inline_policies,omitempty"`
	AttachedPolicyARNs []string       `json:"attached_policy_arns,omitempty"`
}

// InlinePolicy is a named policy embedded in a role, user or group.
type InlinePolicy struct {
	Name     string             `json:"name"`
	Document iampolicy.Document `json:"document"`
	// Source is where the policy is written when that is not in the
	// role's own block: an aws_iam_role_policy, the
	// aws_iam_policy_document it reads, an AWS::IAM::Policy.
	Source *Source `json:"source,omitempty"`
}

// ManagedPolicy is an IAM managed policy (its default version).
type ManagedPolicy struct {
	ID string `json:"id"` // the policy ARN
	Meta
	Name            string             `json:"name"`
	ARN             string             `json:"arn,omitempty"`
	AWSManaged      bool               `json:"aws_managed,omitempty"`
	Document        iampolicy.Document `json:"document"`
	AttachmentCount int                `json:"attachment_count,omitempty"`
}

// IdentityProvider is an IAM OIDC or SAML provider.
type IdentityProvider struct {
	ID string `json:"id"` // the provider ARN
	Meta
	// Type is oidc or saml.
	Type        string   `json:"type"`
	URL         string   `json:"url,omitempty"`
	ClientIDs   []string `json:"client_ids,omitempty"`
	Thumbprints []string `json:"thumbprints,omitempty"`
}

// PublicAccessBlock is an S3 Block Public Access configuration.
type PublicAccessBlock struct {
	BlockPublicACLs       bool `json:"block_public_acls"`
	IgnorePublicACLs      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// Bucket is an S3 bucket.
type Bucket struct {
	ID string `json:"id"` // the bucket name
	Meta
	Name   string              `json:"name"`
	ARN    string              `json:"arn,omitempty"`
	Policy *iampolicy.Document `json:"policy,omitempty"`
	// PolicySource is where the policy is written when that is not in the
	// bucket's own block: an aws_s3_bucket_policy or AWS::S3::BucketPolicy,
	// the aws_iam_policy_document it reads.
	PolicySource      *Source            `json:"policy_source,omitempty"`
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block,omitempty"`
	// ObjectOwnership is the bucket's S3 Object Ownership setting:
	// BucketOwnerEnforced (ACLs disabled: they grant nothing),
	// BucketOwnerPreferred or ObjectWriter. Empty when none is configured
	// or written, which leaves ACLs in force.
	ObjectOwnership string `json:"object_ownership,omitempty"`
	// ACL is the bucket's access control list; nil when the input sets
	// none (the owner alone then has access through it).
	ACL *BucketACL `json:"acl,omitempty"`
}

// BucketACL is an S3 bucket ACL: a canned ACL expanded to its grants, a
// written grant list, or what GetBucketAcl answers.
type BucketACL struct {
	// Canned is the canned ACL it was written as (public-read,
	// log-delivery-write, ...); empty for explicit grants.
	Canned string `json:"canned,omitempty"`
	// Grants are the grants to anyone but the bucket owner, whose own
	// FULL_CONTROL every ACL holds.
	Grants []ACLGrant `json:"grants"`
	// Source is where the ACL is written in IaC: the acl argument or
	// AccessControl property, or an aws_s3_bucket_acl resource.
	Source *Source `json:"source,omitempty"`
}

// ACLGrant is one grant of an S3 ACL, shaped like the API's Grant.
type ACLGrant struct {
	// GranteeType is Group, CanonicalUser or AmazonCustomerByEmail.
	GranteeType string `json:"grantee_type"`
	// URI names a Group grantee, e.g.
	// http://acs.amazonaws.com/groups/global/AllUsers.
	URI string `json:"uri,omitempty"`
	// ID is a CanonicalUser grantee's canonical user id.
	ID string `json:"id,omitempty"`
	// Email is an AmazonCustomerByEmail grantee's address.
	Email       string `json:"email,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	// Permission is READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.
	Permission string `json:"permission"`
}

// ResourcePolicy is a resource-based policy other than a bucket's: an SQS
// queue, SNS topic, KMS key, Lambda function, ECR repository, Secrets
// Manager secret or OpenSearch domain policy. One entity per resource (one
// per aws_lambda_permission in Terraform, whose statements AWS merges).
type ResourcePolicy struct {
	// ID is the resource ARN when known, else service/name.
	ID string `json:"id"`
	Meta
	// Service is sqs, sns, kms, lambda, ecr, secretsmanager or es.
	Service string `json:"service"`
	// ResourceType is queue, topic, key, function, repository, secret or
	// domain.
	ResourceType string `json:"resource_type"`
	// Name is the resource's name (queue name, key id, function name, ...).
	Name   string             `json:"name,omitempty"`
	ARN    string             `json:"arn,omitempty"`
	Policy iampolicy.Document `json:"policy"`
}

// FlowLog is a VPC flow log subscription.
type FlowLog struct {
	ID string `json:"id"`
	Meta
	ResourceID string `json:"resource_id"`
	// ResourceType is VPC, Subnet, NetworkInterface or TransitGateway.
	ResourceType string `json:"resource_type"`
	// TrafficType is ACCEPT, REJECT or ALL.
	TrafficType string `json:"traffic_type"`
	// DestinationType is cloud-watch-logs, s3 or kinesis-data-firehose.
	DestinationType    string `json:"destination_type"`
	Destination        string `json:"destination,omitempty"`
	DeliverLogsRoleARN string `json:"deliver_logs_role_arn,omitempty"`
	LogFormat          string `json:"log_format,omitempty"`
	Status             string `json:"status,omitempty"`
}
