package terraform

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpclint/vpclint/snapshot"
)

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

var metaSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}}}

// metaAttrs are meta-arguments, never evaluated as resource attributes.
var metaAttrs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true, "providers": true, "source": true, "version": true}

// maxRepetitions bounds the instances of one resource or module call.
const maxRepetitions = 10000

type nodeKind int

const (
	nodeLocal nodeKind = iota
	nodeProvider
	nodeResource
	nodeData
	nodeModule
)

type node struct {
	key   string
	kind  nodeKind
	attr  *hcl.Attribute
	block *hcl.Block
	typ   string
	name  string
	travs []hcl.Traversal
	deps  []string
	order int
}

// kindName names a node kind in messages.
var kindName = map[nodeKind]string{
	nodeLocal: "local value", nodeProvider: "provider configuration", nodeResource: "resource",
	nodeData: "data source", nodeModule: "module call",
}

// declRange is where the node is declared: the attribute of a local, the
// header of a block.
func (n *node) declRange() hcl.Range {
	if n.attr != nil {
		return n.attr.NameRange
	}
	return n.block.DefRange
}

// duplicateError reports a second declaration of the same address, which
// Terraform rejects; reading only one of the two would silently drop the
// other's resources from the check.
func duplicateError(addr, kind string, first, second hcl.Range) error {
	return &snapshot.Error{
		File: second.Filename, Line: second.Start.Line, Column: second.Start.Column,
		Msg: fmt.Sprintf("duplicate %s %q: first declared at %s:%d:%d (Terraform rejects a configuration that declares it twice)",
			kind, addr, first.Filename, first.Start.Line, first.Start.Column),
	}
}

type varDecl struct {
	typ cty.Type
	def cty.Value
	// at is where the default is written (the block when there is none).
	at hcl.Range
}

// module is one instance of a module being evaluated.
type module struct {
	l       *loader
	dir     string
	prefix  string // "" or "module.net." or "module.net[0]."
	key     string // manifest key: "", "net", "net.sub"
	depth   int
	root    bool
	varObj  cty.Value
	pathObj cty.Value
	nodes   map[string]*node
	values  map[string]cty.Value
	// refAttrs lists, per resource key, the attributes referenced anywhere
	// in the module, so that references to attributes vpclint does not
	// compute evaluate to unknown instead of failing.
	refAttrs map[string]map[string]bool
	outputs  []*hcl.Attribute
}

