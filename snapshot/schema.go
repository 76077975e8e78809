package snapshot

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/vpclint/vpclint/iampolicy"
)

// SchemaJSON is the published JSON Schema of snapshot files
// (snapshot/schema/snapshot.v1.json), generated from the Go types by
// GenerateSchema and kept in sync by a test.
//
//go:embed schema/snapshot.v1.json
var SchemaJSON []byte

// requiredFields are the JSON fields a hand-written snapshot must set;
// everything else has a meaningful zero value or default.
var requiredFields = map[string]bool{"id": true, "schema": true, "protocol": true, "rule_number": true, "action": true, "target_type": true}

// GenerateSchema derives the JSON Schema from the Go types, so the schema
// and the decoder cannot drift apart.
func GenerateSchema() ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeFor[Snapshot]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/vpclint/vpclint/snapshot/schema/snapshot.v1.json"
	root["title"] = "vpclint snapshot v1"
	root["$defs"] = g.defs
	root["properties"].(map[string]any)["schema"] = map[string]any{"const": SchemaV1} //nolint:forcetypeassert // built just above
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode schema: %w", err)
	}
	return buf.Bytes(), nil
}

type schemaGen struct{ defs map[string]any }

var documentType = reflect.TypeFor[iampolicy.Document]()

func (g *schemaGen) of(t reflect.Type) any {
	if t == documentType {
		return map[string]any{"type": []string{"string", "object"}, "description": "an IAM policy: the JSON document itself, its text as a string (URL-encoded accepted), or vpclint's saved form with a \"text\" key"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		if _, ok := g.defs[t.Name()]; !ok {
			g.defs[t.Name()] = true // placeholder against recursion
			g.defs[t.Name()] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + t.Name()}
	default:
		panic("snapshot schema: unsupported kind " + t.Kind().String()) // a programming error caught by the schema test
	}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	slices.Sort(required)
	obj := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for f := range t.Fields() {
		if f.Anonymous {
			g.fields(f.Type, props, required)
			continue
		}
		name := jsonName(f)
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		props[name] = g.of(f.Type)
		if requiredFields[name] {
			*required = append(*required, name)
		}
	}
}

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, fmt.Errorf("read embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("snapshot.v1.json", doc); err != nil {
		return nil, fmt.Errorf("add embedded schema: %w", err)
	}
	return c.Compile("snapshot.v1.json")
})

// ValidateSchema checks raw snapshot JSON against the published schema and
// returns the first violation as an unlocated *Error with its JSON path.
func ValidateSchema(data []byte) error { return validateSchema(data) }

func validateSchema(data []byte) error {
	sch, err := compiledSchema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return &Error{Msg: "invalid JSON: " + err.Error()}
	}
	err = sch.Validate(inst)
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	leaf := firstLeaf(data, verr)
	return &Error{Path: jsonPath(leaf.InstanceLocation), Msg: leaf.ErrorKind.LocalizedString(message.NewPrinter(language.English))}
}

// firstLeaf returns the most specific violation that comes first in the
// file. The validator checks an object's properties in map order, so the
// order of its causes changes from run to run; file order does not.
func firstLeaf(data []byte, e *jsonschema.ValidationError) *jsonschema.ValidationError {
	var leaves []*jsonschema.ValidationError
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(e)
	type located struct {
		off       int
		path, msg string
		e         *jsonschema.ValidationError
	}
	p := message.NewPrinter(language.English)
	all := make([]located, 0, len(leaves))
	for _, l := range leaves {
		all = append(all, located{path: jsonPath(l.InstanceLocation), msg: l.ErrorKind.LocalizedString(p), e: l})
	}
	byPath := func(a, b located) int { return cmp.Or(strings.Compare(a.path, b.path), strings.Compare(a.msg, b.msg)) }
	// Locating walks the file once per violation: only a bounded,
	// deterministic selection of many is located.
	slices.SortFunc(all, byPath)
	all = all[:min(len(all), maxLocatedViolations)]
	for i := range all {
		off, ok := offsetOf(data, all[i].e.InstanceLocation)
		all[i].off = off
		if !ok {
			all[i].off = len(data)
		}
	}
	return slices.MinFunc(all, func(a, b located) int { return cmp.Or(cmp.Compare(a.off, b.off), byPath(a, b)) }).e
}

// maxLocatedViolations bounds the violations firstLeaf places in the file.
const maxLocatedViolations = 64

func jsonPath(loc []string) string {
	var b strings.Builder
	for _, s := range loc {
		if _, err := strconv.Atoi(s); err == nil {
			fmt.Fprintf(&b, "[%s]", s)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}
