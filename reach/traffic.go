package reach

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpclint/vpclint/snapshot"
)

// Default client ephemeral port ranges (aws-semantics §2.4, §11): Linux as
// the AWS documentation states it, and the 1024-65535 of NAT gateways,
// load balancers and Lambda.
var (
	LinuxEphemeral  = Range(32768, 61000)
	ServerEphemeral = Range(1024, 65535)
)

// Traffic is what a question asks about: a protocol and a set of
// destination ports (or ICMP type/code values), plus the client's
// ephemeral source ports that replies go back to.
type Traffic struct {
	// Protocol is canonical: tcp, udp, icmp, icmpv6, all, or a number.
	Protocol string
	// Number is the IANA protocol number, -1 for all.
	Number int
	// Ports are destination ports for tcp/udp, type*256+code for ICMP,
	// and all values for other protocols.
	Ports PortSet
	// Ephemeral are the client's source ports, where replies go.
	Ephemeral PortSet
}

// ParseTraffic reads tcp/5432, tcp/8000-8080, udp/53, icmp (echo request),
// icmp/3/4 (type 3 code 4), icmpv6, all, or a protocol number (47).
func ParseTraffic(s string) (Traffic, error) {
	proto, rest, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "/")
	name, num, err := snapshot.CanonicalProtocol(proto)
	if err != nil {
		return Traffic{}, fmt.Errorf("traffic %q: %w", s, err)
	}
	t := Traffic{Protocol: name, Number: num, Ports: AllPorts(), Ephemeral: LinuxEphemeral}
	switch name {
	case "tcp", "udp":
		if rest == "" {
			return t, nil
		}
		ports, err := ParsePortRange(rest)
		if err != nil {
			return Traffic{}, fmt.Errorf("traffic %q: want %s/PORT or %s/FROM-TO with ports 0-65535", s, name, name)
		}
		t.Ports = ports
	case "icmp", "icmpv6":
		typ, code := 8, 0 // echo request: what "ping" sends
		if name == "icmpv6" {
			typ = 128
		}
		if rest != "" {
			ts, cs, hasCode := strings.Cut(rest, "/")
			var err error
			if typ, err = strconv.Atoi(ts); err != nil || typ < 0 || typ > 255 {
				return Traffic{}, fmt.Errorf("traffic %q: want icmp/TYPE or icmp/TYPE/CODE", s)
			}
			code = -1
			if hasCode {
				if code, err = strconv.Atoi(cs); err != nil || code < 0 || code > 255 {
					return Traffic{}, fmt.Errorf("traffic %q: want icmp/TYPE/CODE with 0-255", s)
				}
			}
		}
		t.Ports = ICMPSet(typ, code)
	default:
		if rest != "" {
			return Traffic{}, fmt.Errorf("traffic %q: protocol %s has no ports", s, name)
		}
	}
	return t, nil
}

// String renders the traffic back in ParseTraffic's syntax.
func (t Traffic) String() string {
	switch t.Protocol {
	case "tcp", "udp":
		if t.Ports.Equal(AllPorts()) {
			return t.Protocol
		}
		return t.Protocol + "/" + t.Ports.String()
	case "icmp", "icmpv6":
		if r := t.Ports.Ranges(); len(r) == 1 {
			typ, code := r[0][0]/256, r[0][0]%256
			if r[0][1] == r[0][0] {
				return fmt.Sprintf("%s/%d/%d", t.Protocol, typ, code)
			}
			if r[0][1]-r[0][0] == 255 {
				return fmt.Sprintf("%s/%d", t.Protocol, typ)
			}
		}
		return t.Protocol
	}
	return t.Protocol
}

// replyPorts is what the reply of the traffic carries on the return path:
// the client's ephemeral ports for tcp/udp, an echo reply for an echo
// request, nothing to check for other ICMP (no reply is needed).
func (t Traffic) replyPorts() (PortSet, bool) {
	switch t.Protocol {
	case "tcp", "udp":
		return t.Ephemeral, true
	case "icmp":
		if t.Ports.Intersect(ICMPSet(8, -1)).Equal(t.Ports) {
			return ICMPSet(0, 0), true
		}
	case "icmpv6":
		if t.Ports.Intersect(ICMPSet(128, -1)).Equal(t.Ports) {
			return ICMPSet(129, 0), true
		}
	case "all":
		return AllPorts(), true
	}
	return PortSet{}, false
}

// ParsePortRange reads "1024-65535" or a single port.
func ParsePortRange(s string) (PortSet, error) {
	lo, hi, found := strings.Cut(strings.TrimSpace(s), "-")
	a, err1 := strconv.Atoi(lo)
	b := a
	var err2 error
	if found {
		b, err2 = strconv.Atoi(hi)
	}
	if err1 != nil || err2 != nil || a < 0 || b > 65535 || a > b {
		return PortSet{}, fmt.Errorf("port range %q: want FROM-TO within 0-65535", s)
	}
	return Range(a, b), nil
}

// ClientEphemeral is the source port range replies go back to for a
// client interface: 1024-65535 for Lambda and load balancers, Linux's
// 32768-61000 otherwise (aws-semantics §2.4).
func ClientEphemeral(e *ENI) PortSet {
	if e != nil && (e.InterfaceType == "lambda" || e.InterfaceType == "network_load_balancer" || e.InterfaceType == "load_balancer" || strings.Contains(e.InterfaceType, "elb")) {
		return ServerEphemeral
	}
	return LinuxEphemeral
}
