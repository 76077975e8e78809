package cloudformation

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/snapshot"
)

// Evaluated values are nil, string, bool, json.Number, []any, *obj,
// unknownVal (cannot be known from the template) or noValue
// (AWS::NoValue: the property or list item is removed).
type (
	// obj is an evaluated mapping that remembers where it was written.
	obj struct {
		node *yaml.Node
		keys []string
		m    map[string]any
	}
	// unknownVal is a value the template cannot determine; why names the
	// construct (Fn::ImportValue Shared-VpcId, parameter VpcId, ...).
	unknownVal struct {
		why string
		// of is the logical id of the template resource whose identifying
		// attribute this is (!GetAtt Role.Arn while the account is
		// unknown): the value is unknown, but it names that resource.
		of string
	}
	noValue struct{}
)

func (o *obj) line() int {
	if o == nil || o.node == nil {
		return 0
	}
	return o.node.Line
}

// endLine is the last line of the mapping: the deepest last descendant.
func (o *obj) endLine() int {
	if o == nil || o.node == nil {
		return 0
	}
	return lastLine(o.node)
}

func lastLine(n *yaml.Node) int {
	end := n.Line
	for n != nil && len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
		end = max(end, n.Line)
	}
	return end
}

const (
	maxEvalDepth = 64
	// maxEvalSteps bounds the total work of evaluating one template, so a
	// hostile template (deep Fn::Sub chains, huge Fn::Cidr counts) fails
	// fast instead of hanging.
	maxEvalSteps = 20_000_000
	maxCidrCount = 256
)

// eval resolves intrinsic functions in n. Errors are recorded on t (the
// first one wins) and evaluation continues with an unknown.
func (t *tmpl) eval(n *yaml.Node, depth int) any {
	t.steps++
	if depth > maxEvalDepth || t.steps > maxEvalSteps {
		return t.fail(n, "template is nested too deeply or too large to evaluate (limit %d levels)", maxEvalDepth)
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if fn, arg, ok := shortForm(n); ok {
		return t.call(fn, arg, depth)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return scalar(n)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v := t.eval(c, depth+1)
			if _, drop := v.(noValue); !drop {
				out = append(out, v)
			}
		}
		return out
	case yaml.MappingNode:
		if len(n.Content) == 2 {
			k := n.Content[0].Value
			if k == "Ref" || strings.HasPrefix(k, "Fn::") || (k == "Condition" && t.isCondition(n.Content[1])) {
				return t.call(k, n.Content[1], depth)
			}
		}
		o := &obj{node: n, m: make(map[string]any, len(n.Content)/2)}
		for i := 0; i+1 < len(n.Content); i += 2 {
			// parseYAML has rejected duplicate keys.
			k := n.Content[i].Value
			v := t.eval(n.Content[i+1], depth+1)
			o.keys = append(o.keys, k)
			if _, drop := v.(noValue); drop {
				continue
			}
			o.m[k] = v
		}
		return o
	case yaml.AliasNode:
		return t.fail(n, "YAML aliases are not supported in CloudFormation templates")
	default:
		return t.fail(n, "unexpected YAML node")
	}
}

func (t *tmpl) isCondition(n *yaml.Node) bool {
	_, ok := t.conds[n.Value]
	return n.Kind == yaml.ScalarNode && n.Tag != "!!null" && ok
}

// shortForm maps a YAML short-form tag (!Ref, !GetAtt, !Sub, ...) to the
// long-form function name and its argument node.
func shortForm(n *yaml.Node) (string, *yaml.Node, bool) {
	if !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return "", nil, false
	}
	name := n.Tag[1:]
	arg := *n
	arg.Tag = ""
	if name == "Ref" || name == "Condition" {
		return name, &arg, true
	}
	return "Fn::" + name, &arg, true
}

func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int", "!!float":
		if json.Valid([]byte(n.Value)) {
			return json.Number(n.Value)
		}
		return n.Value
	default:
		return n.Value
	}
}

