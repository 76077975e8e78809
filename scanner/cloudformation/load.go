package cloudformation

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/snapshot"
)

// maxTemplateBytes is CloudFormation's own limit for a template uploaded
// to S3 (1 MB) with generous headroom; anything larger is not a template.
const maxTemplateBytes = 16 << 20

// Options configure how a template is read.
type Options struct {
	// Parameters override parameter defaults ("Env" -> "prod"). Pseudo
	// parameters can be set the same way: AWS::AccountId, AWS::Region,
	// AWS::Partition, AWS::StackName. Naming a parameter the template does
	// not declare is an error (it is usually a typo).
	Parameters map[string]string
}

// Error is a located problem in a template: a YAML or JSON syntax error, a
// malformed template or intrinsic function, an inline suppression without
// a reason.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// resource is one entry of the Resources section.
type resource struct {
	id, typ string
	key     *yaml.Node // the logical id
	node    *yaml.Node // the resource mapping
	props   *yaml.Node // Properties, or nil
	meta    *yaml.Node // Metadata, or nil
	cond    string
	busy    bool
}

// tmpl is a template being evaluated.
type tmpl struct {
	file     string
	params   map[string]any
	pseudo   map[string]any
	conds    map[string]*yaml.Node
	condVal  map[string]any
	condBusy map[string]bool
	mappings *yaml.Node
	res      map[string]*resource
	order    []*resource
	gaps     []snapshot.Gap
	steps    int
	err      *Error
	// fns are the intrinsic functions by name (intrinsics.go).
	fns map[string]func(arg *yaml.Node, depth int) any
}

// Load reads the template at path. path is recorded as given in every
// entity's Source.File, so pass it relative to the repository root for
// SARIF.
func Load(path string, opt Options) (*snapshot.Snapshot, error) {
	data, tooLarge, err := snapshot.ReadFile(path, maxTemplateBytes)
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", path, err)
	}
	if tooLarge {
		return nil, &Error{File: path, Msg: fmt.Sprintf("file is larger than %d MiB; not a CloudFormation template", maxTemplateBytes>>20)}
	}
	return Parse(data, path, opt)
}

// Parse builds a snapshot from template bytes; name is used in errors and
// in Source.File.
func Parse(data []byte, name string, opt Options) (*snapshot.Snapshot, error) {
	root, err := parseYAML(data, name)
	if err != nil {
		return nil, err
	}
	t := &tmpl{
		file: name, params: map[string]any{}, conds: map[string]*yaml.Node{},
		condVal: map[string]any{}, condBusy: map[string]bool{}, res: map[string]*resource{},
	}
	t.fns = t.intrinsics()
	if err := t.sections(root, opt); err != nil {
		return nil, err
	}
	s := t.build()
	if t.err != nil {
		return nil, t.err
	}
	slices.SortStableFunc(s.Diagnostics, func(a, b *snapshot.Error) int {
		return cmp.Or(a.Line-b.Line, a.Column-b.Column)
	})
	if err := s.Normalize(); err != nil {
		if located, ok := s.LocateInSource(err); ok {
			return nil, located
		}
		return nil, &Error{File: name, Msg: "after reading the template: " + err.Error()}
	}
	return s, nil
}

// parseYAML decodes YAML or JSON into a node tree, rejecting aliases
// (CloudFormation does not accept them, and expanding them is the
// billion-laughs attack) and anything that is not one mapping.
func parseYAML(data []byte, name string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Line: 1, Msg: "empty file; a CloudFormation template is a mapping with a Resources section"}
		}
		return nil, yamlError(data, name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: name, Line: extra.Line, Msg: "a template is one YAML document; found a second one"}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(data, name, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: root.Line, Column: root.Column, Msg: "a CloudFormation template is a mapping with a Resources section"}
	}
	if err := checkNodes(root, name, 0); err != nil {
		return nil, err
	}
	return root, nil
}

// maxNodeDepth bounds the nesting of a template; real ones need about 15
// levels, and every later walk of the tree recurses.
const maxNodeDepth = 200

