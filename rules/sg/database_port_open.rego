# METADATA
# title: Security group opens a database or cache port to the internet
# description: |
#   An inbound rule admits 0.0.0.0/0 or ::/0 to a database, cache or search
#   port (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, Redis 6379,
#   Memcached 11211 tcp/udp, MongoDB 27017, Elasticsearch/OpenSearch 9200 and
#   9300, Cassandra 9042), either directly or through a port range or an
#   all-protocols rule that contains the port. Data stores are scanned for
#   continuously and many ship without authentication; Memcached over UDP is a
#   known DDoS amplifier. IPv4 and IPv6 are reported separately. SSH and RDP are
#   SG001's business and are not reported here.
#   Acceptable almost never: put the data store in private subnets and admit
#   only the application's security group.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
# custom:
#   id: SG002
#   name: sg-database-port-open
#   category: exposure
#   severity: high
#   remediation: Remove the rule, or replace the 0.0.0.0/0 or ::/0 source with the application's security group (or a narrow CIDR); keep data stores in private subnets.
#   frameworks:
#     aws-fsbp: ["EC2.19"]
#   tags: [network, security-group, database]
package vpclint.rules.sg.database_port_open

import data.vpclint.lib.net

# port -> service and the transport protocols it listens on.
db_ports := {
	1433: {"service": "SQL Server", "protocols": {"tcp"}},
	1521: {"service": "Oracle", "protocols": {"tcp"}},
	3306: {"service": "MySQL", "protocols": {"tcp"}},
	5432: {"service": "PostgreSQL", "protocols": {"tcp"}},
	6379: {"service": "Redis", "protocols": {"tcp"}},
	9042: {"service": "Cassandra", "protocols": {"tcp"}},
	9200: {"service": "Elasticsearch/OpenSearch", "protocols": {"tcp"}},
	9300: {"service": "Elasticsearch/OpenSearch transport", "protocols": {"tcp"}},
	11211: {"service": "Memcached", "protocols": {"tcp", "udp"}},
	27017: {"service": "MongoDB", "protocols": {"tcp"}},
}

# covered holds once per (rule, port) even when several protocols match.
covered(r, port, svc) if {
	some proto in svc.protocols
	net.covers_port(r, proto, port)
}

findings contains f if {
	some sg in input.security_groups
	some r in object.get(sg, "ingress", [])
	net.from_anywhere(r)
	some port, svc in db_ports
	covered(r, port, svc)
	f := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s (port %d) from %s through %s rule %s", [sg.id, object.get(sg, "name", ""), svc.service, port, net.cidr(r), net.port_text(r), r.rule_id]),
		"key": sprintf("%s/%d/%s", [r.rule_id, port, net.cidr(r)]),
		"evidence": {"rule": r, "port": port, "service": svc.service},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}
}
