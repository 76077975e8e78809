package vpclint.rules.coverage.gap

test_fires_on_gap if {
	fs := findings with input as {"coverage": [{"account": "111122223333", "region": "eu-west-1", "service": "ec2", "operation": "DescribeSecurityGroups", "error": "AccessDenied"}]}
	count(fs) == 1
	some f in fs
	f.resource.id == "111122223333/eu-west-1/ec2"
}

test_passes_without_gaps if {
	fs := findings with input as {"coverage": []}
	count(fs) == 0
}
