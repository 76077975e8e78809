package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vpclint/vpclint/snapshot"
)

// Options are the variable settings of a run, in Terraform's precedence
// order: declared defaults, terraform.tfvars(.json), *.auto.tfvars(.json)
// in lexical order, VarFiles, Vars, then Values.
type Options struct {
	// Vars are -var values, "name=value".
	Vars []string
	// VarFiles are -var-file paths, relative to the working directory.
	VarFiles []string
	// Values are variable values already decided elsewhere (the variables
	// section of a plan), as decoded JSON. They win over everything.
	Values map[string]any
}

// maxModuleDepth bounds module nesting, so a module that calls itself
// cannot recurse forever.
const maxModuleDepth = 16

// maxModuleInstances bounds the module instances of one run.
const maxModuleInstances = 10000

// loader holds the state of one Load.
type loader struct {
	root      string
	opt       Options
	parser    *hclparse.Parser
	lines     map[string][]string
	blockEnd  map[string]map[int]hcl.Pos
	errs      []error
	gaps      []snapshot.Gap
	insts     []*instance
	providers map[string]providerConfig
	manifest  map[string]string
	funcs     map[string]function.Function
	modules   int
	// diags are located problems that do not stop the load (note).
	diags []*snapshot.Error
	// docs are the aws_iam_policy_document data sources by address.
	docs map[string]*snapshot.Source
	// reported holds the input problems recorded while evaluating, so a
	// repeated expression is reported once.
	reported map[string]bool
	// extraAlias maps ids of the evaluated configuration to the ids a
	// plan gives the same entities.
	extraAlias map[string]string
}

type providerConfig struct {
	region, account string
	regionState     state
}

// Load reads the Terraform configuration in dir (the root module) and
// returns the snapshot it describes, normalised. Syntax errors, invalid
// variable files and inline suppressions without a reason are located
// *snapshot.Error values (file, line, column).
func Load(dir string, opt Options) (*snapshot.Snapshot, error) {
	l := newLoader(dir, opt)
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("terraform %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, &snapshot.Error{File: dir, Msg: "not a directory (want a directory of .tf files)"}
	}
	given, err := l.rootVariables()
	if err != nil {
		return nil, err
	}
	if _, err := l.loadModule(dir, "", "", given, true, 0); err != nil {
		return nil, err
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	l.checkCIDRs()
	s := l.build()
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	if err := s.Normalize(); err != nil {
		if located, ok := s.LocateInSource(err); ok {
			return nil, located
		}
		return nil, fmt.Errorf("terraform %s: %w", dir, err)
	}
	s.Diagnostics = append(s.Diagnostics, l.sortedDiags()...)
	return s, nil
}

// hclError turns HCL diagnostics into located errors.
func hclError(diags hcl.Diagnostics) error {
	var errs []error
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := &snapshot.Error{Msg: d.Summary}
		if d.Detail != "" {
			e.Msg += ": " + d.Detail
		}
		if d.Subject != nil {
			e.File, e.Line, e.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		errs = append(errs, e)
		if len(errs) == 10 {
			break
		}
	}
	return errors.Join(errs...)
}

// configFiles lists the .tf and .tf.json files of a module directory.
func configFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") || strings.HasSuffix(n, "~") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// parse reads one configuration file, recording its lines for inline
// suppressions and its block extents for end lines.
func (l *loader) parse(path string) (*hcl.File, hcl.Diagnostics) {
	if f := l.parser.Files()[path]; f != nil {
		return f, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "cannot read file", Detail: err.Error(), Subject: &hcl.Range{Filename: path}}}
	}
	isJSON := strings.HasSuffix(path, ".json")
	if diags := nestingError(src, path, isJSON); diags.HasErrors() {
		return nil, diags
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		f, diags = l.parser.ParseJSON(src, path)
	} else {
		f, diags = l.parser.ParseHCL(src, path)
	}
	if f == nil {
		return nil, diags
	}
	if _, done := l.lines[path]; !done {
		l.lines[path] = strings.Split(string(f.Bytes), "\n")
		ends := map[int]hcl.Pos{}
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
				if b, ok := n.(*hclsyntax.Block); ok {
					ends[b.DefRange().Start.Byte] = b.Body.SrcRange.End
				}
				return nil
			})
		}
		l.blockEnd[path] = ends
	}
	return f, diags
}

// readManifest reads .terraform/modules/modules.json, where terraform init
// records the directories of downloaded modules.
func readManifest(dir string) map[string]string {
	data, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err != nil {
		return nil
	}
	var m struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	out := map[string]string{}
	for _, x := range m.Modules {
		if x.Key != "" && x.Dir != "" && !filepath.IsAbs(x.Dir) {
			out[x.Key] = filepath.Join(dir, x.Dir)
		}
	}
	return out
}

