package terraform

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// maxFileBytes bounds what file() and templatefile() read.
const maxFileBytes = 4 << 20

// functions returns the Terraform functions vpclint evaluates. A function
// not listed here makes the expression unknown, never wrong.
func functions(baseDir string) map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		"chomp": stdlib.ChompFunc, "format": bounded(stdlib.FormatFunc, formatWidth), "formatlist": bounded(stdlib.FormatListFunc, formatWidth),
		"indent": bounded(stdlib.IndentFunc, indentWidth), "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc,
		"upper": stdlib.UpperFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
		"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "keys": stdlib.KeysFunc,
		"length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": bounded(stdlib.SetProductFunc, productSize),
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		"regex_replace": stdlib.RegexReplaceFunc,
		"tolist":        stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset":         stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":         stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tostring":      stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tobool": stdlib.MakeToFunc(cty.Bool),
		"try":    tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"replace":      replaceFunc,
		"cidrsubnet":   cidrSubnetFunc,
		"cidrhost":     cidrHostFunc,
		"cidrnetmask":  cidrNetmaskFunc,
		"cidrsubnets":  cidrSubnetsFunc,
		"one":          oneFunc,
		"alltrue":      boolReduce(true),
		"anytrue":      boolReduce(false),
		"startswith":   strPred(strings.HasPrefix),
		"endswith":     strPred(strings.HasSuffix),
		"strcontains":  strPred(strings.Contains),
		"sensitive":    identityFunc,
		"nonsensitive": identityFunc,
		"timestamp":    unknownFunc(cty.String),
		"uuid":         unknownFunc(cty.String),
	}
	fs["file"] = fileFunc(baseDir)
	fs["templatefile"] = templateFileFunc(baseDir, fs)
	return fs
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

// unknownFunc is for functions whose result Terraform knows only at apply
// time (timestamp, uuid).
func unknownFunc(t cty.Type) function.Function {
	return function.New(&function.Spec{
		Type: function.StaticReturnType(t),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(t), nil },
	})
}

var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && strings.HasPrefix(sub, "/") && strings.HasSuffix(sub, "/") {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		t := args[0].Type()
		switch {
		case t.IsListType() || t.IsSetType():
			return t.ElementType(), nil
		case t.IsTupleType() && len(t.TupleElementTypes()) == 1:
			return t.TupleElementTypes()[0], nil
		case t.IsTupleType() && len(t.TupleElementTypes()) == 0:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, errors.New("one() wants a list, set or tuple of at most one element")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		els, _ := asList(args[0])
		switch len(els) {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			return els[0], nil
		}
		return cty.NilVal, errors.New("one() got more than one element")
	},
})

func boolReduce(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if !v.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if !v.IsNull() && v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

func strPred(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// fileError is a file function's call that must not pass unnoticed: a
// path outside the checked directory (the value is unknown, never the
// content: the report of a run on an untrusted pull request must not
// carry /etc/passwd or a CI secret), or a template too deep to parse.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

func escapeError(fn, path, root string) *fileError {
	return &fileError{fmt.Sprintf("%s(%q): the path is outside the checked directory %s, so it was not read", fn, path, root)}
}

// confine resolves name against the checked directory root and reports
// a *fileError unless the file, symbolic links followed, lies inside.
func confine(fn, root, name string) (string, error) {
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	rootReal, err := filepath.EvalSymlinks(rootAbs)
	if err != nil {
		return "", err
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(rootAbs, p)
	}
	p = filepath.Clean(p)
	escape := escapeError(fn, name, root)
	// Lexically first ("..", an absolute path elsewhere), then with every
	// symbolic link resolved (a link inside pointing outside).
	if !inside(rootAbs, p) && !inside(rootReal, p) {
		return "", escape
	}
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("%s is not a regular file", name)
	}
	if !inside(rootReal, resolved) {
		return "", escape
	}
	return resolved, nil
}

// inside reports whether the absolute path p is root or below it.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func readFile(fn, baseDir, name string) (string, error) {
	p, err := confine(fn, baseDir, name)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, maxFileBytes+1)
	n, _ := io.ReadFull(f, buf)
	if n > maxFileBytes {
		return "", fmt.Errorf("%s is larger than %d bytes", name, maxFileBytes)
	}
	return string(buf[:n]), nil
}

// fileFunc reads a file relative to the directory vpclint was pointed at,
// as Terraform reads it relative to its working directory, and only
// inside that directory.
func fileFunc(baseDir string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := readFile("file", baseDir, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
}

func templateFileFunc(baseDir string, fs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := readFile("templatefile", baseDir, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			if diags := nestingError([]byte(src), args[0].AsString(), false); diags.HasErrors() {
				return cty.UnknownVal(cty.String), &fileError{fmt.Sprintf("templatefile(%q): %s", args[0].AsString(), hclError(diags))}
			}
			expr, diags := hclsyntax.ParseTemplate([]byte(src), args[0].AsString(), hcl.InitialPos)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), diags
			}
			vars := map[string]cty.Value{}
			if v := args[1]; v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
				for it := v.ElementIterator(); it.Next(); {
					k, e := it.Element()
					vars[k.AsString()] = e
				}
			}
			inner := map[string]function.Function{}
			for k, f := range fs {
				if k != "templatefile" {
					inner[k] = f
				}
			}
			out, diags := expr.Value(&hcl.EvalContext{Variables: vars, Functions: inner})
			if diags.HasErrors() {
				// A file() inside the template that escaped is reported
				// as such, not as a failed template.
				if esc := fileErrorIn(diags); esc != nil {
					return cty.UnknownVal(cty.String), esc
				}
				return cty.UnknownVal(cty.String), diags
			}
			return out, nil
		},
	})
}

