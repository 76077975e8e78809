package tfplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpclint/vpclint/scanner/terraform"
	"github.com/vpclint/vpclint/snapshot"
)

// BuildFunc maps resource values to a snapshot. configDir is the
// directory holding the plan's configuration ("" when it is not beside
// the plan); variables are the plan's variable values.
type BuildFunc func(rs []terraform.Resource, kind, origin, configDir string, variables map[string]any) (*snapshot.Snapshot, error)

// Options configure Load.
type Options struct {
	// Build maps resources to a snapshot (the loader wires
	// terraform.FromResources here, with the variables it was given).
	// Required.
	Build BuildFunc
	// ConfigDir finds the configuration beside a plan; nil means none.
	ConfigDir func(planPath string) string
}

// maxPlanBytes bounds what Load reads.
const maxPlanBytes = 1 << 30

// Load reads a plan file. Errors name the file (and the line of a JSON
// syntax error).
func Load(path string, opt Options) (before, after *snapshot.Snapshot, err error) {
	if opt.Build == nil {
		return nil, nil, errors.New("tfplan.Load: Options.Build is required")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("plan %s: %w", path, err)
	}
	if len(data) > maxPlanBytes {
		return nil, nil, &snapshot.Error{File: path, Msg: "file is larger than 1 GiB; not a plan"}
	}
	var p tfjson.Plan
	if err := p.UnmarshalJSON(data); err != nil {
		line, col := lineCol(data, errorOffset(data, err))
		return nil, nil, &snapshot.Error{File: path, Line: line, Column: col, Msg: "not a Terraform plan (terraform show -json): " + err.Error()}
	}
	if p.PlannedValues == nil {
		return nil, nil, &snapshot.Error{File: path, Msg: "the plan has no planned_values (want the output of terraform show -json PLANFILE)"}
	}
	vars := map[string]any{}
	for k, v := range p.Variables {
		if v != nil {
			vars[k] = v.Value
		}
	}
	acct, region := providerConfig(p.Config)
	configDir := ""
	if opt.ConfigDir != nil {
		configDir = opt.ConfigDir(path)
	}
	changes := map[string]*tfjson.ResourceChange{}
	for _, rc := range p.ResourceChanges {
		if rc != nil && rc.Address != "" {
			changes[rc.Address] = rc
		}
	}
	refs := configRefs(p.Config)
	lines := addressLines(data)
	mk := func(sr *tfjson.StateResource, withUnknown bool) terraform.Resource {
		r := terraform.Resource{Address: sr.Address, Type: sr.Type, Values: sr.AttributeValues, Account: acct, Region: region}
		if withUnknown {
			if rc := changes[sr.Address]; rc != nil && rc.Change != nil {
				r.Unknown = rc.Change.AfterUnknown
			}
			r.Refs = resolveRefs(refs[configAddress(sr.Address)], sr.Address)
		}
		if n := lines[sr.Address]; n > 0 {
			r.Source = &snapshot.Source{File: path, StartLine: n, EndLine: n, Address: sr.Address}
		} else {
			r.Source = &snapshot.Source{File: path, StartLine: 1, EndLine: 1, Address: sr.Address}
		}
		return r
	}
	var afterRs []terraform.Resource
	for _, sr := range stateResources(p.PlannedValues.RootModule) {
		if rc := changes[sr.Address]; rc != nil && rc.Change != nil && rc.Change.Actions.Delete() {
			continue
		}
		afterRs = append(afterRs, mk(sr, true))
	}
	after, err = opt.Build(afterRs, "tfplan", path, configDir, vars)
	if err != nil {
		return nil, nil, planError(path, "", err)
	}
	var beforeRs []terraform.Resource
	if p.PriorState != nil && p.PriorState.Values != nil {
		for _, sr := range stateResources(p.PriorState.Values.RootModule) {
			beforeRs = append(beforeRs, mk(sr, false))
		}
	}
	before, err = opt.Build(beforeRs, "tfplan", path, configDir, vars)
	if err != nil {
		return nil, nil, planError(path, " (prior state)", err)
	}
	return before, after, nil
}

// planError keeps an error that already names its file and line as it
// is, and names the plan on any other.
func planError(path, what string, err error) error {
	if e, ok := errors.AsType[*snapshot.Error](err); ok && e.File != "" && e.Line > 0 {
		return err
	}
	return fmt.Errorf("plan %s%s: %w", path, what, err)
}

// errorOffset finds where in the plan a decoding error lies: the offset
// encoding/json reports, the format_version key for a version problem,
// else the start.
func errorOffset(data []byte, err error) int {
	if syn, ok := errors.AsType[*json.SyntaxError](err); ok {
		return int(syn.Offset) - 1 // Offset is just past the offending byte
	}
	if typ, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return int(typ.Offset) - 1 // the last byte of the value
	}
	if strings.Contains(err.Error(), "format version") {
		if i := bytes.Index(data, []byte(`"format_version"`)); i >= 0 {
			return i
		}
	}
	return 0
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	return line, off - bytes.LastIndexByte(data[:off], '\n')
}

