package flowlogs

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
)

// blank is a Record with every value absent.
var blank = Record{
	Version: -1, SrcPort: -1, DstPort: -1, Protocol: -1, Packets: -1, Bytes: -1,
	Start: -1, End: -1, TCPFlags: -1, TrafficPath: -1,
}

// ParseRecord parses one record written in format f (fields separated by
// single spaces, "-" for an absent value) into r. The error says which
// field is wrong; r is then partly filled and must not be used.
func (f *Format) ParseRecord(line []byte, r *Record) error {
	return parseRecord(f, line, r, nil)
}

// interner shares the strings that repeat across records (interface, VPC,
// subnet, account ids, regions) so the hot path does not allocate one per
// record. It is bounded: past maxInterned distinct values strings are
// allocated as usual, so memory never grows with records.
type interner map[string]string

const maxInterned = 1 << 16

func (in interner) str(b []byte) string {
	if in == nil {
		return string(b)
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

func parseRecord(f *Format, line []byte, r *Record, in interner) error {
	*r = blank
	cols := f.cols
	rest := line
	for i, c := range cols {
		sp := bytes.IndexByte(rest, ' ')
		last := i == len(cols)-1
		var tok []byte
		switch {
		case sp < 0 && !last:
			return fmt.Errorf("%d fields, the format has %d", i+1, len(cols))
		case sp >= 0 && last:
			return fmt.Errorf("%d fields, the format has %d", len(cols)+bytes.Count(rest, []byte{' '}), len(cols))
		case sp < 0:
			tok = rest
		default:
			tok, rest = rest[:sp], rest[sp+1:]
		}
		if len(tok) == 0 {
			return fmt.Errorf("field %d (%s) is empty", i+1, f.names[i])
		}
		if c == fIgnored {
			continue
		}
		if err := setField(r, c, tok, in); err != nil {
			return fmt.Errorf("field %d (%s): %w", i+1, f.names[i], err)
		}
	}
	return nil
}

func setField(r *Record, c field, tok []byte, in interner) error {
	var err error
	switch c {
	case fVersion:
		r.Version, err = smallNum(tok)
	case fAccountID:
		r.AccountID = optStr(tok, in)
	case fInterfaceID:
		r.InterfaceID = optStr(tok, in)
	case fSrcAddr:
		r.SrcAddr, err = addr(tok)
	case fDstAddr:
		r.DstAddr, err = addr(tok)
	case fSrcPort:
		r.SrcPort, err = smallNum(tok)
	case fDstPort:
		r.DstPort, err = smallNum(tok)
	case fProtocol:
		r.Protocol, err = smallNum(tok)
	case fPackets:
		r.Packets, err = num(tok)
	case fBytes:
		r.Bytes, err = num(tok)
	case fStart:
		r.Start, err = num(tok)
	case fEnd:
		r.End, err = num(tok)
	case fAction:
		r.Action, err = action(tok)
	case fLogStatus:
		r.Status, err = status(tok)
	case fVPCID:
		r.VPCID = optStr(tok, in)
	case fSubnetID:
		r.SubnetID = optStr(tok, in)
	case fInstanceID:
		r.InstanceID = optStr(tok, in)
	case fTCPFlags:
		r.TCPFlags, err = smallNum(tok)
	case fType:
		r.Type = optStr(tok, in)
	case fPktSrcAddr:
		r.PktSrcAddr, err = addr(tok)
	case fPktDstAddr:
		r.PktDstAddr, err = addr(tok)
	case fRegion:
		r.Region = optStr(tok, in)
	case fAZID:
		r.AZID = optStr(tok, in)
	case fFlowDirection:
		r.Direction, err = parseDirection(tok)
	case fTrafficPath:
		r.TrafficPath, err = smallNum(tok)
	case fRejectReason:
		r.RejectReason = optStr(tok, in)
	default: // fIgnored never reaches here
	}
	return err
}

func absent(tok []byte) bool { return len(tok) == 1 && tok[0] == '-' }

func optStr(tok []byte, in interner) string {
	if absent(tok) {
		return ""
	}
	return in.str(tok)
}

var errNumber = errors.New("not a number")

// num parses a non-negative decimal without going through a string; "-"
// is -1 (absent).
func num(tok []byte) (int64, error) {
	if absent(tok) {
		return -1, nil
	}
	if len(tok) > 18 {
		return 0, fmt.Errorf("%w: %q", errNumber, tok)
	}
	var n int64
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: %q", errNumber, tok)
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// smallNum is num for the fields that fit an int32 (ports, protocol,
// flags, version, traffic path).
func smallNum(tok []byte) (int, error) {
	n, err := num(tok)
	if err == nil && n > 1<<31-1 {
		return 0, fmt.Errorf("%w: %q is out of range", errNumber, tok)
	}
	return int(n), err
}

// addr parses an address, IPv4 by hand (most records) and anything else
// with netip.ParseAddr; both accept exactly what netip.ParseAddr accepts
// for IPv4 (FuzzParseRecord holds them together).
func addr(tok []byte) (netip.Addr, error) {
	if absent(tok) {
		return netip.Addr{}, nil
	}
	if a, ok := ipv4(tok); ok {
		return a, nil
	}
	a, err := netip.ParseAddr(string(tok))
	if err != nil {
		return netip.Addr{}, fmt.Errorf("not an address: %q", tok)
	}
	if a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("not an address: %q has a zone", tok)
	}
	return a, nil
}

// ipv4 parses dotted-quad decimal: four fields of 1 to 3 digits, at most
// 255, no leading zeros.
func ipv4(tok []byte) (netip.Addr, bool) {
	var b [4]byte
	i := 0
	for k := range 4 {
		if k > 0 {
			if i >= len(tok) || tok[i] != '.' {
				return netip.Addr{}, false
			}
			i++
		}
		start, v := i, 0
		for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' && i-start < 3 {
			v = v*10 + int(tok[i]-'0')
			i++
		}
		if i == start || v > 255 || (i-start > 1 && tok[start] == '0') {
			return netip.Addr{}, false
		}
		b[k] = byte(v)
	}
	if i != len(tok) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(b), true
}

func action(tok []byte) (Action, error) {
	switch string(tok) {
	case "ACCEPT":
		return Accept, nil
	case "REJECT":
		return Reject, nil
	case "-":
		return ActionNone, nil
	}
	return "", fmt.Errorf("action %q is not ACCEPT, REJECT or -", tok)
}

func status(tok []byte) (Status, error) {
	switch string(tok) {
	case "OK":
		return StatusOK, nil
	case "NODATA":
		return StatusNoData, nil
	case "SKIPDATA":
		return StatusSkipData, nil
	case "-":
		return "", nil
	}
	return "", fmt.Errorf("log-status %q is not OK, NODATA or SKIPDATA", tok)
}

func parseDirection(tok []byte) (Direction, error) {
	switch string(tok) {
	case "ingress":
		return Ingress, nil
	case "egress":
		return Egress, nil
	case "-":
		return DirectionUnknown, nil
	}
	return "", fmt.Errorf("flow-direction %q is not ingress, egress or -", tok)
}