// fileErrorIn returns the *fileError behind a failed function call
// among diags, if any.
func fileErrorIn(diags hcl.Diagnostics) *fileError {
	for _, d := range diags {
		if x, ok := d.Extra.(hclsyntax.FunctionCallDiagExtra); ok {
			if esc, ok := errors.AsType[*fileError](x.FunctionCallError()); ok {
				return esc
			}
		}
	}
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR %q", s)
	}
	return p.Masked(), nil
}

func addrToInt(a netip.Addr) *big.Int { return new(big.Int).SetBytes(a.AsSlice()) }

func intToAddr(n *big.Int, v4 bool) (netip.Addr, error) {
	size := 16
	if v4 {
		size = 4
	}
	b := n.Bytes()
	if len(b) > size {
		return netip.Addr{}, errors.New("address out of range")
	}
	buf := make([]byte, size)
	copy(buf[size-len(b):], b)
	a, _ := netip.AddrFromSlice(buf)
	return a, nil
}

func subnet(p netip.Prefix, newbits, num int64) (netip.Prefix, error) {
	total := int64(p.Addr().BitLen())
	newLen := int64(p.Bits()) + newbits
	if newbits < 0 || newLen > total {
		return netip.Prefix{}, fmt.Errorf("cannot extend /%d by %d bits", p.Bits(), newbits)
	}
	if num < 0 || (newbits < 63 && num >= int64(1)<<newbits) {
		return netip.Prefix{}, fmt.Errorf("prefix extension of %d bits cannot hold netnum %d", newbits, num)
	}
	n := addrToInt(p.Addr())
	n.Or(n, new(big.Int).Lsh(big.NewInt(num), uint(total-newLen))) //nolint:gosec // 0 <= total-newLen <= 128, checked above
	a, err := intToAddr(n, p.Addr().Is4())
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, int(newLen)), nil
}

func intArg(v cty.Value) int64 {
	n, _ := v.AsBigFloat().Int64()
	return n
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		s, err := subnet(p, intArg(args[1]), intArg(args[2]))
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(s.String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.List(cty.String)), err
		}
		total := p.Addr().BitLen()
		next := addrToInt(p.Addr())
		var out []cty.Value
		for _, a := range args[1:] {
			nb := int(intArg(a))
			l := p.Bits() + nb
			if nb < 1 || l > total {
				return cty.UnknownVal(cty.List(cty.String)), fmt.Errorf("invalid newbits %d", nb)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(total-l))
			// align next to the block size
			rem := new(big.Int).Mod(next, size)
			if rem.Sign() != 0 {
				next.Add(next, new(big.Int).Sub(size, rem))
			}
			addr, err := intToAddr(next, p.Addr().Is4())
			if err != nil || !p.Contains(addr) {
				return cty.UnknownVal(cty.List(cty.String)), errors.New("not enough address space")
			}
			out = append(out, cty.StringVal(netip.PrefixFrom(addr, l).String()))
			next = new(big.Int).Add(next, size)
		}
		if len(out) == 0 {
			return cty.ListValEmpty(cty.String), nil
		}
		return cty.ListVal(out), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		n := addrToInt(p.Addr())
		n.Add(n, big.NewInt(intArg(args[1])))
		a, err := intToAddr(n, p.Addr().Is4())
		if err != nil || !p.Contains(a) {
			return cty.UnknownVal(cty.String), fmt.Errorf("host number out of range for %s", p)
		}
		return cty.StringVal(a.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil || !p.Addr().Is4() {
			return cty.UnknownVal(cty.String), errors.New("cidrnetmask wants an IPv4 prefix")
		}
		m := uint32(0xffffffff) << (32 - p.Bits())
		if p.Bits() == 0 {
			m = 0
		}
		return cty.StringVal(fmt.Sprintf("%d.%d.%d.%d", m>>24, m>>16&255, m>>8&255, m&255)), nil
	},
})

// bounded wraps a function with a check on its arguments, so that a
// configuration cannot make vpclint allocate without limit.
func bounded(f function.Function, check func([]cty.Value) error) function.Function {
	spec := &function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := check(args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	}
	return function.New(spec)
}

// maxProduct bounds setproduct results.
const maxProduct = 100000

func productSize(args []cty.Value) error {
	n := 1
	for _, a := range args {
		if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
			continue
		}
		n *= max(a.LengthInt(), 1)
		if n > maxProduct {
			return fmt.Errorf("setproduct would have more than %d elements", maxProduct)
		}
	}
	return nil
}

var wideVerb = regexp.MustCompile(`%[-+# 0]*[0-9]{5,}|\.[0-9]{5,}`)

func formatWidth(args []cty.Value) error {
	if len(args) > 0 && args[0].IsKnown() && !args[0].IsNull() && args[0].Type() == cty.String && wideVerb.MatchString(args[0].AsString()) {
		return errors.New("format width or precision too large")
	}
	return nil
}

func indentWidth(args []cty.Value) error {
	if n, st := asInt(args[0]); st == known && n > 1000 {
		return errors.New("indent wider than 1000 spaces")
	}
	return nil
}
