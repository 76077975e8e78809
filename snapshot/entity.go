package snapshot

import (
	"reflect"
	"strings"
	"sync"
)

// Entity is the identity and provenance of one snapshot entity, found by
// its resource type and id.
type Entity struct {
	// Type is the singular resource type ("security_group").
	Type string
	// Collection is the JSON name of its list ("security_groups").
	Collection string
	ID         string
	ARN        string
	Name       string
	Meta       Meta
}

// ResourceType returns the singular resource type of a collection:
// "security_groups" -> "security_group", "resource_policies" ->
// "resource_policy".
func ResourceType(collection string) string {
	switch {
	case strings.HasSuffix(collection, "policies"):
		return strings.TrimSuffix(collection, "ies") + "y"
	case strings.HasSuffix(collection, "s"):
		return strings.TrimSuffix(collection, "s")
	}
	return collection
}

// Collections lists the JSON names of the entity lists, in file order.
func Collections() []string {
	t := reflect.TypeFor[Snapshot]()
	var out []string
	for f := range t.Fields() {
		if isCollection(f) {
			out = append(out, jsonName(f))
		}
	}
	return out
}

// isCollection tells entity lists from the other fields of Snapshot.
func isCollection(f reflect.StructField) bool {
	name := jsonName(f)
	return f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct && name != "-" && name != "coverage"
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// entityIndex is built on first Lookup, after normalisation.
type entityIndex struct {
	once sync.Once
	m    map[string]Entity // type + "/" + id
}

// Lookup finds an entity by resource type (singular) and id. Call it only
// once the snapshot is normalised: the index is built on first use.
func (s *Snapshot) Lookup(typ, id string) (Entity, bool) {
	s.index.once.Do(func() { s.index.m = s.buildIndex() })
	e, ok := s.index.m[typ+"/"+id]
	return e, ok
}

func (s *Snapshot) idsByCollection() map[string][]string {
	out := map[string][]string{}
	s.eachEntity(func(coll string, _ int, e Entity) { out[coll] = append(out[coll], e.ID) })
	return out
}

func (s *Snapshot) buildIndex() map[string]Entity {
	m := map[string]Entity{}
	s.eachEntity(func(_ string, _ int, e Entity) { m[e.Type+"/"+e.ID] = e })
	return m
}

// eachEntity visits every entity of every collection through reflection,
// so a new collection is indexed without touching this code.
func (s *Snapshot) eachEntity(visit func(coll string, i int, e Entity)) {
	v := reflect.ValueOf(s).Elem()
	t := v.Type()
	for fi := range t.NumField() {
		f := t.Field(fi)
		if !isCollection(f) {
			continue
		}
		coll := jsonName(f)
		list := v.Field(fi)
		for i := range list.Len() {
			el := list.Index(i)
			e := Entity{Type: ResourceType(coll), Collection: coll, ID: stringField(el, "ID"), ARN: stringField(el, "ARN"), Name: stringField(el, "Name")}
			if m := el.FieldByName("Meta"); m.IsValid() {
				e.Meta = m.Interface().(Meta) //nolint:forcetypeassert // the field is declared as Meta
			} else if src := el.FieldByName("Source"); src.IsValid() && !src.IsNil() {
				e.Meta.Source = src.Interface().(*Source) //nolint:forcetypeassert // declared as *Source
			}
			if e.ARN == "" && e.Meta.Source != nil {
				e.ARN = e.Meta.Source.ARN
			}
			visit(coll, i, e)
		}
	}
}

func stringField(v reflect.Value, name string) string {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}
