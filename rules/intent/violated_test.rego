package vpclint.rules.intent.violated

allow_intent := {"name": "web reaches db", "expect": "allow", "traffic": "tcp/5432"}

blocked := {
	"result": "blocked", "source": "i-web", "destination": "i-db", "traffic": "tcp/5432",
	"hops": [], "blocks": [{"code": "SUBNET_ACL_RESTRICTION", "component": {"type": "network-acl", "id": "acl-1"}, "message": "inbound rule 90 deny tcp"}],
}

test_fires_allow_intent_blocked if {
	fs := findings with input as {"facts": {"intents": [{"intent": allow_intent, "violated": true, "pairs": 1, "evidence": blocked}]}}
	count(fs) == 1
	some f in fs
	f.resource == {"type": "intent", "id": "web reaches db"}
	contains(f.message, "SUBNET_ACL_RESTRICTION acl-1")
}

test_fires_deny_intent_allowed if {
	path := {"result": "allowed", "source": "internet", "destination": "i-db", "traffic": "tcp/5432", "blocks": [], "hops": [{"type": "internet-gateway", "id": "igw-1"}, {"type": "network-interface", "id": "eni-1"}]}
	fs := findings with input as {"facts": {"intents": [{"intent": {"name": "db private", "expect": "deny"}, "violated": true, "pairs": 1, "evidence": path}]}}
	some f in fs
	contains(f.message, "internet-gateway igw-1 -> network-interface eni-1")
}

# An intent that cannot be decided is reported as unknown, never passed.
test_fires_unknown_intent if {
	fs := findings with input as {"facts": {"intents": [{"intent": allow_intent, "violated": false, "unknown": true, "pairs": 0, "problem": "from selects nothing in this snapshot"}]}}
	some f in fs
	f.severity == "medium"
	contains(f.message, "selects nothing")
}

test_passes_satisfied_intent if {
	count(findings) == 0 with input as {"facts": {"intents": [{"intent": allow_intent, "violated": false, "pairs": 3}]}}
}
