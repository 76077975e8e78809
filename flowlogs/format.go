package flowlogs

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// field is a column the parser fills into Record; fIgnored covers every
// documented field Record does not carry and every name AWS adds later.
type field uint8

const (
	fIgnored field = iota
	fVersion
	fAccountID
	fInterfaceID
	fSrcAddr
	fDstAddr
	fSrcPort
	fDstPort
	fProtocol
	fPackets
	fBytes
	fStart
	fEnd
	fAction
	fLogStatus
	fVPCID
	fSubnetID
	fInstanceID
	fTCPFlags
	fType
	fPktSrcAddr
	fPktDstAddr
	fRegion
	fAZID
	fFlowDirection
	fTrafficPath
	fRejectReason
)

// awsFields is every field of the flow-log-records table (aws-semantics
// §8.2, checked against the AWS page and the ECS, BPA and encryption
// controls pages that add the newer ones), in the table's order. Fields
// Record does not carry map to fIgnored: they are recognised (a header line
// must start with one) but not parsed.
var awsFields = []struct {
	name string
	f    field
}{
	{"version", fVersion},
	{"account-id", fAccountID},
	{"interface-id", fInterfaceID},
	{"srcaddr", fSrcAddr},
	{"dstaddr", fDstAddr},
	{"srcport", fSrcPort},
	{"dstport", fDstPort},
	{"protocol", fProtocol},
	{"packets", fPackets},
	{"bytes", fBytes},
	{"start", fStart},
	{"end", fEnd},
	{"action", fAction},
	{"log-status", fLogStatus},
	{"vpc-id", fVPCID},
	{"subnet-id", fSubnetID},
	{"instance-id", fInstanceID},
	{"tcp-flags", fTCPFlags},
	{"type", fType},
	{"pkt-srcaddr", fPktSrcAddr},
	{"pkt-dstaddr", fPktDstAddr},
	{"region", fRegion},
	{"az-id", fAZID},
	{"sublocation-type", fIgnored},
	{"sublocation-id", fIgnored},
	{"pkt-src-aws-service", fIgnored},
	{"pkt-dst-aws-service", fIgnored},
	{"flow-direction", fFlowDirection},
	{"traffic-path", fTrafficPath},
	{"ecs-cluster-arn", fIgnored},
	{"ecs-cluster-name", fIgnored},
	{"ecs-container-instance-arn", fIgnored},
	{"ecs-container-instance-id", fIgnored},
	{"ecs-container-id", fIgnored},
	{"ecs-second-container-id", fIgnored},
	{"ecs-service-name", fIgnored},
	{"ecs-task-definition-arn", fIgnored},
	{"ecs-task-arn", fIgnored},
	{"ecs-task-id", fIgnored},
	{"reject-reason", fRejectReason},
	{"resource-id", fIgnored},
	{"encryption-status", fIgnored},
}

var fieldByName = func() map[string]field {
	m := make(map[string]field, len(awsFields))
	for _, af := range awsFields {
		m[af.name] = af.f
	}
	return m
}()

// Format is the ordered list of fields of a flow log's records.
type Format struct {
	names []string
	cols  []field
}

// DefaultFormat is the version 2 default format: the 14 version 2 fields
// in the table's order. AWS does not let it be changed.
var DefaultFormat = mustFormat("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} " +
	"${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}")

func mustFormat(s string) *Format {
	f, err := ParseFormat(s)
	if err != nil {
		panic(err)
	}
	return f
}

// ParseFormat reads a flow log's format: either the `${version}
// ${account-id} ...` string given to CreateFlowLogs (and --format), or the
// header line S3 delivery writes at the top of each file (`version
// account-id ...`). Field names AWS adds later are accepted and ignored;
// Parquet-style names with underscores (account_id) are read as their
// hyphenated form.
func ParseFormat(s string) (*Format, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty flow log format")
	}
	var names []string
	if strings.Contains(s, "${") {
		var err error
		if names, err = templateNames(s); err != nil {
			return nil, err
		}
	} else {
		names = strings.Fields(s)
	}
	f := &Format{names: make([]string, 0, len(names)), cols: make([]field, 0, len(names))}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		n = strings.ReplaceAll(n, "_", "-")
		if !validName(n) {
			return nil, fmt.Errorf("flow log format: %q is not a field name", n)
		}
		if seen[n] {
			return nil, fmt.Errorf("flow log format: field %q appears twice", n)
		}
		seen[n] = true
		f.names = append(f.names, n)
		f.cols = append(f.cols, fieldByName[n])
	}
	return f, nil
}

// templateNames splits a `${a} ${b}` format string into its names.
func templateNames(s string) ([]string, error) {
	var names []string
	for tok := range strings.FieldsSeq(s) {
		rest := tok
		for rest != "" {
			if !strings.HasPrefix(rest, "${") {
				return nil, fmt.Errorf("flow log format: %q is not a ${field}", tok)
			}
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return nil, fmt.Errorf("flow log format: %q has a ${ without }", tok)
			}
			names = append(names, rest[2:end])
			// AWS separates fields with spaces, but "${a}${b}" has one
			// reading only, so it is accepted.
			rest = rest[end+1:]
		}
	}
	return names, nil
}

// validName is the syntax of AWS field names: lowercase letters, digits
// and inner hyphens, starting with a letter.
func validName(n string) bool {
	if n == "" || n[0] < 'a' || n[0] > 'z' || n[len(n)-1] == '-' {
		return false
	}
	for i := range len(n) {
		c := n[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// Fields returns the field names in record order.
func (f *Format) Fields() []string { return append([]string(nil), f.names...) }

// String renders the format as a `${...}` string ParseFormat reads back.
func (f *Format) String() string {
	var b strings.Builder
	for i, n := range f.names {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("${" + n + "}")
	}
	return b.String()
}

// Has reports whether the format carries a field.
func (f *Format) Has(name string) bool {
	return slices.Contains(f.names, name)
}

func (f *Format) equal(g *Format) bool {
	if len(f.names) != len(g.names) {
		return false
	}
	for i := range f.names {
		if f.names[i] != g.names[i] {
			return false
		}
	}
	return true
}

// headerFormat reads line as an S3 header line: a header is a valid
// format whose first name is a documented field (a record's first value
// never is: ids, numbers, addresses and upper-case words).
func headerFormat(line []byte) *Format {
	if len(line) == 0 || line[0] < 'a' || line[0] > 'z' {
		return nil
	}
	s := string(line)
	first, _, _ := strings.Cut(s, " ")
	if _, ok := fieldByName[strings.ReplaceAll(first, "_", "-")]; !ok {
		return nil
	}
	f, err := ParseFormat(s)
	if err != nil {
		return nil
	}
	return f
}
