package engine

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/vpclint/vpclint/iampolicy"
)

// toValue converts a Go value to an OPA value exactly as encoding/json
// would serialise it (json tags, omitempty, embedded structs, Marshaler),
// without the JSON round trip: on a large account the round trip was the
// biggest single cost of a check.
func toValue(v any) (ast.Value, error) { return reflectValue(reflect.ValueOf(v), nil) }

// interner shares one term per distinct scalar (string, number, boolean,
// null) within one conversion: OPA never mutates terms, and the input of
// a large account repeats the same protocols, ports, CIDRs, accounts and
// persona names hundreds of thousands of times, each a term and a boxed
// value of its own otherwise. Not safe for concurrent use; nil shares
// nothing.
type interner map[ast.Value]*ast.Term

func (in interner) term(x ast.Value) *ast.Term {
	if in == nil {
		return ast.NewTerm(x)
	}
	switch x.(type) {
	case ast.String, ast.Number, ast.Boolean, ast.Null:
	default:
		return ast.NewTerm(x)
	}
	if t, ok := in[x]; ok {
		return t
	}
	t := ast.NewTerm(x)
	in[x] = t
	return t
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	documentType      = reflect.TypeFor[iampolicy.Document]()
)

func reflectValue(v reflect.Value, in interner) (ast.Value, error) {
	if !v.IsValid() {
		return ast.Null{}, nil
	}
	if v.Type() == documentType {
		// Document's MarshalJSON is its plain fields with statements never
		// null; convert those directly, it is the most common nested type.
		d := v.Interface().(iampolicy.Document) //nolint:forcetypeassert // type checked above
		if d.Statements == nil {
			d.Statements = []iampolicy.Statement{}
		}
		dv := reflect.ValueOf(d)
		obj := ast.NewObjectWithCapacity(countFields(dv))
		return obj, structInto(obj, dv, in)
	}
	if v.Type().Implements(marshalerType) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		return viaJSON(v.Interface())
	}
	if v.Type().Implements(textMarshalerType) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		// encoding/json writes a TextMarshaler (netip.Addr in the flow
		// facts) as its text.
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText() //nolint:forcetypeassert // Implements checked above
		if err != nil {
			return nil, fmt.Errorf("convert %s: %w", v.Type(), err)
		}
		return ast.String(text), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		return reflectValue(v.Elem(), in)
	case reflect.String:
		return ast.String(v.String()), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		return ast.Number(strconv.FormatFloat(v.Float(), 'g', -1, 64)), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return ast.Null{}, nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := reflectValue(v.Index(i), in)
			if err != nil {
				return nil, err
			}
			terms[i] = in.term(x)
		}
		return ast.NewArray(terms...), nil
	case reflect.Map:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("convert %s: map keys must be strings", v.Type())
		}
		obj := ast.NewObjectWithCapacity(v.Len())
		for it := v.MapRange(); it.Next(); {
			x, err := reflectValue(it.Value(), in)
			if err != nil {
				return nil, err
			}
			obj.Insert(in.term(ast.String(it.Key().String())), in.term(x))
		}
		return obj, nil
	case reflect.Struct:
		// Sized up front: an object grown one insert at a time ends with
		// spare map and key capacity, most of the input's memory.
		obj := ast.NewObjectWithCapacity(countFields(v))
		if err := structInto(obj, v, in); err != nil {
			return nil, err
		}
		return obj, nil
	default:
		return nil, fmt.Errorf("convert %s: unsupported kind %s", v.Type(), v.Kind())
	}
}

// viaJSON handles types with their own JSON form (iampolicy.Document).
func viaJSON(x any) (ast.Value, error) {
	b, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	var out any
	if err := util.UnmarshalJSON(b, &out); err != nil {
		return nil, err
	}
	return ast.InterfaceToValue(out)
}

type fieldInfo struct {
	index int
	name  string
	// key is name as an OPA term, made once per type and shared by every
	// object of it: OPA never mutates terms (it interns its own), and on
	// a 200 MB snapshot the keys were hundreds of MB of copies.
	key       *ast.Term
	omitEmpty bool
	embedded  bool
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo) //nolint:forcetypeassert // only []fieldInfo is stored
	}
	var out []fieldInfo
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, fieldInfo{index: i, embedded: true})
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, fieldInfo{index: i, name: name, key: ast.StringTerm(name), omitEmpty: strings.Contains(opts, "omitempty")})
	}
	fieldCache.Store(t, out)
	return out
}

func structInto(obj ast.Object, v reflect.Value, in interner) error {
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		if f.embedded {
			if err := structInto(obj, fv, in); err != nil {
				return err
			}
			continue
		}
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		x, err := reflectValue(fv, in)
		if err != nil {
			return err
		}
		obj.Insert(f.key, in.term(x))
	}
	return nil
}

// countFields is how many members structInto gives v.
func countFields(v reflect.Value) int {
	n := 0
	for _, f := range fieldsOf(v.Type()) {
		switch fv := v.Field(f.index); {
		case f.embedded:
			n += countFields(fv)
		case !f.omitEmpty || !isEmpty(fv):
			n++
		}
	}
	return n
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	default:
		return false
	}
}
