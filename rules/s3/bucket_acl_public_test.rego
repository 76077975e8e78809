package vpclint.rules.s3.bucket_acl_public

all_users := "http://acs.amazonaws.com/groups/global/AllUsers"

authenticated := "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

log_delivery := "http://acs.amazonaws.com/groups/s3/LogDelivery"

grant(uri, perm) := {"grantee_type": "Group", "uri": uri, "permission": perm}

bucket(grants, extra) := object.union({"id": "b", "account": "111122223333", "acl": {"grants": grants}}, extra)

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_fires_public_read if {
	f := only(findings) with input as {"buckets": {"b": bucket([grant(all_users, "READ")], {})}}
	f.resource == {"type": "bucket", "id": "b"}
	f.message == "bucket b ACL grants READ to everyone (AllUsers)"
	f.severity == "high"
	f.evidence.public_grants == [grant(all_users, "READ")]
}

# AuthenticatedUsers is any AWS account: S3 calls it public.
test_fires_authenticated_read if {
	f := only(findings) with input as {"buckets": {"b": bucket([grant(authenticated, "READ")], {"acl": {"canned": "authenticated-read", "grants": [grant(authenticated, "READ")]}})}}
	f.message == "bucket b ACL grants READ to every AWS account (AuthenticatedUsers)"
	f.evidence.canned == "authenticated-read"
}

test_fires_critical_on_public_write if {
	f := only(findings) with input as {"buckets": {"b": bucket([grant(all_users, "READ"), grant(all_users, "WRITE")], {})}}
	f.severity == "critical"
	f.message == "bucket b ACL grants READ to everyone (AllUsers), WRITE to everyone (AllUsers)"
}

# Any permission makes an ACL public, READ_ACP included.
test_fires_on_read_acp if {
	only(findings) with input as {"buckets": {"b": bucket([grant(authenticated, "READ_ACP")], {})}}
}

test_fires_with_preferred_ownership if {
	only(findings) with input as {"buckets": {"b": bucket([grant(all_users, "READ")], {"object_ownership": "BucketOwnerPreferred"})}}
}

test_fires_low_when_bucket_ignores_public_acls if {
	f := only(findings) with input as {"buckets": {"b": bucket([grant(all_users, "WRITE")], {"public_access_block": {"ignore_public_acls": true}})}}
	f.severity == "low"
	endswith(f.message, "ignored today by Block Public Access IgnorePublicAcls")
}

test_fires_low_when_account_ignores_public_acls if {
	inp := {"buckets": {"b": bucket([grant(all_users, "READ")], {})}, "accounts": {"111122223333": {"id": "111122223333", "public_access_block": {"ignore_public_acls": true}}}}
	f := only(findings) with input as inp
	f.severity == "low"
}

# BlockPublicAcls rejects new public ACLs; an existing one stays in force.
test_fires_full_with_only_block_public_acls if {
	f := only(findings) with input as {"buckets": {"b": bucket([grant(all_users, "READ")], {"public_access_block": {"block_public_acls": true}})}}
	f.severity == "high"
}

test_fires_at_the_acl_source if {
	src := {"file": "main.tf", "start_line": 7, "end_line": 7}
	f := only(findings) with input as {"buckets": {"b": bucket([], {"acl": {"grants": [grant(all_users, "READ")], "source": src}})}}
	f.source == src
}

test_passes_when_ownership_enforced if {
	count(findings) == 0 with input as {"buckets": {"b": bucket([grant(all_users, "WRITE")], {"object_ownership": "BucketOwnerEnforced"})}}
}

test_passes_log_delivery_and_canonical_users if {
	grants := [grant(log_delivery, "WRITE"), grant(log_delivery, "READ_ACP"), {"grantee_type": "CanonicalUser", "id": "79a59df9", "permission": "FULL_CONTROL"}]
	count(findings) == 0 with input as {"buckets": {"b": bucket(grants, {})}}
}

test_passes_private_or_no_acl if {
	count(findings) == 0 with input as {"buckets": {"b": bucket([], {"acl": {"canned": "private", "grants": []}})}}
	count(findings) == 0 with input as {"buckets": {"b": {"id": "b"}}}
}
