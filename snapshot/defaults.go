package snapshot

import "strings"

// The entities AWS creates with every VPC (aws-semantics §1.4, §2.3, §3.1)
// have these ids when an input refers to them without declaring them:
// Normalize adds them, and the IaC adapters name them when a resource
// attaches to one (a rule on !GetAtt Vpc.DefaultSecurityGroup, an
// aws_default_network_acl).
const (
	defaultSGSuffix  = "/default-sg"
	defaultACLSuffix = "/default-acl"
	mainRTBSuffix    = "/main-rtb"
)

// DefaultSecurityGroupName is the name AWS gives, and reserves for, the
// default security group of every VPC.
const DefaultSecurityGroupName = "default"

// DefaultSecurityGroupID is the id of vpc's default security group.
func DefaultSecurityGroupID(vpc string) string { return vpc + defaultSGSuffix }

// DefaultNetworkACLID is the id of vpc's default network ACL.
func DefaultNetworkACLID(vpc string) string { return vpc + defaultACLSuffix }

// MainRouteTableID is the id of vpc's main route table.
func MainRouteTableID(vpc string) string { return vpc + mainRTBSuffix }

// DefaultIDs lists the three id makers, for adapters that alias a VPC's
// default entities along with the VPC.
var DefaultIDs = []func(vpc string) string{DefaultSecurityGroupID, DefaultNetworkACLID, MainRouteTableID}

// DefaultSecurityGroupVPC returns the VPC of an id DefaultSecurityGroupID made.
func DefaultSecurityGroupVPC(id string) (string, bool) { return strings.CutSuffix(id, defaultSGSuffix) }

// DefaultNetworkACLVPC returns the VPC of an id DefaultNetworkACLID made.
func DefaultNetworkACLVPC(id string) (string, bool) { return strings.CutSuffix(id, defaultACLSuffix) }

// MainRouteTableVPC returns the VPC of an id MainRouteTableID made.
func MainRouteTableVPC(id string) (string, bool) { return strings.CutSuffix(id, mainRTBSuffix) }

// DefaultSecurityGroup is v's default security group as AWS creates it:
// members may reach each other, everything may leave (IPv6 too when the
// VPC has an IPv6 block), nothing else may enter.
func DefaultSecurityGroup(v *VPC) SecurityGroup {
	id := DefaultSecurityGroupID(v.ID)
	self := allRule("", "")
	self.ReferencedGroup = &GroupReference{GroupID: id, VPCID: v.ID, AccountID: v.Account}
	sg := SecurityGroup{
		ID: id, Name: DefaultSecurityGroupName, Description: "default VPC security group", VPCID: v.ID, IsDefault: true,
		Meta:    Meta{Account: v.Account, Region: v.Region, Implicit: true, Source: v.Source},
		Ingress: []SGRule{self},
		Egress:  []SGRule{allRule("0.0.0.0/0", "")},
	}
	if len(v.IPv6CIDRBlocks) > 0 {
		sg.Egress = append(sg.Egress, allRule("", "::/0"))
	}
	return sg
}

// DefaultNetworkACL is v's default network ACL as AWS creates it: allow
// all in both directions (rule 100, and 101 for IPv6 when the VPC has an
// IPv6 block). Normalize adds the "*" deny entries to every ACL.
func DefaultNetworkACL(v *VPC) NetworkACL {
	acl := NetworkACL{ID: DefaultNetworkACLID(v.ID), VPCID: v.ID, IsDefault: true, Meta: Meta{Account: v.Account, Region: v.Region, Implicit: true, Source: v.Source}}
	for _, egress := range []bool{false, true} {
		acl.Entries = append(acl.Entries, aclAll(100, egress, "allow", "0.0.0.0/0", ""))
		if len(v.IPv6CIDRBlocks) > 0 {
			acl.Entries = append(acl.Entries, aclAll(101, egress, "allow", "", "::/0"))
		}
	}
	return acl
}