// stateResources lists the managed resources of a module tree.
func stateResources(m *tfjson.StateModule) []*tfjson.StateResource {
	if m == nil {
		return nil
	}
	var out []*tfjson.StateResource
	for _, r := range m.Resources {
		if r != nil && r.Mode == tfjson.ManagedResourceMode {
			out = append(out, r)
		}
	}
	for _, c := range m.ChildModules {
		out = append(out, stateResources(c)...)
	}
	return out
}

// providerConfig reads the default AWS provider's region and single
// allowed account, when they are constants.
func providerConfig(c *tfjson.Config) (account, region string) {
	if c == nil {
		return "", ""
	}
	pc := c.ProviderConfigs["aws"]
	if pc == nil {
		return "", ""
	}
	if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
		region, _ = e.ConstantValue.(string)
	}
	if e := pc.Expressions["allowed_account_ids"]; e != nil && e.ExpressionData != nil {
		if ids, ok := e.ConstantValue.([]any); ok && len(ids) == 1 {
			account, _ = ids[0].(string)
		}
	}
	return account, region
}

// configRefs maps configuration addresses ("module.net.aws_subnet.a") to
// their attributes' references.
func configRefs(c *tfjson.Config) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	if c == nil {
		return out
	}
	var walk func(m *tfjson.ConfigModule, prefix string, depth int)
	walk = func(m *tfjson.ConfigModule, prefix string, depth int) {
		if m == nil || depth > 16 {
			return
		}
		for _, r := range m.Resources {
			if r == nil || r.Mode != tfjson.ManagedResourceMode {
				continue
			}
			attrs := map[string][]string{}
			for k, e := range r.Expressions {
				if e != nil && e.ExpressionData != nil && len(e.References) > 0 {
					attrs[k] = e.References
				}
			}
			out[prefix+r.Type+"."+r.Name] = attrs
		}
		for name, mc := range m.ModuleCalls {
			if mc != nil {
				walk(mc.Module, prefix+"module."+name+".", depth+1)
			}
		}
	}
	walk(c.RootModule, "", 0)
	return out
}

// configAddress strips instance keys from an address:
// module.vpc["a"].aws_subnet.x[0] -> module.vpc.aws_subnet.x.
func configAddress(addr string) string {
	parts := splitAddress(addr)
	for i, p := range parts {
		parts[i], _, _ = strings.Cut(p, "[")
	}
	return strings.Join(parts, ".")
}

// modulePrefix returns the module instance path of an address
// ("module.vpc[\"a\"]." for module.vpc["a"].aws_subnet.x).
func modulePrefix(addr string) string {
	parts := splitAddress(addr)
	var b strings.Builder
	for i := 0; i+1 < len(parts) && parts[i] == "module"; i += 2 {
		b.WriteString("module." + parts[i+1] + ".")
	}
	return b.String()
}

// splitAddress splits on dots outside brackets.
func splitAddress(addr string) []string {
	var out []string
	depth, start := 0, 0
	inString := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			out = append(out, addr[start:i])
			start = i + 1
		}
	}
	return append(out, addr[start:])
}

// resolveRefs turns an attribute's references ("aws_vpc.main.id",
// "aws_vpc.main") into the address of the referenced resource in the same
// module instance, when the reference is to a whole resource's id.
func resolveRefs(attrs map[string][]string, addr string) map[string][]string {
	if len(attrs) == 0 {
		return nil
	}
	prefix := modulePrefix(addr)
	out := map[string][]string{}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, ref := range attrs[k] {
			parts := splitAddress(ref)
			if len(parts) == 3 && parts[2] == "id" && strings.HasPrefix(parts[0], "aws_") {
				out[k] = append(out[k], prefix+parts[0]+"."+parts[1])
			}
		}
	}
	return out
}

// addressLines finds the line of each `"address": "..."` in the plan,
// preferring planned_values (the first occurrence).
func addressLines(data []byte) map[string]int {
	out := map[string]int{}
	key := []byte(`"address"`)
	line := 1
	last := 0
	for i := 0; i < len(data); {
		j := bytes.Index(data[i:], key)
		if j < 0 {
			break
		}
		pos := i + j
		line += bytes.Count(data[last:pos], []byte{'\n'})
		last = pos
		rest := data[pos+len(key):]
		k := 0
		for k < len(rest) && (rest[k] == ' ' || rest[k] == ':' || rest[k] == '\t' || rest[k] == '\n' || rest[k] == '\r') {
			k++
		}
		if k < len(rest) && rest[k] == '"' {
			end := k + 1
			for end < len(rest) && rest[end] != '"' {
				if rest[end] == '\\' {
					end++
				}
				end++
			}
			if end < len(rest) {
				if s, err := strconv.Unquote(string(rest[k : end+1])); err == nil {
					if _, seen := out[s]; !seen {
						out[s] = line
					}
				}
			}
		}
		i = pos + len(key)
	}
	return out
}
