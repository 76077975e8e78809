package gen

import "fmt"

// Params sizes a generated snapshot. Every count is exact: Generate makes
// precisely that many entities (see doc.go for what each one includes).
type Params struct {
	// Seed makes the output reproducible: the same Params give the same
	// snapshot, byte for byte once encoded.
	Seed uint64

	Accounts int // 1-9 AWS accounts
	Regions  int // 1-4 regions; VPC i lives in account i%Accounts, region (i/Accounts)%Regions

	VPCs    int // 1-256; VPC i is 10.i.0.0/16
	Subnets int // spread round-robin over the VPCs, /24 each (at most 256 per VPC)

	// SecurityGroups includes one default group ("default") per VPC,
	// written explicitly with its default rules.
	SecurityGroups int
	// SGRules is the total number of rules (ingress plus egress) over all
	// groups, default groups included. At most 60 per group.
	SGRules int

	ENIs      int // network interfaces: instances' primary and secondary ENIs, NAT, endpoint, Lambda, NLB
	Instances int // each gets its own primary ENI, so Instances <= ENIs

	// NACLs includes one default NACL per VPC, written explicitly.
	NACLs int
	// NACLEntries is the total number of entries as written, before
	// normalisation appends the four "*" denies (32767/32768 each way) to
	// every NACL. At most 40 per direction per NACL.
	NACLEntries int

	// RouteTables includes one main table per VPC, written explicitly.
	RouteTables int

	Roles   int // IAM roles, at least 2 per account (a flow-logs delivery role and an EC2 role)
	Buckets int

	Peerings  int // VPC peering connections (distinct VPC pairs)
	Endpoints int // VPC endpoints (gateway S3/DynamoDB and interface endpoints)
}

var presets = map[string]Params{
	"small": {
		Seed: 1, Accounts: 1, Regions: 1,
		VPCs: 3, Subnets: 12, SecurityGroups: 30, SGRules: 200,
		ENIs: 40, Instances: 20, NACLs: 9, NACLEntries: 90, RouteTables: 12,
		Roles: 50, Buckets: 20, Peerings: 1, Endpoints: 4,
	},
	"medium": {
		Seed: 1, Accounts: 2, Regions: 2,
		VPCs: 10, Subnets: 100, SecurityGroups: 1000, SGRules: 10000,
		ENIs: 2000, Instances: 1000, NACLs: 50, NACLEntries: 1000, RouteTables: 100,
		Roles: 500, Buckets: 200, Peerings: 5, Endpoints: 15,
	},
	"large": {
		Seed: 1, Accounts: 3, Regions: 2,
		VPCs: 50, Subnets: 1000, SecurityGroups: 10000, SGRules: 100000,
		ENIs: 20000, Instances: 10000, NACLs: 500, NACLEntries: 10000, RouteTables: 1000,
		Roles: 5000, Buckets: 2000, Peerings: 20, Endpoints: 60,
	},
}

// Preset returns a named preset: small, medium or large.
func Preset(name string) (Params, error) {
	p, ok := presets[name]
	if !ok {
		return Params{}, fmt.Errorf("unknown size %q (want one of %v)", name, PresetNames())
	}
	return p, nil
}

// PresetNames lists the presets, smallest first.
func PresetNames() []string { return []string{"small", "medium", "large"} }