func (t *tmpl) fail(n *yaml.Node, format string, args ...any) unknownVal {
	if t.err == nil {
		line, col := 0, 0
		if n != nil {
			line, col = n.Line, n.Column
		}
		t.err = &Error{File: t.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	return unknownVal{why: "error"}
}

func (t *tmpl) args(fn string, arg *yaml.Node, depth, minN, maxN int) ([]*yaml.Node, bool) {
	if arg.Kind != yaml.SequenceNode || len(arg.Content) < minN || len(arg.Content) > maxN {
		want := strconv.Itoa(minN)
		if maxN != minN {
			want = fmt.Sprintf("%d to %d", minN, maxN)
		}
		t.fail(arg, "%s takes a list of %s arguments", fn, want)
		return nil, false
	}
	_ = depth
	return arg.Content, true
}

// call evaluates one intrinsic function.
func (t *tmpl) call(fn string, arg *yaml.Node, depth int) any {
	if f, ok := t.fns[fn]; ok {
		return f(arg, depth)
	}
	return unknownVal{why: "unsupported function " + fn}
}

func firstUnknown(vs ...any) (unknownVal, bool) {
	for _, v := range vs {
		if u, ok := v.(unknownVal); ok {
			return u.derived(), true
		}
	}
	return unknownVal{}, false
}

// derived is the unknown result of a function of u: it no longer names
// the resource u was read from ("${Role.Arn}/x" is not the role).
func (u unknownVal) derived() unknownVal {
	u.of = ""
	return u
}

// text renders a scalar as CloudFormation would when it needs a string.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return string(x), true
	case bool:
		return strconv.FormatBool(x), true
	default:
		return "", false
	}
}

func asText(v any) string { s, _ := text(v); return s }

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(strings.ToLower(x))
		return b, err == nil
	}
	return false, false
}

