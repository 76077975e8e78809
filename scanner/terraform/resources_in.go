package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpclint/vpclint/snapshot"
)

// Resource is one resource instance whose attribute values are already
// decided: a planned value or a prior state entry of a Terraform plan.
type Resource struct {
	Address, Type string
	// Values are the attributes as decoded JSON ("values" in
	// terraform show -json).
	Values map[string]any
	// Unknown is the matching after_unknown tree: true where a value is
	// known only after apply.
	Unknown any
	// Refs name, for attributes whose value is unknown, the addresses of
	// the resources whose ids the configuration assigns to them.
	Refs map[string][]string
	// Source is where the resource is written when the configuration is
	// not available (the plan file itself).
	Source          *snapshot.Source
	Account, Region string
}

// FromResources builds a snapshot from decided resource values. When
// configDir holds the configuration the values came from, it is evaluated
// as Load does (with opt) to place every resource and nested block on its
// .tf line, to read inline suppressions, and to supply references the
// values leave unknown (an id Terraform learns at apply is still the
// same resource). kind is the snapshot origin ("tfplan").
func FromResources(rs []Resource, kind, origin, configDir string, opt Options) (*snapshot.Snapshot, error) {
	located := map[string]*instance{}
	l := newLoader(origin, opt)
	l.extraAlias = map[string]string{}
	var pairs [][2]*instance
	if configDir != "" {
		cl := newLoader(configDir, opt)
		given, err := cl.rootVariables()
		if err == nil {
			_, err = cl.loadModule(configDir, "", "", given, true, 0)
		}
		if err == nil && len(cl.errs) > 0 {
			err = errors.Join(cl.errs...)
		}
		if err != nil {
			return nil, err
		}
		for _, in := range cl.insts {
			located[in.addr] = in
		}
		l.providers = cl.providers
	}
	for _, r := range rs {
		sp, ok := resourceSpecs[r.Type]
		if !ok {
			continue
		}
		o := objFromJSON(r.Values, r.Unknown, sp)
		for attr, addrs := range r.Refs {
			if v, ok := o.attrs[attr]; ok && v.IsWhollyKnown() && !v.IsNull() {
				continue
			}
			if strings.HasSuffix(attr, "s") {
				vs := make([]cty.Value, len(addrs))
				for i, a := range addrs {
					vs[i] = cty.StringVal(a)
				}
				o.attrs[attr] = cty.TupleVal(vs)
			} else {
				o.attrs[attr] = cty.StringVal(addrs[0])
			}
		}
		in := &instance{typ: r.Type, addr: r.Address, o: o, account: r.Account, region: r.Region}
		src := r.Source
		if li := located[r.Address]; li != nil {
			pairs = append(pairs, [2]*instance{li, in})
			o.rng, o.ignores, o.ranges = li.o.rng, li.o.ignores, li.o.ranges
			fillFrom(o, li.o)
			s := *li.src
			src = &s
			if in.account == "" {
				in.account = li.account
			}
			if in.region == "" {
				in.region = li.region
			}
		} else if src != nil {
			o.rng = hcl.Range{Filename: src.File, Start: hcl.Pos{Line: src.StartLine}, End: hcl.Pos{Line: src.EndLine}}
		}
		if src == nil {
			src = &snapshot.Source{Address: r.Address}
		}
		src.Address = r.Address
		in.src = src
		l.insts = append(l.insts, in)
	}
	for _, p := range pairs {
		cfg, plan := entityID(p[0]), entityID(p[1])
		l.extraAlias[cfg] = plan
		if p[1].typ == "aws_vpc" || p[1].typ == "aws_default_vpc" {
			for _, id := range snapshot.DefaultIDs {
				l.extraAlias[id(cfg)] = id(plan)
			}
		}
	}
	// As from configuration: a value that is no CIDR, a protocol or
	// action AWS would reject, is a located problem read as unknown, and
	// the rest of the plan is checked.
	l.checkCIDRs()
	s := l.build()
	s.Origin = snapshot.Origin{Kind: kind, Inputs: []string{origin}}
	if err := s.Normalize(); err != nil {
		if located, ok := s.LocateInSource(err); ok {
			return nil, located
		}
		return nil, err
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	s.Diagnostics = append(s.Diagnostics, l.sortedDiags()...)
	return s, nil
}

func newLoader(root string, opt Options) *loader {
	l := &loader{
		root: root, opt: opt, parser: hclparse.NewParser(),
		lines: map[string][]string{}, blockEnd: map[string]map[int]hcl.Pos{}, providers: map[string]providerConfig{},
		docs: map[string]*snapshot.Source{},
	}
	l.funcs = functions(root)
	l.manifest = readManifest(root)
	return l
}

// HasConfig reports whether dir holds Terraform configuration files.
func HasConfig(dir string) bool {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return false
	}
	files, err := configFiles(dir)
	return err == nil && len(files) > 0
}

