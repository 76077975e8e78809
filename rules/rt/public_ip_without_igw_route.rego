# METADATA
# title: Public IP address in a subnet without a route to an internet gateway
# description: |
#   A public IPv4 address (auto-assigned or Elastic IP) is usable only when the
#   interface's subnet routes the internet to an internet gateway attached to
#   the VPC: the IGW does the 1:1 translation, and the replies need that route
#   to leave (aws-semantics §3.5, §6.1 (3); Reachability Analyzer
#   IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS). Without it the address is dead:
#   nothing from the internet reaches the instance through it, and the
#   instance's own internet traffic goes wherever the table sends it (a NAT,
#   or nowhere). Usually the instance was launched into a private subnet with
#   "assign public IP" on, or the subnet lost its IGW route.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
#   - ref: https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
# custom:
#   id: RT005
#   name: public-ip-without-igw-route
#   category: breakage
#   severity: medium
#   remediation: Add a 0.0.0.0/0 route to the VPC's attached internet gateway in the subnet's route table if the instance is meant to be public; otherwise release the Elastic IP or stop assigning a public IP (and reach the instance through SSM or a load balancer).
#   tags: [network, route-table, internet-gateway, reachability]
package vpclint.rules.rt.public_ip_without_igw_route

findings contains f if {
	some p in input.facts.gateway_problems
	p.kind == "public_ip_without_igw_route"
	rt := object.get(input, ["subnets", p.subnet, "route_table_id"], "")
	f := {
		"resource": {"type": resource_type(p.resource), "id": p.resource},
		"message": sprintf("%s has a public IP address but its subnet %s (route table %s) has no route to an attached internet gateway: the address is unusable, nothing from the internet reaches it", [p.resource, p.subnet, table_text(rt)]),
		"key": p.subnet,
		"evidence": {"problem": p, "route_table": rt},
		"related": [{"type": "subnet", "id": p.subnet, "description": "no route to an attached internet gateway"}],
	}
}

resource_type(id) := "instance" if {
	startswith(id, "i-")
} else := "network_interface"

table_text(rt) := rt if {
	rt != ""
} else := "unknown"