// loadModule parses and evaluates one module instance and returns its
// outputs as an object.
func (l *loader) loadModule(dir, prefix, key string, given []givenVar, root bool, depth int) (cty.Value, error) {
	files, err := configFiles(dir)
	if err != nil {
		return cty.DynamicVal, fmt.Errorf("terraform %s: %w", dir, err)
	}
	if root && len(files) == 0 {
		return cty.DynamicVal, &snapshot.Error{File: dir, Msg: "no .tf or .tf.json files in this directory"}
	}
	m := &module{
		l: l, dir: dir, prefix: prefix, key: key, depth: depth, root: root,
		nodes: map[string]*node{}, values: map[string]cty.Value{}, refAttrs: map[string]map[string]bool{},
	}
	rel, err := filepath.Rel(l.root, dir)
	if err != nil {
		rel = dir
	}
	m.pathObj = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(filepath.ToSlash(rel)), "root": cty.StringVal("."), "cwd": cty.StringVal("."),
	})
	decls := map[string]varDecl{}
	declAt := map[string]hcl.Range{}
	var declOrder []string
	order := 0
	add := func(n *node) {
		if first, dup := m.nodes[n.key]; dup {
			l.errs = append(l.errs, duplicateError(strings.TrimPrefix(n.key, "local."), kindName[n.kind], first.declRange(), n.declRange()))
			return
		}
		n.order = order
		order++
		m.nodes[n.key] = n
	}
	for _, name := range files {
		path := filepath.Join(dir, name)
		if isOverride(name) {
			l.gap(prefix+name, "override", "override files are not merged by vpclint; the resources they change were checked without the override", nil)
			continue
		}
		f, diags := l.parse(path)
		if diags.HasErrors() {
			l.errs = append(l.errs, hclError(diags))
			continue
		}
		content, diags := f.Body.Content(fileSchema)
		if diags.HasErrors() {
			l.errs = append(l.errs, hclError(diags))
			continue
		}
		for _, b := range content.Blocks {
			switch b.Type {
			case "variable":
				if first, dup := declAt[b.Labels[0]]; dup {
					l.errs = append(l.errs, duplicateError(b.Labels[0], "variable", first, b.DefRange))
					continue
				}
				declAt[b.Labels[0]] = b.DefRange
				decls[b.Labels[0]] = variableDecl(b)
				declOrder = append(declOrder, b.Labels[0])
			case "locals":
				attrs, diags := b.Body.JustAttributes()
				if diags.HasErrors() {
					l.errs = append(l.errs, hclError(diags))
				}
				names := make([]string, 0, len(attrs))
				for n := range attrs {
					names = append(names, n)
				}
				slices.SortFunc(names, func(a, b string) int { return attrs[a].Range.Start.Byte - attrs[b].Range.Start.Byte })
				for _, n := range names {
					a := attrs[n]
					add(&node{key: "local." + n, kind: nodeLocal, attr: a, name: n, travs: a.Expr.Variables()})
				}
			case "provider":
				if root {
					add(&node{key: "provider." + b.Labels[0] + providerAlias(b), kind: nodeProvider, block: b, name: b.Labels[0], travs: bodyTraversals(b.Body)})
				}
			case "resource":
				add(&node{key: b.Labels[0] + "." + b.Labels[1], kind: nodeResource, block: b, typ: b.Labels[0], name: b.Labels[1], travs: bodyTraversals(b.Body)})
			case "data":
				add(&node{key: "data." + b.Labels[0] + "." + b.Labels[1], kind: nodeData, block: b, typ: b.Labels[0], name: b.Labels[1], travs: bodyTraversals(b.Body)})
			case "module":
				add(&node{key: "module." + b.Labels[0], kind: nodeModule, block: b, name: b.Labels[0], travs: bodyTraversals(b.Body)})
			case "output":
				attrs, _ := b.Body.JustAttributes()
				if a := attrs["value"]; a != nil {
					a.Name = b.Labels[0]
					m.outputs = append(m.outputs, a)
				}
			}
		}
	}
	m.setVariables(decls, declOrder, given)
	m.link()
	for _, n := range m.sorted() {
		m.eval(n)
	}
	outs := map[string]cty.Value{}
	for _, a := range m.outputs {
		v, diags := l.value(a.Expr, m.ctx(a.Expr.Variables()), "output."+a.Name)
		if diags.HasErrors() {
			v = cty.DynamicVal
		}
		outs[a.Name] = v
	}
	return cty.ObjectVal(outs), nil
}

func providerAlias(b *hcl.Block) string {
	attrs, _ := b.Body.JustAttributes()
	if a := attrs["alias"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
			if s, st := asString(v); st == known {
				return "." + s
			}
		}
	}
	return ""
}

func variableDecl(b *hcl.Block) varDecl {
	d := varDecl{typ: cty.DynamicPseudoType, at: b.DefRange}
	attrs, _ := b.Body.JustAttributes()
	if a := attrs["type"]; a != nil {
		if t, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
			d.typ = t
		}
	}
	if a := attrs["default"]; a != nil {
		d.at = a.Range
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
			d.def = v
		} else {
			d.def = cty.DynamicVal
		}
	}
	return d
}

func (m *module) setVariables(decls map[string]varDecl, order []string, given []givenVar) {
	vals := map[string]cty.Value{}
	at := map[string]hcl.Range{}
	for _, name := range order {
		d := decls[name]
		at[name] = d.at
		if d.def != cty.NilVal {
			vals[name] = d.def
		} else {
			vals[name] = cty.UnknownVal(d.typ)
		}
	}
	for _, g := range given {
		d, declared := decls[g.name]
		if !declared {
			if g.cli {
				m.l.errs = append(m.l.errs, fmt.Errorf("-var %s: the configuration declares no variable %q (a typo would leave the default in place)", g.name, g.name))
			}
			continue
		}
		v := g.value
		if g.cli {
			var diags hcl.Diagnostics
			v, diags = cliValue(g, d.typ)
			if diags.HasErrors() {
				m.l.errs = append(m.l.errs, hclError(diags))
				continue
			}
		}
		vals[g.name] = v
		if g.at != nil {
			at[g.name] = *g.at
		}
	}
	for name, v := range vals {
		v = m.l.typed(name, v, decls[name].typ, at[name])
		if !v.HasMark(fromVar{name: name, at: at[name], invalid: true}) {
			v = v.Mark(fromVar{name: name, at: at[name]})
		}
		vals[name] = v
	}
	m.varObj = cty.ObjectVal(vals)
}