// gap records something that could not be read.
func (l *loader) gap(resource, op, msg string, rng *hcl.Range) {
	var src *snapshot.Source
	if rng != nil {
		msg = fmt.Sprintf("%s:%d: %s", rng.Filename, rng.Start.Line, msg)
		src = &snapshot.Source{File: rng.Filename, StartLine: rng.Start.Line, EndLine: rng.End.Line, Address: resource}
	}
	l.gaps = append(l.gaps, snapshot.Gap{Service: "terraform", Operation: op, Resource: resource, Error: msg, Source: src})
}

var ignoreRe = regexp.MustCompile(`(#|//)\s*vpclint:ignore\b(.*)$`)

func isComment(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//")
}

// ignores reads the vpclint:ignore comments that belong to the block
// starting at line start: the comment lines directly above it, a comment
// on its first line, and the comment lines at the top of its body.
func (l *loader) ignores(file string, start int) []snapshot.Ignore {
	lines := l.lines[file]
	if start < 1 || start > len(lines) {
		return nil
	}
	var cand []int
	for i := start - 1; i >= 1 && isComment(lines[i-1]); i-- {
		cand = append(cand, i)
	}
	slices.Reverse(cand)
	cand = append(cand, start)
	for i := start + 1; i <= len(lines) && isComment(lines[i-1]); i++ {
		cand = append(cand, i)
	}
	var out []snapshot.Ignore
	for _, n := range cand {
		line := lines[n-1]
		m := ignoreRe.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(line[m[4]:m[5]])
		ids, reason, _ := strings.Cut(rest, " ")
		reason = strings.TrimSpace(reason)
		if ids == "" || reason == "" {
			l.errs = append(l.errs, &snapshot.Error{
				File: file, Line: n, Column: m[0] + 1,
				Msg: `inline suppression needs a rule and a reason (want "# vpclint:ignore SG001 why this is acceptable")`,
			})
			continue
		}
		for id := range strings.SplitSeq(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, snapshot.Ignore{Rule: id, Reason: reason, Line: n})
			}
		}
	}
	return out
}

// rootVariables collects the values given to the root module, in
// precedence order, as raw values keyed by name (converted once the
// declarations are known).
func (l *loader) rootVariables() ([]givenVar, error) {
	var out []givenVar
	names, _ := os.ReadDir(l.root)
	var auto []string
	for _, e := range names {
		n := e.Name()
		if strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json") {
			auto = append(auto, n)
		}
	}
	slices.Sort(auto)
	files := []string{}
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if _, err := os.Stat(filepath.Join(l.root, n)); err == nil {
			files = append(files, filepath.Join(l.root, n))
		}
	}
	for _, n := range auto {
		files = append(files, filepath.Join(l.root, n))
	}
	files = append(files, l.opt.VarFiles...)
	for _, f := range files {
		vs, err := l.varFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	for _, kv := range l.opt.Vars {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("-var %q: want name=value", kv)
		}
		out = append(out, givenVar{name: strings.TrimSpace(name), raw: val, cli: true})
	}
	if len(l.opt.Values) > 0 {
		keys := make([]string, 0, len(l.opt.Values))
		for k := range l.opt.Values {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, givenVar{name: k, value: jsonToCty(l.opt.Values[k])})
		}
	}
	return out, nil
}

type givenVar struct {
	name  string
	value cty.Value
	// raw is a -var value, parsed once the declared type is known.
	raw string
	cli bool
	// at is where the value is written (a tfvars line, a module argument).
	at *hcl.Range
}

func (l *loader) varFile(path string) ([]givenVar, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("-var-file %s: %w", path, err)
	}
	f, diags := l.parse(path)
	if diags.HasErrors() {
		return nil, hclError(diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, hclError(diags)
	}
	var out []givenVar
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, hclError(diags)
		}
		rng := a.Expr.Range()
		out = append(out, givenVar{name: name, value: v, at: &rng})
	}
	slices.SortFunc(out, func(a, b givenVar) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// jsonToCty converts a decoded JSON value.
func jsonToCty(v any) cty.Value {
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case bool:
		return cty.BoolVal(x)
	case float64:
		return cty.NumberFloatVal(x)
	case json.Number:
		if n, err := cty.ParseNumberVal(x.String()); err == nil {
			return n
		}
		return cty.DynamicVal
	case string:
		return cty.StringVal(x)
	case []any:
		if len(x) == 0 {
			return cty.EmptyTupleVal
		}
		vs := make([]cty.Value, len(x))
		for i, e := range x {
			vs[i] = jsonToCty(e)
		}
		return cty.TupleVal(vs)
	case map[string]any:
		if len(x) == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, len(x))
		for k, e := range x {
			m[k] = jsonToCty(e)
		}
		return cty.ObjectVal(m)
	}
	return cty.DynamicVal
}