// Validate reports parameters Generate cannot honour exactly.
func (p Params) Validate() error {
	check := func(ok bool, format string, args ...any) error {
		if ok {
			return nil
		}
		return fmt.Errorf("gen: "+format, args...)
	}
	minRules, maxRules := 0, 0
	minEntries, maxEntries := 0, 0
	for i := range p.VPCs {
		minRules += defaultSGRules(i)
		maxRules += defaultSGRules(i)
		minEntries += defaultACLEntries(i)
		maxEntries += defaultACLEntries(i)
	}
	minRules += p.SecurityGroups - p.VPCs
	maxRules += maxRulesPerGroup * (p.SecurityGroups - p.VPCs)
	minEntries += 2 * (p.NACLs - p.VPCs)
	maxEntries += 2 * maxEntriesPerDirection * (p.NACLs - p.VPCs)
	for _, err := range []error{
		check(p.Accounts >= 1 && p.Accounts <= len(accountIDs), "accounts %d out of range 1-%d", p.Accounts, len(accountIDs)),
		check(p.Regions >= 1 && p.Regions <= len(regionNames), "regions %d out of range 1-%d", p.Regions, len(regionNames)),
		check(p.VPCs >= 1 && p.VPCs <= 256, "vpcs %d out of range 1-256", p.VPCs),
		check(p.Subnets >= p.VPCs && p.Subnets <= 256*p.VPCs, "subnets %d: want at least one per VPC and at most 256 per VPC", p.Subnets),
		check(p.SecurityGroups >= p.VPCs, "security groups %d: want at least one (the default) per VPC", p.SecurityGroups),
		check(p.SGRules >= minRules && p.SGRules <= maxRules, "sg rules %d out of range %d-%d for %d groups", p.SGRules, minRules, maxRules, p.SecurityGroups),
		check(p.NACLs >= p.VPCs, "nacls %d: want at least one (the default) per VPC", p.NACLs),
		check(p.NACLEntries >= minEntries && p.NACLEntries <= maxEntries, "nacl entries %d out of range %d-%d for %d NACLs", p.NACLEntries, minEntries, maxEntries, p.NACLs),
		check(p.RouteTables >= p.VPCs, "route tables %d: want at least one (the main table) per VPC", p.RouteTables),
		check(p.Instances >= 0 && p.ENIs >= p.Instances, "enis %d: want at least one per instance (%d)", p.ENIs, p.Instances),
		check(p.ENIs <= maxENIsPerSubnet*p.Subnets*9/10, "enis %d: too many for %d /24 subnets", p.ENIs, p.Subnets),
		check(p.Roles >= 2*p.Accounts, "roles %d: want at least 2 per account", p.Roles),
		check(p.Buckets >= 0, "buckets %d is negative", p.Buckets),
		check(p.Peerings >= 0 && p.Peerings <= p.VPCs*(p.VPCs-1)/2, "peerings %d: at most one per VPC pair", p.Peerings),
		check(p.Endpoints >= 0 && p.Endpoints <= p.VPCs*len(endpointServices), "endpoints %d: at most %d per VPC", p.Endpoints, len(endpointServices)),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

const (
	maxRulesPerGroup       = 60
	maxEntriesPerDirection = 40
	maxENIsPerSubnet       = 251 // a /24 minus the 5 addresses AWS reserves
)

var (
	accountIDs  = []string{"111122223333", "444455556666", "777788889999", "123456789012", "210987654321", "135791357913", "246802468024", "314159265358", "271828182845"}
	regionNames = []string{"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"}
	regionAZs   = map[string][]string{
		"us-east-1":      {"a", "b", "c", "d", "f"},
		"eu-west-1":      {"a", "b", "c"},
		"us-west-2":      {"a", "b", "c", "d"},
		"ap-southeast-2": {"a", "b", "c"},
	}
	// s3PrefixLists are the AWS-managed S3 prefix lists per region.
	s3PrefixLists  = map[string]string{"us-east-1": "pl-63a5400a", "eu-west-1": "pl-6da54004", "us-west-2": "pl-68a54001", "ap-southeast-2": "pl-6ca54005"}
	ddbPrefixLists = map[string]string{"us-east-1": "pl-02cd2c6b", "eu-west-1": "pl-6fa54006", "us-west-2": "pl-00a54069", "ap-southeast-2": "pl-62a5400b"}
)

// defaultSGRules is how many rules the default group of VPC i carries:
// every tenth VPC had its default group emptied (CIS 5.4); IPv6 VPCs
// (every fifth) have the extra ::/0 egress rule.
func defaultSGRules(i int) int {
	switch {
	case i%10 == 4:
		return 0
	case hasIPv6(i):
		return 3
	}
	return 2
}

// defaultACLEntries is the number of entries of VPC i's default NACL
// (allow all in and out, and the same for ::/0 in IPv6 VPCs).
func defaultACLEntries(i int) int {
	if hasIPv6(i) {
		return 4
	}
	return 2
}

func hasIPv6(i int) bool { return i%5 == 0 }
