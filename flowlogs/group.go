package flowlogs

import "net/netip"

// EphemeralPort stands in a Key for the client side's port, which changes
// with every connection. Grouping on it would make the aggregation grow
// with connections instead of flows; the range actually seen is kept in
// Group.ClientPorts, since a NACL decides on it (aws-semantics §2.4).
const EphemeralPort = -1

// Key is what records are grouped by: one interface, one direction, one
// action, one protocol, both addresses, and both ports with the client's
// ephemeral port replaced by EphemeralPort. Which side is the client: the
// higher port when it is at least 1024 and the other is lower (ICMP and
// protocols without ports keep both ports as written).
type Key struct {
	Interface string
	Direction Direction
	Action    Action
	Protocol  int
	Src       netip.Addr
	Dst       netip.Addr
	SrcPort   int
	DstPort   int
}

// Group is the aggregate of the records that share a Key.
type Group struct {
	Key
	// ClientPorts is the lowest and highest collapsed port seen ({-1,-1}
	// when no port was collapsed).
	ClientPorts [2]int
	Records     int64
	Packets     int64
	Bytes       int64
	First       int64 // earliest start, Unix seconds
	Last        int64 // latest end, Unix seconds
	// The interface's context as the first record gave it (version 3+
	// fields; "" when the format lacks them).
	AccountID  string
	VPCID      string
	SubnetID   string
	InstanceID string
	// TCPFlags is every record's tcp-flags OR-ed (-1 when absent).
	TCPFlags int
	// Sample is where the first record of the group was read.
	Sample Position
}

// Malformed is a record that could not be parsed: counted and reported,
// never fatal.
type Malformed struct {
	Position
	Text   string `json:"text"`
	Reason string `json:"reason"`
}