// canonical is the comparison form of Fn::Equals: scalars as text, lists
// element-wise.
func canonical(v any) string {
	if s, ok := text(v); ok {
		return s
	}
	b, err := json.Marshal(plain(v))
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func (t *tmpl) condition(name string, at *yaml.Node, depth int) any {
	if v, ok := t.condVal[name]; ok {
		return v
	}
	n, ok := t.conds[name]
	if !ok {
		return t.fail(at, "condition %q is not defined in Conditions", name)
	}
	if t.condBusy[name] {
		return t.fail(at, "condition %q refers to itself", name)
	}
	t.condBusy[name] = true
	v := t.eval(n, depth+1)
	delete(t.condBusy, name)
	if b, ok := asBool(v); ok {
		t.condVal[name] = b
		return b
	}
	if u, ok := v.(unknownVal); ok {
		t.condVal[name] = u
		return u
	}
	return t.fail(n, "condition %q does not evaluate to true or false", name)
}

func (t *tmpl) ref(name string, at *yaml.Node) any {
	if v, ok := t.params[name]; ok {
		return v
	}
	if name == "AWS::NoValue" {
		return noValue{}
	}
	if v, ok := t.pseudo[name]; ok {
		return v
	}
	if r, ok := t.res[name]; ok {
		return t.resourceRef(r)
	}
	if strings.HasPrefix(name, "AWS::") {
		return unknownVal{why: "pseudo parameter " + name}
	}
	return t.fail(at, "Ref to %q, which is neither a parameter nor a resource of this template", name)
}

// resourceRef is what Ref returns for a resource: a stable synthetic id
// (the logical id), or the bucket name when the template sets it, so that
// references join to the entities built from the template.
func (t *tmpl) resourceRef(r *resource) any {
	if r.typ == "AWS::S3::Bucket" {
		if name, ok := t.propText(r, "BucketName"); ok {
			return name
		}
	}
	return r.id
}

// propText evaluates one top-level property of a resource as text.
func (t *tmpl) propText(r *resource, key string) (string, bool) {
	v, ok := t.prop(r, key)
	if !ok {
		return "", false
	}
	return text(v)
}

func (t *tmpl) prop(r *resource, key string) (any, bool) {
	if r.props == nil || r.props.Kind != yaml.MappingNode {
		return nil, false
	}
	for i := 0; i+1 < len(r.props.Content); i += 2 {
		if r.props.Content[i].Value == key {
			if r.busy {
				return t.fail(r.props.Content[i], "%s refers to itself", r.id), false
			}
			r.busy = true
			v := t.eval(r.props.Content[i+1], 1)
			r.busy = false
			return v, true
		}
	}
	return nil, false
}

// getAtt resolves the attributes vpclint can know from the template; the
// others are unknown.
func (t *tmpl) getAtt(id, attr string, at *yaml.Node, depth int) any {
	r, ok := t.res[id]
	if !ok {
		return t.fail(at, "Fn::GetAtt names %q, which is not a resource of this template", id)
	}
	_ = depth
	why := unknownVal{why: "Fn::GetAtt " + id + "." + attr}
	if identityAtts[r.typ+"."+attr] {
		why.of = id
	}
	switch r.typ + "." + attr {
	case "AWS::EC2::VPC.DefaultSecurityGroup":
		return snapshot.DefaultSecurityGroupID(id)
	case "AWS::EC2::VPC.DefaultNetworkAcl":
		return snapshot.DefaultNetworkACLID(id)
	case "AWS::EC2::VPC.VpcId", "AWS::EC2::SecurityGroup.GroupId", "AWS::EC2::Subnet.SubnetId",
		"AWS::EC2::NetworkInterface.Id", "AWS::EC2::VPCEndpoint.Id", "AWS::EC2::PrefixList.PrefixListId",
		"AWS::EC2::RouteTable.RouteTableId", "AWS::EC2::NetworkAcl.Id", "AWS::EC2::InternetGateway.InternetGatewayId",
		"AWS::EC2::VPCPeeringConnection.Id", "AWS::EC2::NatGateway.NatGatewayId", "AWS::EC2::EIP.AllocationId",
		"AWS::EC2::LaunchTemplate.LaunchTemplateId", "AWS::IAM::ManagedPolicy.PolicyArn":
		return id
	case "AWS::EC2::VPC.CidrBlock", "AWS::EC2::Subnet.CidrBlock", "AWS::EC2::Subnet.VpcId",
		"AWS::EC2::Subnet.AvailabilityZone", "AWS::EC2::SecurityGroup.VpcId", "AWS::EC2::NetworkInterface.PrimaryPrivateIpAddress":
		key := map[string]string{"PrimaryPrivateIpAddress": "PrivateIpAddress"}[attr]
		if key == "" {
			key = attr
		}
		if v, ok := t.prop(r, key); ok {
			return v
		}
		return why
	case "AWS::IAM::Role.Arn":
		if arn := t.iamARN(r, "role", "RoleName"); arn != "" {
			return arn
		}
	case "AWS::IAM::InstanceProfile.Arn":
		if arn := t.iamARN(r, "instance-profile", "InstanceProfileName"); arn != "" {
			return arn
		}
	case "AWS::S3::Bucket.Arn":
		if name, ok := t.propText(r, "BucketName"); ok {
			if p, ok := t.pseudo["AWS::Partition"].(string); ok {
				return "arn:" + p + ":s3:::" + name
			}
		}
	}
	return why
}

// identityAtts are the attributes other resources use to refer to a
// resource by ARN or unique id.
var identityAtts = map[string]bool{
	"AWS::IAM::Role.Arn": true, "AWS::IAM::Role.RoleId": true, "AWS::IAM::InstanceProfile.Arn": true, "AWS::S3::Bucket.Arn": true,
}

// iamARN builds an IAM ARN when the name, path, account and partition are
// all known; "" otherwise.
func (t *tmpl) iamARN(r *resource, kind, nameKey string) string {
	name, ok := t.propText(r, nameKey)
	acct, ok2 := t.pseudo["AWS::AccountId"].(string)
	part, ok3 := t.pseudo["AWS::Partition"].(string)
	if !ok || !ok2 || !ok3 {
		return ""
	}
	path := "/"
	if v, ok := t.prop(r, "Path"); ok {
		if path, ok = text(v); !ok {
			return ""
		}
	}
	return "arn:" + part + ":iam::" + acct + ":" + kind + path + name
}

// sub implements Fn::Sub: "${Name}", "${Res.Attr}", "${!Literal}".
func (t *tmpl) sub(arg *yaml.Node, depth int) any {
	var tmplNode *yaml.Node
	vars := map[string]any{}
	switch {
	case arg.Kind == yaml.ScalarNode:
		tmplNode = arg
	case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 && arg.Content[1].Kind == yaml.MappingNode:
		tmplNode = arg.Content[0]
		m := arg.Content[1]
		for i := 0; i+1 < len(m.Content); i += 2 {
			vars[m.Content[i].Value] = t.eval(m.Content[i+1], depth+1)
		}
	default:
		return t.fail(arg, "Fn::Sub takes a string or [string, {variables}]")
	}
	if tmplNode.Kind != yaml.ScalarNode {
		return t.fail(tmplNode, "Fn::Sub takes a string")
	}
	s := tmplNode.Value
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			b.WriteString("${")
			b.WriteString(s)
			break
		}
		name := s[:j]
		s = s[j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v any
		if vv, ok := vars[name]; ok {
			v = vv
		} else if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			v = t.getAtt(res, attr, tmplNode, depth)
		} else {
			v = t.ref(name, tmplNode)
		}
		if u, ok := v.(unknownVal); ok {
			return u.derived()
		}
		str, ok := text(v)
		if !ok {
			return t.fail(tmplNode, "Fn::Sub variable ${%s} is not a string", name)
		}
		b.WriteString(str)
	}
	return b.String()
}