// cliValue reads a -var value: a string for a primitive type, as
// Terraform does, and an HCL expression for a collection or structural
// type, where a value that does not parse is an error, never the string.
func cliValue(g givenVar, t cty.Type) (cty.Value, hcl.Diagnostics) {
	name := "-var " + g.name
	v := cty.StringVal(g.raw)
	if t.IsListType() || t.IsMapType() || t.IsSetType() || t.IsObjectType() || t.IsTupleType() {
		if diags := nestingError([]byte(g.raw), name, false); diags.HasErrors() {
			return cty.NilVal, diags
		}
		expr, diags := hclsyntax.ParseExpression([]byte(g.raw), name, hcl.InitialPos)
		if diags.HasErrors() {
			return cty.NilVal, diags
		}
		if v, diags = expr.Value(nil); diags.HasErrors() {
			return cty.NilVal, diags
		}
	}
	if t == cty.DynamicPseudoType {
		return v, nil
	}
	cv, err := convert.Convert(v, t)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "invalid value for variable " + g.name,
			Detail: fmt.Sprintf("%s (want %s)", err.Error(), t.FriendlyName()), Subject: &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	return cv, nil
}

// bodyTraversals lists the references made anywhere in a body.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	var out []hcl.Traversal
	if sb, ok := body.(*hclsyntax.Body); ok {
		_ = hclsyntax.VisitAll(sb, func(n hclsyntax.Node) hcl.Diagnostics {
			if e, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
				out = append(out, e.Traversal)
			}
			return nil
		})
		return out
	}
	attrs, _ := body.JustAttributes()
	for _, a := range attrs {
		out = append(out, a.Expr.Variables()...)
	}
	return out
}

