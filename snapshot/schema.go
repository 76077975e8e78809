package snapshot

import (
	"bytes"
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
	leaf := deepest(verr)
	return &Error{Path: jsonPath(leaf.InstanceLocation), Msg: leaf.ErrorKind.LocalizedString(message.NewPrinter(language.English))}
}

// deepest follows the first cause chain to the most specific violation.
func deepest(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(e.Causes) > 0 {
		e = e.Causes[0]
	}
	return e
}

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
