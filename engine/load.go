package engine

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"

	"github.com/vpclint/vpclint/rules"
)

// Modules parses the embedded rules and every directory in dirs. Test
// files (_test.rego) are included only when tests is true. Module names
// are "embedded/<path>" or the file's path on disk.
func Modules(tests bool, dirs ...string) (map[string]*ast.Module, error) {
	mods, err := loadFS(rules.FS, "embedded", tests)
	if err != nil {
		return nil, fmt.Errorf("load embedded rules: %w", err)
	}
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("load rules %s: %w", dir, err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("load rules %s: not a directory", dir)
		}
		extra, err := loadDir(dir, tests)
		if err != nil {
			return nil, fmt.Errorf("load rules %s: %w", dir, err)
		}
		if len(extra) == 0 {
			return nil, fmt.Errorf("load rules %s: no .rego files found", dir)
		}
		maps.Copy(mods, extra)
	}
	return mods, nil
}

// regoFilter keeps .rego files, and _test.rego files only when tests.
func regoFilter(tests bool) loader.Filter {
	return func(_ string, fi fs.FileInfo, _ int) bool {
		if fi.IsDir() {
			return false
		}
		name := fi.Name()
		return !strings.HasSuffix(name, ".rego") || (!tests && strings.HasSuffix(name, "_test.rego"))
	}
}

// loadFS loads the embedded rules; their module names become
// "embedded/<path>" so messages say where a rule comes from.
func loadFS(fsys fs.FS, prefix string, tests bool) (map[string]*ast.Module, error) {
	res, err := loader.NewFileLoader().WithFS(fsys).WithProcessAnnotation(true).WithRegoVersion(ast.RegoV1).
		Filtered([]string{"."}, regoFilter(tests))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ast.Module, len(res.Modules))
	for _, m := range res.Modules {
		out[path.Join(prefix, strings.TrimPrefix(m.Name, "/"))] = m.Parsed
	}
	return out, nil
}

// loadDir loads a --rules directory from disk; module names are the OS
// paths, so compile errors name the user's file.
func loadDir(dir string, tests bool) (map[string]*ast.Module, error) {
	res, err := loader.NewFileLoader().WithProcessAnnotation(true).WithRegoVersion(ast.RegoV1).
		Filtered([]string{dir}, regoFilter(tests))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ast.Module, len(res.Modules))
	for _, m := range res.Modules {
		out[m.Name] = m.Parsed
	}
	return out, nil
}

// Compile compiles modules with vpclint's restricted capabilities.
func Compile(mods map[string]*ast.Module) (*ast.Compiler, error) {
	c := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithStrict(true).
		WithEnablePrintStatements(false)
	if c.Compile(mods); c.Failed() {
		return nil, fmt.Errorf("compile rules: %w", c.Errors)
	}
	return c, nil
}
