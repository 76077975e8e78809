package vpclint.rules.access.bucket_sourceip_via_gateway_endpoint

ipcond(op, extra) := object.union({"operator": op, "base": op, "key": "aws:sourceip", "values": ["198.51.100.0/24"]}, extra)

stmt(effect, conds) := {"index": 0, "effect": effect, "principal": {"AWS": ["*"]}, "action": ["s3:GetObject"], "resource": ["arn:aws:s3:::b/*"], "conditions": conds}

inp(st, instances) := {
	"buckets": {"b": {"id": "b", "region": "us-east-1", "policy": {"statements": [st]}}},
	"facts": {"access": {"gateway_endpoint_clients": {"vpce-1": {"service": "s3", "vpc_id": "vpc-1", "region": "us-east-1", "route_table_ids": ["rtb-1"], "subnet_ids": ["subnet-1"], "instance_ids": instances}}}},
}

# aws-semantics §5.4: aws:SourceIp is absent through a VPC endpoint.
test_fires_allow_ipaddress if {
	fs := findings with input as inp(stmt("Allow", [ipcond("IpAddress", {})]), ["i-1"])
	count(fs) == 1
	some f in fs
	contains(f.message, "statement 0 allows by aws:SourceIp")
	contains(f.message, "vpce-1 (VPC vpc-1, instances i-1)")
	contains(f.message, "never applies")
}

# §7.6: a negated operator on an absent key is true.
test_fires_deny_notipaddress if {
	fs := findings with input as inp(stmt("Deny", [ipcond("NotIpAddress", {"negated": true})]), ["i-1"])
	count(fs) == 1
	some f in fs
	contains(f.message, "always applies")
}

test_passes_no_instances_behind_endpoint if {
	count(findings) == 0 with input as inp(stmt("Allow", [ipcond("IpAddress", {})]), [])
}

test_passes_ifexists if {
	count(findings) == 0 with input as inp(stmt("Deny", [ipcond("NotIpAddress", {"negated": true, "if_exists": true})]), ["i-1"])
}

test_passes_other_region if {
	inp1 := inp(stmt("Allow", [ipcond("IpAddress", {})]), ["i-1"])
	count(findings) == 0 with input as object.union(inp1, {"buckets": {"b": {"id": "b", "region": "eu-west-1", "policy": {"statements": [stmt("Allow", [ipcond("IpAddress", {})])]}}}})
}

test_passes_deny_ipaddress if {
	count(findings) == 0 with input as inp(stmt("Deny", [ipcond("IpAddress", {})]), ["i-1"])
}