func stepName(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	if a, ok := t[i].(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// refKey returns the node a traversal refers to, and the attribute it
// reads from a resource (for refAttrs).
func refKey(t hcl.Traversal) (string, string) {
	switch root := t.RootName(); root {
	case "var", "path", "terraform", "count", "each", "self":
		return "", ""
	case "local":
		return "local." + stepName(t, 1), ""
	case "module":
		return "module." + stepName(t, 1), ""
	case "data":
		return "data." + stepName(t, 1) + "." + stepName(t, 2), attrAfter(t, 3)
	default:
		return root + "." + stepName(t, 1), attrAfter(t, 2)
	}
}

// attrAfter returns the attribute name read at step i, skipping one index
// step (aws_subnet.a[0].id).
func attrAfter(t hcl.Traversal, i int) string {
	if i < len(t) {
		if _, ok := t[i].(hcl.TraverseIndex); ok {
			i++
		}
	}
	return stepName(t, i)
}

// link computes dependencies between nodes.
func (m *module) link() {
	var providers []string
	for k, n := range m.nodes {
		if n.kind == nodeProvider {
			providers = append(providers, k)
		}
	}
	slices.Sort(providers)
	for _, n := range m.nodes {
		seen := map[string]bool{}
		for _, t := range n.travs {
			k, attr := refKey(t)
			if k == "" || m.nodes[k] == nil || k == n.key {
				continue
			}
			if attr != "" {
				if m.refAttrs[k] == nil {
					m.refAttrs[k] = map[string]bool{}
				}
				m.refAttrs[k][attr] = true
			}
			if !seen[k] {
				seen[k] = true
				n.deps = append(n.deps, k)
			}
		}
		if n.kind != nodeProvider && n.kind != nodeLocal {
			n.deps = append(n.deps, providers...)
		}
	}
	for _, a := range m.outputs {
		for _, t := range a.Expr.Variables() {
			if k, attr := refKey(t); k != "" && attr != "" && m.nodes[k] != nil {
				if m.refAttrs[k] == nil {
					m.refAttrs[k] = map[string]bool{}
				}
				m.refAttrs[k][attr] = true
			}
		}
	}
}

// sorted orders nodes so that each comes after what it references
// (Kahn's algorithm, declaration order among ready nodes). Nodes in a
// cycle come last, in declaration order, and see unknowns.
func (m *module) sorted() []*node {
	all := make([]*node, 0, len(m.nodes))
	for _, n := range m.nodes {
		all = append(all, n)
	}
	slices.SortFunc(all, func(a, b *node) int { return a.order - b.order })
	indeg := map[string]int{}
	users := map[string][]*node{}
	for _, n := range all {
		indeg[n.key] = len(n.deps)
		for _, d := range n.deps {
			users[d] = append(users[d], n)
		}
	}
	var out []*node
	done := map[string]bool{}
	queue := []*node{}
	for _, n := range all {
		if indeg[n.key] == 0 {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		out = append(out, n)
		done[n.key] = true
		for _, u := range users[n.key] {
			indeg[u.key]--
			if indeg[u.key] == 0 {
				queue = append(queue, u)
			}
		}
	}
	for _, n := range all {
		if !done[n.key] {
			out = append(out, n)
		}
	}
	return out
}

func (m *module) value(key string) cty.Value {
	if v, ok := m.values[key]; ok {
		return v
	}
	return cty.DynamicVal
}

// ctx builds the evaluation context for expressions with these
// references: only what they use, so building it stays cheap.
func (m *module) ctx(travs []hcl.Traversal) *hcl.EvalContext {
	vars := map[string]cty.Value{
		"var": m.varObj, "path": m.pathObj,
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
	}
	locals := map[string]cty.Value{}
	mods := map[string]cty.Value{}
	res := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, t := range travs {
		k, _ := refKey(t)
		if k == "" || m.nodes[k] == nil {
			continue
		}
		n := m.nodes[k]
		switch n.kind {
		case nodeLocal:
			locals[n.name] = m.value(k)
		case nodeModule:
			mods[n.name] = m.value(k)
		case nodeData:
			if data[n.typ] == nil {
				data[n.typ] = map[string]cty.Value{}
			}
			data[n.typ][n.name] = m.value(k)
		case nodeResource:
			if res[n.typ] == nil {
				res[n.typ] = map[string]cty.Value{}
			}
			res[n.typ][n.name] = m.value(k)
		case nodeProvider:
		}
	}
	vars["local"] = cty.ObjectVal(locals)
	vars["module"] = cty.ObjectVal(mods)
	for typ, byName := range res {
		vars[typ] = cty.ObjectVal(byName)
	}
	dtypes := map[string]cty.Value{}
	for typ, byName := range data {
		dtypes[typ] = cty.ObjectVal(byName)
	}
	vars["data"] = cty.ObjectVal(dtypes)
	return &hcl.EvalContext{Variables: vars, Functions: m.l.funcs}
}

func (m *module) eval(n *node) {
	switch n.kind {
	case nodeLocal:
		v, diags := m.l.value(n.attr.Expr, m.ctx(n.travs), m.prefix+n.key)
		if diags.HasErrors() {
			v = cty.DynamicVal
		}
		m.values[n.key] = v
	case nodeProvider:
		m.evalProvider(n)
	case nodeResource, nodeData:
		m.values[n.key] = m.evalResource(n)
	case nodeModule:
		m.values[n.key] = m.evalModuleCall(n)
	}
}

func (m *module) evalProvider(n *node) {
	if n.name != "aws" {
		return
	}
	attrs, _ := n.block.Body.JustAttributes()
	ctx := m.ctx(n.travs)
	var pc providerConfig
	if a := attrs["region"]; a != nil {
		v, _ := a.Expr.Value(ctx)
		pc.region, pc.regionState = asString(v)
	}
	if a := attrs["allowed_account_ids"]; a != nil {
		v, _ := a.Expr.Value(ctx)
		if ids, _, st := asStrings(v); st == known && len(ids) == 1 {
			pc.account = ids[0]
		}
	}
	m.l.providers[strings.TrimPrefix(n.key, "provider.")] = pc
}

// repetition is one instance of a resource or module: its address suffix
// and the count/each values it sees.
type repetition struct {
	suffix string
	key    cty.Value
	extra  map[string]cty.Value
}

// repetitions expands count and for_each. ok is false when they are
// unknown, in which case the caller records a gap.
func (m *module) repetitions(body hcl.Body, ctx *hcl.EvalContext) (reps []repetition, kind string, ok bool) {
	content, _, _ := body.PartialContent(metaSchema)
	if a := content.Attributes["count"]; a != nil {
		v, diags := m.l.value(a.Expr, ctx, "count")
		c, st := asInt(v)
		if diags.HasErrors() || st != known || c < 0 || c > maxRepetitions {
			return nil, "count", false
		}
		for i := range c {
			reps = append(reps, repetition{
				suffix: "[" + strconv.Itoa(i) + "]", key: cty.NumberIntVal(int64(i)),
				extra: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})},
			})
		}
		return reps, "count", true
	}
	if a := content.Attributes["for_each"]; a != nil {
		v, diags := m.l.value(a.Expr, ctx, "for_each")
		v, _ = v.Unmark()
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return nil, "for_each", false
		}
		isSet := v.Type().IsSetType()
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if isSet {
				k = e
			}
			if !k.IsKnown() || k.IsNull() {
				return nil, "for_each", false
			}
			ks, st := asString(k)
			if st != known {
				return nil, "for_each", false
			}
			if len(reps) == maxRepetitions {
				return nil, "for_each", false
			}
			reps = append(reps, repetition{
				suffix: "[" + strconv.Quote(ks) + "]", key: cty.StringVal(ks),
				extra: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(ks), "value": e})},
			})
		}
		return reps, "for_each", true
	}
	return []repetition{{}}, "", true
}

