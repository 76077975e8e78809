package engine

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vpclint/vpclint/compliance"
	"github.com/vpclint/vpclint/finding"
)

var (
	idPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// ruleDef is a catalog entry plus where its findings are queried.
type ruleDef struct {
	meta  finding.Rule
	query string // data.vpclint.rules.sg.admin_port_open.findings
}

// catalog reads every package-scope METADATA block that declares
// custom.id and validates it: the catalog is the single source of truth
// for rule documentation (DESIGN.md "Rules").
// files maps a package path to the module (file) name that declares it.
func catalog(c *ast.Compiler, files map[string]string) ([]ruleDef, error) {
	var defs []ruleDef
	var errs []string
	seenID, seenName := map[string]string{}, map[string]string{}
	for _, ref := range c.GetAnnotationSet().Flatten() {
		a := ref.Annotations
		if a == nil || a.Scope != "package" || a.Custom["id"] == nil {
			continue
		}
		file := files[ref.Path.String()]
		meta, err := ruleMeta(a, file)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		meta.Package = strings.TrimPrefix(ref.Path.String(), "data.")
		meta.Custom = !strings.HasPrefix(file, "embedded/")
		if prev, dup := seenID[meta.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: rule id %s already used by %s", file, meta.ID, prev))
			continue
		}
		if prev, dup := seenName[meta.Name]; dup {
			errs = append(errs, fmt.Sprintf("%s: rule name %s already used by %s", file, meta.Name, prev))
			continue
		}
		seenID[meta.ID], seenName[meta.Name] = file, file
		q := ref.Path.String() + ".findings"
		if !definesFindings(c, ref.Path) {
			errs = append(errs, fmt.Sprintf("%s: package %s declares rule %s but has no `findings contains f if { ... }` rule", file, meta.Package, meta.ID))
			continue
		}
		defs = append(defs, ruleDef{meta: meta, query: q})
	}
	errs = append(errs, undeclaredRules(c)...)
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("rule catalog:\n  %s", strings.Join(errs, "\n  "))
	}
	slices.SortFunc(defs, func(a, b ruleDef) int { return cmp.Compare(a.meta.ID, b.meta.ID) })
	return defs, nil
}

// undeclaredRules finds the files that look like rules but would never
// run: their package defines `findings` but no file of it has a
// package-scope METADATA block with custom.id, which is how the catalog
// finds rules. Files that define no `findings` (helpers, lib/) are fine.
func undeclaredRules(c *ast.Compiler) []string {
	pkgs := map[string]bool{}
	for _, ref := range c.GetAnnotationSet().Flatten() {
		if a := ref.Annotations; a != nil && a.Scope == "package" && a.Custom["id"] != nil {
			pkgs[ref.Path.String()] = true
		}
	}
	var errs []string
	for file, m := range c.Modules {
		pkg := m.Package.Path.String()
		if pkgs[pkg] || !slices.ContainsFunc(m.Rules, isFindings) {
			continue
		}
		why := "has no package-scope METADATA block (a `# METADATA` comment directly above the `package` line)"
		if slices.ContainsFunc(m.Annotations, func(a *ast.Annotations) bool { return a.Scope == "package" }) {
			why = "has a package-scope METADATA block without custom.id"
		}
		errs = append(errs, fmt.Sprintf("%s: package %s defines findings but %s, so it would never run (docs/writing-rules.md)", file, strings.TrimPrefix(pkg, "data."), why))
	}
	return errs
}

func isFindings(r *ast.Rule) bool {
	ref := r.Head.Ref()
	return len(ref) > 0 && ref[0].Equal(ast.VarTerm("findings"))
}

func definesFindings(c *ast.Compiler, pkg ast.Ref) bool {
	return len(c.GetRulesExact(pkg.Append(ast.StringTerm("findings")))) > 0
}

// ruleMeta validates one METADATA block. Every field is required so that
// `vpclint rules show`, SARIF help and the HTML report are never empty.
func ruleMeta(a *ast.Annotations, file string) (finding.Rule, error) {
	str := func(k string) string { s, _ := a.Custom[k].(string); return strings.TrimSpace(s) }
	r := finding.Rule{
		ID: str("id"), Name: str("name"), Title: strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description), Remediation: str("remediation"), File: file,
	}
	var problems []string
	if !idPattern.MatchString(r.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q must be an area prefix and three digits (SG001)", r.ID))
	}
	if !namePattern.MatchString(r.Name) {
		problems = append(problems, fmt.Sprintf("custom.name %q must be kebab-case", r.Name))
	}
	for k, v := range map[string]string{"title": r.Title, "description": r.Description, "custom.remediation": r.Remediation} {
		if v == "" {
			problems = append(problems, k+" is missing")
		}
	}
	sev, err := finding.ParseSeverity(str("severity"))
	if err != nil {
		problems = append(problems, "custom.severity: "+err.Error())
	}
	cat, err := finding.ParseCategory(str("category"))
	if err != nil {
		problems = append(problems, "custom.category: "+err.Error())
	}
	r.Severity, r.Category = sev, cat
	r.Tags = stringList(a.Custom["tags"])
	fw, err := frameworks(a.Custom["frameworks"])
	if err != nil {
		problems = append(problems, "custom.frameworks: "+err.Error())
	}
	r.Frameworks = fw
	for _, rr := range a.RelatedResources {
		r.References = append(r.References, rr.Ref.String())
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return r, fmt.Errorf("%s: rule %q METADATA: %s", file, r.ID, strings.Join(problems, "; "))
	}
	return r, nil
}

var frameworkPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// frameworks reads custom.frameworks, a map of framework name to control
// ids, with each list sorted and without duplicates so that every output
// lists controls in one order. Absent is fine; anything else malformed is
// an error, since a mapping that silently reads as empty would report its
// controls as not checked.
func frameworks(v any) (map[string][]string, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a map of framework name to control ids, got %T", v)
	}
	out := make(map[string][]string, len(m))
	for name, ids := range m {
		if !frameworkPattern.MatchString(name) {
			return nil, fmt.Errorf("framework name %q must be lowercase letters, digits, dots and dashes (cis-aws-v3.0)", name)
		}
		list, ok := ids.([]any)
		if !ok || len(list) == 0 {
			return nil, fmt.Errorf("%s: want a non-empty list of control ids such as [\"5.2\"]", name)
		}
		var controls []string
		for _, id := range list {
			s, ok := id.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("%s: control id %v must be a non-empty string (quote numbers: \"5.2\")", name, id)
			}
			controls = append(controls, strings.TrimSpace(s))
		}
		slices.SortFunc(controls, compliance.CompareControls)
		out[name] = slices.Compact(controls)
	}
	return out, nil
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}
