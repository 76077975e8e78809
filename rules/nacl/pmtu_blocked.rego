# METADATA
# title: Network ACL drops ICMP "fragmentation needed" (Path MTU discovery)
# description: |
#   Path MTU discovery relies on ICMP type 3 code 4 ("fragmentation needed and
#   DF set") coming back from the router that cannot forward a large packet.
#   A network ACL in use that admits TCP from the internet but denies that ICMP
#   message makes large packets black-hole: the TCP handshake works, small
#   requests work, and transfers with full-size segments stall (aws-semantics
#   §2.5; same-Region peering and some paths use MTU 9001, internet paths
#   1500). Reported per direction; only NACLs used by a subnet are reported.
#   IPv6 needs ICMPv6 type 2 (Packet Too Big) likewise.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/network_mtu.html
# custom:
#   id: NACL005
#   name: nacl-pmtu-blocked
#   category: breakage
#   severity: low
#   remediation: Add an allow entry for ICMP type 3 code 4 (and ICMPv6 type 2 for IPv6) from 0.0.0.0/0 (::/0) in both directions, numbered before the denies that catch it.
#   tags: [network, nacl, reachability, mtu]
package vpclint.rules.nacl.pmtu_blocked

import data.vpclint.lib.net

findings contains f if {
	some acl_id, directions in input.facts.nacl_pmtu_blocked
	subnets := net.acl_subnets(acl_id)
	count(subnets) > 0
	some dir in directions
	f := {
		"resource": {"type": "network_acl", "id": acl_id},
		"message": sprintf("%s (subnets %s) drops %s ICMP type 3 code 4 (fragmentation needed) %s the internet while admitting TCP: Path MTU discovery fails and large packets black-hole", [acl_id, net.id_list(subnets), dir, towards[dir]]),
		"key": dir,
		"evidence": {"direction": dir, "subnets": subnets, "icmp_type": 3, "icmp_code": 4},
	}
}

towards := {"inbound": "from", "outbound": "to"}
