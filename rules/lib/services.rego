# METADATA
# title: AWS service principal facts
# description: |
#   Per-service data the IAM checks rely on. sends_source_keys says whether the
#   service puts aws:SourceAccount / aws:SourceArn in the request context when it
#   acts for a resource (aws-semantics §7.8), so a trust-policy condition on them
#   can work. A service that is not listed is unknown: rules make no claim about it.
package vpclint.lib.services

# Service principal -> facts. "source" is the AWS page that documents the keys
# (or, for false, the page for the role type plus the tool bug showing the
# false positive). Add a service only with a citation. Deliberately absent,
# so neither IAM003 nor IAM012 makes a claim about them:
#   cloudtrail.amazonaws.com - its confused-deputy page covers bucket and topic
#     policies, and adding the keys to the CloudWatch Logs delivery role's
#     trust broke delivery (prowler-cloud/prowler#4714);
#   backup.amazonaws.com - its confused-deputy page covers SNS and KMS
#     policies, not the service role's trust.
principals := {
	"vpc-flow-logs.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
	},
	"config.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/config/latest/developerguide/cross-service-confused-deputy-prevention.html",
	},
	"sns.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html",
	},
	"s3.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount",
	},
	"logs.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-confused-deputy.html",
	},
	"delivery.logs.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html",
	},
	"events.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html",
	},
	"states.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html#prevent-cross-service-confused-deputy",
	},
	"ecs-tasks.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
	},
	"ssm.amazonaws.com": {
		"sends_source_keys": true,
		"source": "https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html",
	},
	"ec2.amazonaws.com": {
		"sends_source_keys": false,
		"source": "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
		"note": "instance-profile roles carry no source resource; Prowler false positive https://github.com/prowler-cloud/prowler/issues/2810",
	},
	"lambda.amazonaws.com": {
		"sends_source_keys": false,
		"source": "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
		"note": "execution-role trust is documented without source keys; see https://github.com/prowler-cloud/prowler/issues/7021 and #2792",
	},
}

# sends_source_keys holds for a listed service that documents the keys.
sends_source_keys(service) if principals[lower(service)].sends_source_keys == true

# never_sends_source_keys holds for a listed service known not to send them:
# a trust condition requiring them can never be satisfied.
never_sends_source_keys(service) if principals[lower(service)].sends_source_keys == false
