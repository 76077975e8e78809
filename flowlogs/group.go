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

// Bucket counts records per action in one time interval of the summary's
// histogram (by record start time).
type Bucket struct {
	Start    int64 `json:"start"` // Unix seconds
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
}

// Summary is the aggregation of one or more flow-log inputs. Its size
// grows with distinct Keys and histogram buckets, never with records.
type Summary struct {
	// Groups are sorted by Key (interface, direction, action, protocol,
	// addresses, ports) so output is deterministic.
	Groups []Group
	// Records counts every record read, malformed ones included.
	Records  int64
	NoData   int64
	SkipData int64
	// Filtered counts well-formed records left out by the options
	// (--since, --until, --interface, --action).
	Filtered int64
	// Malformed holds the first few malformed records verbatim;
	// MalformedCount counts them all.
	Malformed      []Malformed
	MalformedCount int64
	// First and Last bound the records' start and end times (0 when none).
	First int64
	Last  int64
	// BucketSeconds is the histogram's interval.
	BucketSeconds int64
	Histogram     []Bucket
	// Inputs names what was read, in order: each file (directories
	// expanded, sorted), "-" for stdin.
	Inputs []string
	// Errors are the inputs that could not be read, or not to the end;
	// the others were read all the same.
	Errors []InputError
}

// InputError is an input that could not be read, or not to the end.
type InputError struct {
	Input string `json:"input"`
	Error string `json:"error"`
}
