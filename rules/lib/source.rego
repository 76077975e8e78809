package vpclint.lib.source

# Where findings point when the resource they name is not an entity with a
# source of its own (a change between two interfaces).

# collections maps the component types of reach's verdicts to the input
# collections that hold them.
collections := {
	"security-group": "security_groups",
	"network-acl": "network_acls",
	"route-table": "route_tables",
	"network-interface": "network_interfaces",
	"subnet": "subnets",
	"internet-gateway": "internet_gateways",
	"egress-only-internet-gateway": "egress_only_internet_gateways",
	"nat-gateway": "nat_gateways",
	"vpc-endpoint": "vpc_endpoints",
	"peering-connection": "peering_connections",
}

# entity is the source of the entity coll/id, when the input places it.
entity(coll, id) := e.source if {
	some e in object.get(input, coll, [])
	e.id == id
	e.source.file
}

# change is where a change finding points: the first component that
# blocks (or no longer blocks) the traffic, in the after input (a security
# group component names its groups joined by commas: the first one), else
# the destination instance or interface; null when neither is placed.
change(c) := s if {
	comp := c.components[0]
	s := entity(collections[comp.type], split(comp.id, ",")[0])
} else := s if {
	s := entity("instances", c.destination)
} else := s if {
	s := entity("network_interfaces", c.destination)
} else := null
