# METADATA
# title: VPC has no flow log
# description: |
#   No flow log is attached to the VPC itself. Without VPC flow logs there is
#   no record of accepted or rejected connections for incident response, and
#   no way to explain a REJECT after the fact. Flow logs on single subnets or
#   network interfaces do not count: they miss the rest of the VPC, and CIS and
#   FSBP ask for a VPC-level flow log.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6
# custom:
#   id: VPC001
#   name: vpc-flow-logs-disabled
#   category: hygiene
#   severity: medium
#   remediation: Create a flow log for the VPC (resource type VPC, traffic type ALL or at least REJECT) delivering to CloudWatch Logs or S3, e.g. aws_flow_log with vpc_id set.
#   frameworks:
#     cis-aws-v3.0: ["3.7"]
#     cis-aws-v5.0: ["3.7"]
#     aws-fsbp: ["EC2.6"]
#   tags: [network, vpc, logging]
package vpclint.rules.vpc.flow_logs_disabled

# logged holds every resource id that has a flow log.
logged := {fl.resource_id | some fl in input.flow_logs}

# owner_vpc is the VPC of a subnet or ENI id: flow logs on those do not
# count for the VPC but are worth naming.
owner_vpc(rid) := input.subnets[rid].vpc_id

owner_vpc(rid) := input.network_interfaces[rid].vpc_id

findings contains f if {
	some vpc in input.vpcs
	not vpc.id in logged
	narrow := sort([fl.id | some fl in input.flow_logs; owner_vpc(fl.resource_id) == vpc.id])
	f := {
		"resource": {"type": "vpc", "id": vpc.id},
		"message": message(vpc.id, narrow),
		"key": "flow-log",
		"evidence": {"vpc_id": vpc.id, "subnet_or_eni_flow_log_ids": narrow},
	}
}

message(id, []) := sprintf("%s has no flow log", [id])

message(id, narrow) := sprintf("%s has no VPC-level flow log (only subnet/ENI-level flow logs %s)", [id, concat(", ", narrow)]) if count(narrow) > 0