// objFromJSON turns decoded resource values into an evaluated block,
// nested block types of the spec becoming blocks.
func objFromJSON(values map[string]any, unk any, sp *spec) *obj {
	o := &obj{attrs: map[string]cty.Value{}, ranges: map[string]hcl.Range{}, blocks: map[string][]*obj{}}
	um, _ := unk.(map[string]any)
	for k, v := range values {
		u := um[k]
		if u == true {
			o.attrs[k] = cty.DynamicVal
			continue
		}
		if child := sp.blocks[k]; child != nil {
			if list, ok := v.([]any); ok {
				ul, _ := u.([]any)
				for i, e := range list {
					em, ok := e.(map[string]any)
					if !ok {
						continue
					}
					var eu any
					if i < len(ul) {
						eu = ul[i]
					}
					o.blocks[k] = append(o.blocks[k], objFromJSON(em, eu, child))
				}
				continue
			}
		}
		o.attrs[k] = withUnknown(jsonToCty(v), u)
	}
	for k, u := range um {
		if u == true {
			o.attrs[k] = cty.DynamicVal
		}
	}
	return o
}

// withUnknown marks the unknown parts of a value from its after_unknown
// tree.
func withUnknown(v cty.Value, u any) cty.Value {
	switch x := u.(type) {
	case bool:
		if x {
			return cty.DynamicVal
		}
	case []any:
		if !v.IsKnown() || v.IsNull() || !v.Type().IsTupleType() {
			return v
		}
		els := v.AsValueSlice()
		for i := range els {
			if i < len(x) {
				els[i] = withUnknown(els[i], x[i])
			}
		}
		if len(x) > len(els) {
			for range len(x) - len(els) {
				els = append(els, cty.DynamicVal)
			}
		}
		if len(els) == 0 {
			return v
		}
		return cty.TupleVal(els)
	case map[string]any:
		if !v.IsKnown() || v.IsNull() || !v.Type().IsObjectType() {
			return v
		}
		m := v.AsValueMap()
		for k, sub := range x {
			if e, ok := m[k]; ok {
				m[k] = withUnknown(e, sub)
			} else if sub == true {
				m[k] = cty.DynamicVal
			}
		}
		return cty.ObjectVal(m)
	}
	return v
}

// fillFrom completes values a plan leaves unknown from the evaluated
// configuration, and places nested blocks on their lines by matching
// their known attributes.
func fillFrom(o, cfg *obj) {
	for k, v := range cfg.attrs {
		if cur, ok := o.attrs[k]; (!ok || !cur.IsWhollyKnown()) && v.IsWhollyKnown() {
			o.attrs[k] = v
		}
	}
	for typ, cbs := range cfg.blocks {
		used := make([]bool, len(cbs))
		for _, b := range o.blocks[typ] {
			for i, c := range cbs {
				if used[i] || !sameKnown(b, c) {
					continue
				}
				used[i] = true
				b.rng, b.ignores, b.ranges = c.rng, c.ignores, c.ranges
				fillFrom(b, c)
				break
			}
		}
	}
}

// sameKnown reports whether two blocks agree on every attribute both know
// and that the configuration sets.
func sameKnown(a, c *obj) bool {
	keys := make([]string, 0, len(c.attrs))
	for k := range c.attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		cv := c.attrs[k]
		av, ok := a.attrs[k]
		if !ok || !cv.IsWhollyKnown() || !av.IsWhollyKnown() || cv.IsNull() {
			continue
		}
		if !equalLoose(av, cv) {
			return false
		}
	}
	return true
}

// equalLoose compares values across the plan's JSON types and the
// configuration's (a number written as a string, a list as a set).
func equalLoose(a, b cty.Value) bool {
	if sa, st := asString(a); st == known {
		if sb, st := asString(b); st == known {
			return sa == sb
		}
	}
	la, sta := asList(a)
	lb, stb := asList(b)
	if sta != known || stb != known || len(la) != len(lb) {
		return false
	}
	for i := range la {
		if !equalLoose(la[i], lb[i]) {
			return false
		}
	}
	return true
}

// ConfigDir returns the directory beside a plan file that holds its
// configuration: the plan's own directory, else its parent; "" if
// neither has .tf files.
func ConfigDir(planPath string) string {
	dir := filepath.Dir(planPath)
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if HasConfig(d) {
			return d
		}
	}
	return ""
}