// collect assembles the value of a repeated resource or module.
func collect(kind string, reps []repetition, vals []cty.Value) cty.Value {
	switch kind {
	case "count":
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case "for_each":
		m := map[string]cty.Value{}
		for i, r := range reps {
			m[r.key.AsString()] = vals[i]
		}
		return cty.ObjectVal(m)
	}
	return vals[0]
}

func (m *module) evalResource(n *node) cty.Value {
	ctx := m.ctx(n.travs)
	base := n.key
	if n.kind == nodeData {
		base = "data." + n.typ + "." + n.name
	}
	reps, kind, ok := m.repetitions(n.block.Body, ctx)
	_, supported := resourceSpecs[n.typ]
	if n.kind == nodeData {
		_, supported = dataSpecs[n.typ]
	}
	if !ok {
		if supported && n.kind == nodeResource {
			m.l.gap(m.prefix+base, kind, fmt.Sprintf("%s of %s is unknown until apply (or above 10000), so its instances could not be checked", kind, m.prefix+base), &n.block.DefRange)
		}
		return cty.DynamicVal
	}
	vals := make([]cty.Value, len(reps))
	for i, r := range reps {
		addr := m.prefix + base + r.suffix
		rctx := ctx
		if r.extra != nil {
			rctx = ctx.NewChild()
			rctx.Variables = r.extra
		}
		vals[i] = m.evalInstance(n, addr, rctx, supported)
	}
	return collect(kind, reps, vals)
}

