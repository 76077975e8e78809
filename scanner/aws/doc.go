// Package aws scans a live AWS account (or an organization's accounts)
// into a snapshot.Snapshot, and reads VPC flow logs from CloudWatch Logs
// and S3 for the CLI to hand to the flowlogs package. It is the only
// package that imports the AWS SDK.
//
// It makes only read-only calls (Describe*, List*, Get*, FilterLogEvents; docs/scanner-policy.json
// is the exact IAM policy it needs), in parallel across accounts, regions and
// services under a per-service client-side rate limit with the SDK's adaptive
// retry mode. Whatever it cannot read (access denied, a disabled region,
// retries exhausted, a malformed response, an interrupted scan) becomes a
// snapshot.Gap and the rest of the scan continues.
//
// Calls, and why each is needed (the minimum for one account):
//
//	sts     GetCallerIdentity                          1 (account id, partition)
//	ec2     DescribeRegions                            1 per account, only with AllRegions
//	ec2     Describe{Vpcs,Subnets,SecurityGroups,SecurityGroupRules,NetworkAcls,
//	        RouteTables,InternetGateways,EgressOnlyInternetGateways,NatGateways,
//	        VpcPeeringConnections,VpcEndpoints,ManagedPrefixLists,NetworkInterfaces,
//	        Instances,FlowLogs}                        ceil(n/page) each, per region
//	ec2     GetManagedPrefixListEntries                ceil(entries/100) per prefix list
//	                                                   that a rule or route references
//	ec2     DescribeVpcAttribute                       2 per VPC that has an interface
//	                                                   endpoint with private DNS (the only
//	                                                   consumer of the DNS flags;
//	                                                   DescribeVpcs does not carry them)
//	iam     GetAccountAuthorizationDetails             ceil((roles+policies)/1000)
//	        (Filter Role, LocalManagedPolicy: roles, trust policies, inline and
//	        attached policies, instance profiles, customer managed policies)
//	iam     ListAccountAliases, ListOpenIDConnectProviders, ListSAMLProviders   1 each
//	iam     GetOpenIDConnectProvider                   1 per OIDC provider (client ids)
//	s3      ListBuckets                                ceil(buckets/10000)
//	s3      GetBucketPolicy, GetPublicAccessBlock, GetBucketAcl,
//	        GetBucketOwnershipControls, GetBucketTagging   1 each per bucket
//	s3      GetBucketLocation                          only when ListBuckets gives no region
//	s3control GetPublicAccessBlock                     1 (account-level block)
//
// Resource policies (policies.go), per region, every service in parallel:
//
//	sqs     ListQueues                                 ceil(queues/1000)
//	sqs     GetQueueAttributes (Policy, QueueArn)      1 per queue
//	sns     ListTopics                                 ceil(topics/100)
//	sns     GetTopicAttributes                         1 per topic
//	kms     ListKeys                                   ceil(keys/1000)
//	kms     GetKeyPolicy                               1 per key (AWS managed keys included)
//	lambda  ListFunctions                              ceil(functions/50)
//	lambda  GetPolicy                                  1 per function ($LATEST only; a policy on
//	                                                   a version or alias is not read)
//	ecr     DescribeRepositories                       ceil(repositories/1000)
//	ecr     GetRepositoryPolicy                        1 per repository
//	secretsmanager ListSecrets                         ceil(secrets/100)
//	secretsmanager GetResourcePolicy                   1 per secret
//	es      ListDomainNames                            1 (OpenSearch and Elasticsearch domains)
//	es      DescribeDomains                            ceil(domains/5) (carries the access policy)
//
// None of these services lists a resource's policy with the resource, so
// the per-resource get is the minimum; a "no policy" answer is absence,
// not a gap.
//
// Flow logs are read where AWS delivered them, only when asked
// (FetchCloudWatchFlowLogs, FetchS3FlowLogs; flowlogs.go):
//
//	ec2     DescribeFlowLogs                           1 (the log group's flow logs, for their format)
//	logs    FilterLogEvents                            ceil(events/10000) in the window, or more
//	                                                   (a page can be empty while more remain)
//	s3      GetBucketLocation                          1 (the bucket's region)
//	s3      ListObjectsV2                              per folder walked, ceil(entries/1000); date
//	                                                   partitions outside the window are not walked
//	s3      GetObject                                  1 per object in the window
//
// Security group rules come from DescribeSecurityGroupRules (one rule, one
// target, with its sgr- id, description and tags) and group metadata from
// DescribeSecurityGroups: ceil(groups/1000)+ceil(rules/1000) calls. Flattening
// DescribeSecurityGroups' IpPermissions alone would save the second term but
// loses the rule ids that findings cite and the per-rule tags that
// suppressions use, so IpPermissions are flattened only as the fallback when
// DescribeSecurityGroupRules cannot be read (recorded as a gap).
package aws
