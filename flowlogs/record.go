package flowlogs

import "net/netip"

// Action is a record's action field.
type Action string

// The actions AWS writes; ActionNone is "-" (NODATA and SKIPDATA records).
const (
	Accept     Action = "ACCEPT"
	Reject     Action = "REJECT"
	ActionNone Action = ""
)

// Status is a record's log-status field (aws-semantics §8.2).
type Status string

// The log statuses. NODATA and SKIPDATA records are counted, never
// explained: they carry no flow.
const (
	StatusOK       Status = "OK"
	StatusNoData   Status = "NODATA"
	StatusSkipData Status = "SKIPDATA"
)

// Direction is relative to the recorded interface: flow-direction (version
// 5) when the format has it, otherwise inferred from the interface's own
// addresses when a configuration is known, otherwise DirectionUnknown.
type Direction string

// The directions.
const (
	Ingress          Direction = "ingress"
	Egress           Direction = "egress"
	DirectionUnknown Direction = ""
)

// Record is one parsed flow-log record. Absent values ("-", or a field the
// format does not carry) are the zero netip.Addr, -1 for numbers, and ""
// for strings.
type Record struct {
	Version     int
	AccountID   string
	InterfaceID string
	SrcAddr     netip.Addr
	DstAddr     netip.Addr
	SrcPort     int
	DstPort     int
	Protocol    int
	Packets     int64
	Bytes       int64
	Start       int64 // Unix seconds
	End         int64 // Unix seconds
	Action      Action
	Status      Status

	VPCID      string
	SubnetID   string
	InstanceID string
	TCPFlags   int
	Type       string
	PktSrcAddr netip.Addr
	PktDstAddr netip.Addr
	Region     string
	AZID       string
	// Direction is the flow-direction field (version 5) as written.
	Direction    Direction
	TrafficPath  int
	RejectReason string
}

// Position locates a record in its input: a file ("-" for stdin) and a
// 1-based line; for Parquet the row number, for a CloudWatch Logs export
// the event's number (both counted from 1 across the whole input).
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}
