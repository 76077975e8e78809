package vpclint.rules.ec2.imdsv1_allowed

inst(id, extra) := object.union({"id": id, "state": "running", "vpc_id": "vpc-1"}, extra)

test_fires_tokens_optional if {
	mo := {"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": 1}
	fs := findings with input as {"instances": {"i-1": inst("i-1", {"metadata_options": mo})}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "instance", "id": "i-1"}
	f.message == `instance i-1 allows IMDSv1 (http_tokens "optional", http_endpoint "enabled")`
	f.evidence == {"metadata_options": mo}
	not f.severity
}

# Model: Meta.Unknown, "rules treat an unknown conservatively: never as safe".
test_fires_unknown_metadata_options_low if {
	fs := findings with input as {"instances": {"i-2": inst("i-2", {})}}
	count(fs) == 1
	some f in fs
	f.severity == "low"
	contains(f.message, "unknown")
	f.evidence == {"metadata_options": null}
}

test_fires_each_instance_once if {
	inp := {"instances": {
		"i-1": inst("i-1", {"metadata_options": {"http_tokens": "optional", "http_endpoint": "enabled"}}),
		"i-2": inst("i-2", {"state": "stopped"}),
		"i-3": inst("i-3", {"metadata_options": {"http_tokens": "required", "http_endpoint": "enabled"}}),
	}}
	fs := findings with input as inp
	count(fs) == 2
	{f.resource.id | some f in fs} == {"i-1", "i-2"}
}

test_passes_imdsv2_required if {
	inp := {"instances": {"i-1": inst("i-1", {"metadata_options": {"http_tokens": "required", "http_endpoint": "enabled"}})}}
	fs := findings with input as inp
	count(fs) == 0
}

# aws-semantics §1.7: IMDS can only be filtered by the metadata options; a
# disabled endpoint serves nothing, v1 or v2.
test_passes_endpoint_disabled if {
	inp := {"instances": {"i-1": inst("i-1", {"metadata_options": {"http_tokens": "optional", "http_endpoint": "disabled"}})}}
	fs := findings with input as inp
	count(fs) == 0
}

test_passes_terminated if {
	inp := {"instances": {"i-1": inst("i-1", {"state": "terminated"})}}
	fs := findings with input as inp
	count(fs) == 0
}