// checkNodes rejects what yaml.v3 accepts into a node tree but
// CloudFormation does not: aliases, a key given twice in one mapping
// (a second top-level Resources would hide the first one's resources),
// and nesting past maxNodeDepth.
func checkNodes(n *yaml.Node, name string, depth int) *Error {
	switch {
	case depth > maxNodeDepth:
		return &Error{File: name, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("the template is nested more than %d levels deep", maxNodeDepth)}
	case n.Kind == yaml.AliasNode:
		return &Error{File: name, Line: n.Line, Column: n.Column, Msg: "YAML aliases (*name) are not supported in CloudFormation templates"}
	case n.Kind == yaml.MappingNode:
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if first, dup := seen[k.Value]; dup && k.Kind == yaml.ScalarNode {
				return &Error{File: name, Line: k.Line, Column: k.Column, Msg: fmt.Sprintf(
					"duplicate key %q, first at %s:%d:%d; CloudFormation rejects a template that repeats a key", k.Value, name, first.Line, first.Column)}
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		if err := checkNodes(c, name, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// yamlError turns a yaml.v3 error ("yaml: line 7: ...") into a located
// one. yaml.v3 numbers parser errors ("did not find expected ...") from 0
// and scanner errors from 1. A JSON template is located by encoding/json,
// which gives the exact offset.
func yamlError(data []byte, name string, err error) error {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var v any
		if jerr := json.Unmarshal(data, &v); jerr != nil {
			if syn, ok := errors.AsType[*json.SyntaxError](jerr); ok {
				line, col := lineCol(data, int(syn.Offset)-1)
				return &Error{File: name, Line: line, Column: col, Msg: "invalid JSON: " + syn.Error()}
			}
			line, col := lineCol(data, len(data))
			return &Error{File: name, Line: line, Column: col, Msg: "invalid JSON: " + jerr.Error()}
		}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
				if strings.HasPrefix(msg, "did not find expected") {
					line++
				}
			}
		}
	}
	if te, ok := errors.AsType[*yaml.TypeError](err); ok {
		msg = strings.Join(te.Errors, "; ")
	}
	return &Error{File: name, Line: line, Msg: "invalid YAML/JSON: " + msg}
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	off = max(0, min(off, len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

var pseudoNames = []string{"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::StackId", "AWS::URLSuffix", "AWS::NotificationARNs"}

// sections reads Parameters, Mappings, Conditions, Transform and Resources.
func (t *tmpl) sections(root *yaml.Node, opt Options) error {
	t.pseudo = map[string]any{
		"AWS::AccountId":        unknownVal{why: "AWS::AccountId"},
		"AWS::Region":           unknownVal{why: "AWS::Region"},
		"AWS::Partition":        "aws",
		"AWS::URLSuffix":        "amazonaws.com",
		"AWS::StackName":        unknownVal{why: "AWS::StackName"},
		"AWS::StackId":          unknownVal{why: "AWS::StackId"},
		"AWS::NotificationARNs": unknownVal{why: "AWS::NotificationARNs"},
	}
	var resources *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "Parameters":
			if err := t.parameters(v, opt); err != nil {
				return err
			}
		case "Mappings":
			t.mappings = v
		case "Conditions":
			if v.Kind != yaml.MappingNode {
				return t.errAt(v, "Conditions must be a mapping of condition names")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				t.conds[v.Content[j].Value] = v.Content[j+1]
			}
		case "Transform":
			names := []string{v.Value}
			if v.Kind == yaml.SequenceNode {
				names = names[:0]
				for _, c := range v.Content {
					names = append(names, c.Value)
				}
			}
			for _, n := range names {
				t.gap("Transform "+n, "the template uses a transform (macro) that vpclint does not expand; the resources it generates are not checked (line "+strconv.Itoa(v.Line)+")")
			}
		case "Resources":
			resources = v
		}
	}
	for k, v := range opt.Parameters {
		switch {
		case slices.Contains(pseudoNames, k):
			t.pseudo[k] = v
		case k == "AWS::NoValue":
			return &Error{File: t.file, Msg: "--parameter AWS::NoValue: this pseudo parameter cannot be set"}
		default:
			if _, ok := t.params[k]; !ok {
				return &Error{File: t.file, Msg: fmt.Sprintf("--parameter %s: the template declares no parameter %q (declared: %s)", k, k, strings.Join(sortedKeys(t.params), ", "))}
			}
		}
	}
	if p, ok := t.pseudo["AWS::Region"].(string); ok {
		if _, set := opt.Parameters["AWS::Partition"]; !set {
			switch {
			case strings.HasPrefix(p, "cn-"):
				t.pseudo["AWS::Partition"], t.pseudo["AWS::URLSuffix"] = "aws-cn", "amazonaws.com.cn"
			case strings.HasPrefix(p, "us-gov-"):
				t.pseudo["AWS::Partition"] = "aws-us-gov"
			}
		}
	}
	if resources == nil || resources.Kind != yaml.MappingNode || len(resources.Content) == 0 {
		at := root
		if resources != nil {
			at = resources
		}
		return t.errAt(at, "a CloudFormation template needs a Resources mapping with at least one resource")
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		k, v := resources.Content[i], resources.Content[i+1]
		if v.Kind != yaml.MappingNode {
			return t.errAt(v, "resource %s must be a mapping with Type and Properties", k.Value)
		}
		r := &resource{id: k.Value, key: k, node: v}
		for j := 0; j+1 < len(v.Content); j += 2 {
			rk, rv := v.Content[j], v.Content[j+1]
			switch rk.Value {
			case "Type":
				if rv.Kind != yaml.ScalarNode || rv.Value == "" {
					return t.errAt(rv, "resource %s: Type must be a string such as AWS::EC2::SecurityGroup", k.Value)
				}
				r.typ = rv.Value
			case "Properties":
				if rv.Kind != yaml.MappingNode && (rv.Kind != yaml.ScalarNode || rv.ShortTag() != "!!null") {
					return t.errAt(rv, "resource %s: Properties must be a mapping", k.Value)
				}
				r.props = rv
			case "Metadata":
				r.meta = rv
			case "Condition":
				r.cond = rv.Value
			}
		}
		if r.typ == "" {
			return t.errAt(v, "resource %s has no Type", k.Value)
		}
		t.res[r.id] = r
		t.order = append(t.order, r)
	}
	return nil
}

func (t *tmpl) errAt(n *yaml.Node, format string, args ...any) *Error {
	return &Error{File: t.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (t *tmpl) gap(what, msg string) {
	t.gaps = append(t.gaps, snapshot.Gap{Service: "cloudformation", Operation: what, Resource: t.file, Error: msg})
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// parameters resolves each parameter: the override, else the default,
// else unknown. List types become lists; SSM parameter types are unknown
// (their value lives in Parameter Store).
func (t *tmpl) parameters(n *yaml.Node, opt Options) error {
	if n.Kind != yaml.MappingNode {
		return t.errAt(n, "Parameters must be a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, def := n.Content[i].Value, n.Content[i+1]
		if def.Kind != yaml.MappingNode {
			return t.errAt(def, "parameter %s must be a mapping with a Type", name)
		}
		typ := ""
		if ty := child(def, "Type"); ty != nil {
			typ = ty.Value
		}
		var val any = unknownVal{why: "parameter " + name + " has no default and no --parameter value"}
		raw, have := opt.Parameters[name]
		if !have {
			if d := child(def, "Default"); d != nil && d.Kind == yaml.ScalarNode {
				raw, have = d.Value, true
			}
		}
		if have {
			if allowed := child(def, "AllowedValues"); allowed != nil && allowed.Kind == yaml.SequenceNode {
				ok := false
				for _, a := range allowed.Content {
					ok = ok || a.Value == raw
				}
				if !ok {
					return t.errAt(def, "parameter %s: value %q is not one of its AllowedValues", name, raw)
				}
			}
			val = raw
			if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
				parts := strings.Split(raw, ",")
				list := make([]any, len(parts))
				for j, p := range parts {
					list[j] = strings.TrimSpace(p)
				}
				val = list
			}
		}
		if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			val = unknownVal{why: "parameter " + name + " is read from SSM Parameter Store"}
		}
		t.params[name] = val
	}
	return nil
}