func (m *module) evalInstance(n *node, addr string, ctx *hcl.EvalContext, supported bool) cty.Value {
	if n.kind == nodeData {
		if !supported {
			return cty.DynamicVal
		}
		o := m.l.evalBody(n.block.Body, dataSpecs[n.typ], ctx, n.block)
		v := m.l.dataValue(n.typ, o, m.providerFor(o))
		if n.typ == "aws_iam_policy_document" {
			m.l.docs[addr] = &snapshot.Source{File: o.rng.Filename, StartLine: o.rng.Start.Line, EndLine: o.rng.End.Line, Address: addr}
			v = markDocument(addr, v)
		}
		return v
	}
	attrs := map[string]cty.Value{}
	if supported {
		o := m.l.evalBody(n.block.Body, resourceSpecs[n.typ], ctx, n.block)
		pc := m.providerFor(o)
		inst := &instance{typ: n.typ, addr: addr, o: o, account: pc.account, region: pc.region}
		inst.src = &snapshot.Source{
			File: o.rng.Filename, StartLine: o.rng.Start.Line, EndLine: o.rng.End.Line, Address: addr,
			Ignores: o.ignores,
		}
		m.l.insts = append(m.l.insts, inst)
		for name, v := range o.attrs {
			attrs[name] = v.MarkWithPaths(o.marks[name])
		}
		maps.Copy(attrs, computed(inst))
		if _, ok := attrs["id"]; !ok {
			attrs["id"] = cty.StringVal(addr)
		}
	} else {
		attrs["id"] = cty.StringVal(addr)
	}
	for a := range m.refAttrs[n.key] {
		if _, ok := attrs[a]; !ok {
			attrs[a] = cty.DynamicVal
		}
	}
	markIdentity(addr, attrs)
	return cty.ObjectVal(attrs)
}

// providerFor returns the AWS provider configuration of a resource: the
// one its provider meta-argument names, else the default one.
func (m *module) providerFor(o *obj) providerConfig {
	if o.provider != "" {
		if pc, ok := m.l.providers[o.provider]; ok {
			return pc
		}
	}
	return m.l.providers["aws"]
}