func (t *tmpl) findInMap(arg *yaml.Node, depth int) any {
	a, ok := t.args("Fn::FindInMap", arg, depth, 3, 4)
	if !ok {
		return unknownVal{why: "error"}
	}
	keys, stop := t.textArgs(a, 3, depth, "Fn::FindInMap keys are strings")
	if stop != nil {
		return stop
	}
	n := t.mappings
	for _, k := range keys {
		n = child(n, k)
		if n == nil {
			if len(a) == 4 {
				if d, ok := t.eval(a[3], depth+1).(*obj); ok {
					if v, ok := d.m["DefaultValue"]; ok {
						return v
					}
				}
			}
			return t.fail(arg, "Fn::FindInMap: Mappings has no %s", strings.Join(keys, "."))
		}
	}
	return t.eval(n, depth+1)
}

// textArgs evaluates the first n arguments as strings. An unknown one
// makes the whole function unknown and is returned as stop, as is the
// error for one that is not a string (msg).
func (t *tmpl) textArgs(a []*yaml.Node, n, depth int, msg string) (out []string, stop any) {
	out = make([]string, n)
	for i := range n {
		v := t.eval(a[i], depth+1)
		if u, ok := v.(unknownVal); ok {
			return nil, u.derived()
		}
		s, ok := text(v)
		if !ok {
			return nil, t.fail(a[i], "%s", msg)
		}
		out[i] = s
	}
	return out, nil
}

// child returns the value of key k in mapping n.
func child(n *yaml.Node, k string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return n.Content[i+1]
		}
	}
	return nil
}

// cidr implements Fn::Cidr [ipBlock, count, cidrBits].
func (t *tmpl) cidr(arg *yaml.Node, depth int) any {
	a, ok := t.args("Fn::Cidr", arg, depth, 3, 3)
	if !ok {
		return unknownVal{why: "error"}
	}
	vals, stop := t.textArgs(a, 3, depth, "Fn::Cidr takes [ipBlock, count, cidrBits]")
	if stop != nil {
		return stop
	}
	p, err := netip.ParsePrefix(vals[0])
	count, err2 := strconv.Atoi(vals[1])
	bits, err3 := strconv.Atoi(vals[2])
	if err != nil || err2 != nil || err3 != nil {
		return t.fail(arg, "Fn::Cidr takes [ipBlock, count, cidrBits]: %q, %q, %q", vals[0], vals[1], vals[2])
	}
	p = p.Masked()
	size := p.Addr().BitLen() - bits
	if count < 1 || count > maxCidrCount || bits < 1 || size < p.Bits() || size > p.Addr().BitLen() {
		return t.fail(arg, "Fn::Cidr: cannot cut %d /%d blocks out of %s", count, size, p)
	}
	if size-p.Bits() < 62 && count > 1<<(size-p.Bits()) {
		return t.fail(arg, "Fn::Cidr: %s holds fewer than %d /%d blocks", p, count, size)
	}
	out := make([]any, 0, count)
	base := new(big.Int).SetBytes(p.Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	for range count {
		buf := base.FillBytes(make([]byte, p.Addr().BitLen()/8))
		addr, _ := netip.AddrFromSlice(buf)
		out = append(out, netip.PrefixFrom(addr, size).String())
		base.Add(base, step)
	}
	return out
}

// plain converts an evaluated value into encoding/json input. Unknown
// values become a visible placeholder; the caller lists the field as
// unknown.
func plain(v any) any {
	switch x := v.(type) {
	case *obj:
		m := make(map[string]any, len(x.m))
		for k, v := range x.m {
			m[k] = plain(v)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = plain(v)
		}
		return out
	case unknownVal:
		return "${vpclint:unknown " + x.why + "}"
	default:
		return v
	}
}

// hasUnknown reports whether v contains an unknown anywhere.
func hasUnknown(v any) bool {
	switch x := v.(type) {
	case unknownVal:
		return true
	case *obj:
		for _, v := range x.m {
			if hasUnknown(v) {
				return true
			}
		}
	case []any:
		if slices.ContainsFunc(x, hasUnknown) {
			return true
		}
	}
	return false
}
