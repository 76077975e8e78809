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
#   SG001's business and are not reported here; a rule that opens all traffic
#   (all protocols, or every TCP/UDP port) is reported once by SG003 instead of
#   once per database port.
#   Acceptable almost never: put the data store in private subnets and admit
#   only the application's security group.
#   Grading by the effective path (aws-semantics §6.1), when the reach facts
#   are present: critical ("effective exposure") when an interface of the
#   group is reachable end to end from the internet on that protocol and port
#   (attached IGW, public address, IGW route, NACL both ways), naming the whole
#   path; medium ("configured exposure") when the group is attached but no
#   such path exists (no public address, no IGW route, or a NACL blocks it);
#   low when the group is attached to nothing.
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
#     aws-fsbp: ["EC2.18", "EC2.19"]
#   tags: [network, security-group, database]
package vpclint.rules.sg.database_port_open

import data.vpclint.lib.net

# port -> service and the protocols that reach it ("all" reaches every port).
db_ports := {
	1433: {"service": "SQL Server", "protocols": {"tcp", "all"}},
	1521: {"service": "Oracle", "protocols": {"tcp", "all"}},
	3306: {"service": "MySQL", "protocols": {"tcp", "all"}},
	5432: {"service": "PostgreSQL", "protocols": {"tcp", "all"}},
	6379: {"service": "Redis", "protocols": {"tcp", "all"}},
	9042: {"service": "Cassandra", "protocols": {"tcp", "all"}},
	9200: {"service": "Elasticsearch/OpenSearch", "protocols": {"tcp", "all"}},
	9300: {"service": "Elasticsearch/OpenSearch transport", "protocols": {"tcp", "all"}},
	11211: {"service": "Memcached", "protocols": {"tcp", "udp", "all"}},
	27017: {"service": "MongoDB", "protocols": {"tcp", "all"}},
}

findings contains f if {
	some open in input.facts.sg_ingress_public
	open.anywhere
	sg := input.security_groups[open.group_id]
	r := open.rule

	# SG003 reports an all-traffic rule once; repeating it per port here
	# would bury it under ten copies.
	not net.all_traffic(r)

	# Cheap range test first: most internet-open rules are 80/443.
	r.to_port >= 1433
	r.from_port <= 27017
	some port, svc in db_ports
	r.from_port <= port
	port <= r.to_port
	r.protocol in svc.protocols
	base := {
		"resource": {"type": "security_group", "id": sg.id},
		"message": sprintf("%s (%s) allows %s (port %d) from %s through %s rule %s", [sg.id, object.get(sg, "name", ""), svc.service, port, net.cidr(r), net.port_text(r), r.rule_id]),
		"key": sprintf("%s/%d/%s", [r.rule_id, port, net.cidr(r)]),
		"evidence": {"rule": r, "port": port, "service": svc.service},
		"related": [{"type": "security_group_rule", "id": r.rule_id, "description": net.port_text(r)}],
		"source": object.get(r, "source", null),
	}

	# aws-semantics §6.1: re-graded by the end-to-end path (facts.sg_exposure);
	# a udp rule (Memcached) is graded on udp exposure.
	f := net.regrade(base, sg.id, net.fact_family(r), r.protocol, port)
}