func (m *module) evalModuleCall(n *node) cty.Value {
	ctx := m.ctx(n.travs)
	addr := m.prefix + "module." + n.name
	attrs, _ := n.block.Body.JustAttributes()
	src := ""
	if a := attrs["source"]; a != nil {
		v, _ := a.Expr.Value(nil)
		src, _ = asString(v)
	}
	key := n.name
	if m.key != "" {
		key = m.key + "." + n.name
	}
	var dir string
	switch {
	case strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../"):
		dir = filepath.Join(m.dir, filepath.FromSlash(src))
	case m.l.manifest[key] != "":
		dir = m.l.manifest[key]
	default:
		m.l.gap(addr, "module", fmt.Sprintf("module %s (source %q) is not on disk (registry or git module, not downloaded by terraform init): its resources were not checked", addr, src), &n.block.DefRange)
		return cty.DynamicVal
	}
	if m.depth+1 > maxModuleDepth {
		m.l.gap(addr, "module", fmt.Sprintf("module %s is nested more than %d levels deep: its resources were not checked", addr, maxModuleDepth), &n.block.DefRange)
		return cty.DynamicVal
	}
	reps, kind, ok := m.repetitions(n.block.Body, ctx)
	if !ok {
		m.l.gap(addr, kind, fmt.Sprintf("%s of %s is unknown until apply, so its resources could not be checked", kind, addr), &n.block.DefRange)
		return cty.DynamicVal
	}
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		if !metaAttrs[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	vals := make([]cty.Value, len(reps))
	for i, r := range reps {
		m.l.modules++
		if m.l.modules > maxModuleInstances {
			m.l.gap(addr, "module", "too many module instances: the rest were not checked", &n.block.DefRange)
			return cty.DynamicVal
		}
		rctx := ctx
		if r.extra != nil {
			rctx = ctx.NewChild()
			rctx.Variables = r.extra
		}
		var given []givenVar
		for _, name := range names {
			v, diags := m.l.value(attrs[name].Expr, rctx, addr+"."+name)
			if diags.HasErrors() {
				v = cty.DynamicVal
			}
			rng := attrs[name].Expr.Range()
			given = append(given, givenVar{name: name, value: v, at: &rng})
		}
		out, err := m.l.loadModule(dir, addr+r.suffix+".", key, given, false, m.depth+1)
		if err != nil {
			m.l.gap(addr, "module", err.Error(), &n.block.DefRange)
			out = cty.DynamicVal
		}
		vals[i] = out
	}
	return collect(kind, reps, vals)
}

// obj is an evaluated block: its attributes, nested blocks and extent.
type obj struct {
	attrs map[string]cty.Value
	// marks are the marks of attribute values (origin, fromVar), kept
	// apart so that the builders read plain values.
	marks    map[string][]cty.PathValueMarks
	ranges   map[string]hcl.Range
	blocks   map[string][]*obj
	rng      hcl.Range
	ignores  []snapshot.Ignore
	provider string
	// unknownAll marks a block whose content is unknown until apply (a
	// dynamic block over an unknown collection, an unknown list).
	unknownAll bool
}

// spec lists the nested block types of a block; attributes are taken as
// written.
type spec struct {
	blocks map[string]*spec
}

var leaf = &spec{}

var ignoredBlocks = []string{"lifecycle", "provisioner", "connection", "timeouts"}

func (l *loader) blockRange(b *hcl.Block) hcl.Range {
	r := b.DefRange
	if end, ok := l.blockEnd[r.Filename][r.Start.Byte]; ok {
		r.End = end
	}
	return r
}

// evalBody evaluates a block body against its spec, expanding dynamic
// blocks. Expressions that cannot be evaluated are unknown.
func (l *loader) evalBody(body hcl.Body, sp *spec, ctx *hcl.EvalContext, b *hcl.Block) *obj {
	o := &obj{attrs: map[string]cty.Value{}, ranges: map[string]hcl.Range{}, blocks: map[string][]*obj{}}
	if b != nil {
		o.rng = l.blockRange(b)
		o.ignores = l.ignores(o.rng.Filename, o.rng.Start.Line)
		if c, _, _ := b.Body.PartialContent(metaSchema); c != nil {
			if a := c.Attributes["provider"]; a != nil {
				if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() {
					parts := []string{}
					for _, s := range t {
						switch x := s.(type) {
						case hcl.TraverseRoot:
							parts = append(parts, x.Name)
						case hcl.TraverseAttr:
							parts = append(parts, x.Name)
						}
					}
					o.provider = strings.Join(parts, ".")
				}
			}
		}
	}
	schema := &hcl.BodySchema{}
	for t := range sp.blocks {
		schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: t})
	}
	for _, t := range ignoredBlocks {
		if sp.blocks[t] == nil {
			schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: t})
		}
	}
	if b != nil {
		body = dynblock.Expand(body, ctx)
	}
	content, remain, _ := body.PartialContent(schema)
	// A dynamic block's expanded body passes JustAttributes through
	// without its iterator, so learn the attribute names first and then
	// ask for them through the schema.
	names, _ := remain.JustAttributes()
	if len(names) > 0 {
		for n := range names {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: n})
		}
		content, _, _ = body.PartialContent(schema)
	}
	attrs := content.Attributes
	maxEnd := o.rng.End
	for name, a := range attrs {
		if metaAttrs[name] || name == "dynamic" {
			continue
		}
		v, diags := l.value(a.Expr, ctx, name)
		if diags.HasErrors() {
			v = cty.DynamicVal
		}
		v, pvms := v.UnmarkDeepWithPaths()
		if len(pvms) > 0 {
			l.invalidUses(name, a.Range, pvms)
			if o.marks == nil {
				o.marks = map[string][]cty.PathValueMarks{}
			}
			o.marks[name] = pvms
		}
		o.attrs[name] = v
		o.ranges[name] = a.Range
		if a.Range.End.Byte > maxEnd.Byte {
			maxEnd = a.Range.End
		}
	}
	for _, nb := range content.Blocks {
		child := sp.blocks[nb.Type]
		if child == nil {
			continue
		}
		c := l.evalBody(nb.Body, child, ctx, nil)
		c.rng = l.blockRange(nb)
		c.ignores = l.ignores(c.rng.Filename, c.rng.Start.Line)
		if c.rng.End.Byte <= c.rng.Start.Byte+len(nb.Type) {
			for _, r := range c.ranges {
				if r.End.Byte > c.rng.End.Byte {
					c.rng.End = r.End
				}
			}
		}
		if c.rng.End.Byte > maxEnd.Byte {
			maxEnd = c.rng.End
		}
		o.blocks[nb.Type] = append(o.blocks[nb.Type], c)
	}
	if b != nil && o.rng.End.Byte < maxEnd.Byte {
		o.rng.End = maxEnd
	}
	return o
}
