package snapshot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// absent marks an integer field the input did not set, so that normalising
// can tell "port 0" from "no port given".
const absent = -1 << 31

var protocolNames = map[int]string{-1: "all", 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6"}

// CanonicalProtocol maps a protocol name or number (as AWS accepts it) to
// vpclint's canonical name and number: "-1"/"all" -> ("all", -1),
// "6"/"TCP" -> ("tcp", 6), "47" -> ("47", 47).
func CanonicalProtocol(p string) (string, int, error) {
	s := strings.ToLower(strings.TrimSpace(p))
	switch s {
	case "", "-1", "all":
		if s == "" {
			return "", 0, errors.New("protocol is empty (want tcp, udp, icmp, icmpv6, all/-1 or a number 0-255)")
		}
		return "all", -1, nil
	}
	for n, name := range protocolNames {
		if s == name {
			return name, n, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return "", 0, fmt.Errorf("unknown protocol %q (want tcp, udp, icmp, icmpv6, all/-1 or a number 0-255)", p)
	}
	if name, ok := protocolNames[n]; ok {
		return name, n, nil
	}
	return strconv.Itoa(n), n, nil
}

// ports holds the integer fields shared by SG rules and NACL entries.
type ports struct {
	from, to, icmpType, icmpCode *int
}

// normalizePorts applies aws-semantics §1.2/§2.2: tcp/udp keep their range
// (absent means all ports); icmp/icmpv6 carry type and code (the AWS API's
// FromPort/ToPort are accepted as type/code); every other protocol, and
// "all", applies to all ports regardless of any range given.
func normalizePorts(proto string, p ports, path string) error {
	get := func(v *int, def int) int {
		if *v == absent {
			return def
		}
		return *v
	}
	switch proto {
	case "tcp", "udp":
		from, to := get(p.from, 0), get(p.to, 65535)
		if from < 0 || to > 65535 || from > to {
			return pathError(path, "port range %d-%d is not within 0-65535 with from <= to", from, to)
		}
		*p.from, *p.to, *p.icmpType, *p.icmpCode = from, to, -1, -1
	case "icmp", "icmpv6":
		typ, code := get(p.icmpType, absent), get(p.icmpCode, absent)
		if typ == absent {
			typ = get(p.from, -1)
		}
		if code == absent {
			code = get(p.to, -1)
		}
		if typ < -1 || typ > 255 || code < -1 || code > 255 {
			return pathError(path, "icmp type %d code %d out of range (want -1 for all, or 0-255)", typ, code)
		}
		*p.from, *p.to, *p.icmpType, *p.icmpCode = -1, -1, typ, code
	default:
		*p.from, *p.to, *p.icmpType, *p.icmpCode = 0, 65535, -1, -1
	}
	return nil
}
