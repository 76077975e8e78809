package vpclint.rules.rt.public_ip_without_igw_route

# input.facts.gateway_problems is computed in Go by reach (GatewayProblems:
# an interface with a public IP whose subnet has no route to an attached
# IGW); each test supplies what reach produces.
problem(res) := {
	"kind": "public_ip_without_igw_route", "resource": res, "subnet": "subnet-priv",
	"detail": sprintf("%s has public IP 198.51.100.7 but subnet-priv has no route to an attached internet gateway: the address is unusable", [res]),
}

inp(problems) := {
	"subnets": {"subnet-priv": {"id": "subnet-priv", "vpc_id": "vpc-1", "route_table_id": "rtb-priv"}},
	"facts": {"gateway_problems": problems},
}

# aws-semantics §6.1 (3): the reply needs a route to the IGW.
test_fires_instance if {
	p := problem("i-1")
	fs := findings with input as inp([p])
	count(fs) == 1
	some f in fs
	f.resource == {"type": "instance", "id": "i-1"}
	f.message == "i-1 has a public IP address but its subnet subnet-priv (route table rtb-priv) has no route to an attached internet gateway: the address is unusable, nothing from the internet reaches it"
	f.key == "subnet-priv"
	f.evidence == {"problem": p, "route_table": "rtb-priv"}
}

# An interface without an instance (an unattached ENI with an EIP).
test_fires_network_interface if {
	fs := findings with input as inp([problem("eni-1"), problem("i-2")])
	count(fs) == 2
	{[f.resource.type, f.resource.id] | some f in fs} == {["network_interface", "eni-1"], ["instance", "i-2"]}
}

test_passes_nat_problem if {
	p := object.union(problem("nat-1"), {"kind": "nat_without_igw_route"})
	fs := findings with input as inp([p])
	count(fs) == 0
}

test_passes_no_problems if {
	fs := findings with input as inp([])
	count(fs) == 0
}
