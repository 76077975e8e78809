package terraform

import (
	"encoding/json"
	"slices"
)

// policyDocument builds the JSON of data "aws_iam_policy_document" as the
// AWS provider does: source documents first, then this document's
// statements (replacing same-Sid ones), then override documents. It
// reports false when any part is unknown.
func policyDocument(o *obj) (string, bool) {
	type stmt = map[string]any
	var out []stmt
	bySid := func(sid string) int {
		if sid == "" {
			return -1
		}
		return slices.IndexFunc(out, func(s stmt) bool { return s["Sid"] == sid })
	}
	put := func(s stmt) {
		sid, _ := s["Sid"].(string)
		if i := bySid(sid); i >= 0 {
			out[i] = s
			return
		}
		out = append(out, s)
	}
	version := "2012-10-17"
	id := ""
	merge := func(attr string) bool {
		docs, unk, st := asStrings(o.attrs[attr])
		if st == unknown || unk > 0 {
			return false
		}
		for _, d := range docs {
			var parsed struct {
				Statement json.RawMessage `json:"Statement"`
			}
			if json.Unmarshal([]byte(d), &parsed) != nil {
				return false
			}
			var list []stmt
			if json.Unmarshal(parsed.Statement, &list) != nil {
				var one stmt
				if json.Unmarshal(parsed.Statement, &one) != nil {
					return false
				}
				list = []stmt{one}
			}
			for _, s := range list {
				put(s)
			}
		}
		return true
	}
	if !merge("source_policy_documents") && !merge("source_json") {
		return "", false
	}
	if v, st := asString(o.attrs["version"]); st == known {
		version = v
	} else if st == unknown {
		return "", false
	}
	if v, st := asString(o.attrs["policy_id"]); st == known {
		id = v
	} else if st == unknown {
		return "", false
	}
	for _, sb := range o.blocks["statement"] {
		s, ok := statement(sb)
		if !ok {
			return "", false
		}
		put(s)
	}
	if !merge("override_policy_documents") || !merge("override_json") {
		return "", false
	}
	doc := map[string]any{"Version": version, "Statement": out}
	if out == nil {
		doc["Statement"] = []stmt{}
	}
	if id != "" {
		doc["Id"] = id
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// one writes a single value as a string and several as a list, as the
// provider does.
func one(vs []string) any {
	if len(vs) == 1 {
		return vs[0]
	}
	return vs
}

func statement(o *obj) (map[string]any, bool) {
	s := map[string]any{}
	str := func(name, key, def string) bool {
		v, st := asString(o.attrs[name])
		switch {
		case st == unknown:
			return false
		case st == known && v != "":
			s[key] = v
		case def != "":
			s[key] = def
		}
		return true
	}
	list := func(name, key string) bool {
		vs, unk, st := asStrings(o.attrs[name])
		if st == unknown || unk > 0 {
			return false
		}
		if st == known && len(vs) > 0 {
			s[key] = one(vs)
		}
		return true
	}
	if !str("sid", "Sid", "") || !str("effect", "Effect", "Allow") ||
		!list("actions", "Action") || !list("not_actions", "NotAction") ||
		!list("resources", "Resource") || !list("not_resources", "NotResource") {
		return nil, false
	}
	for _, kind := range []struct{ block, key string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		bs := o.blocks[kind.block]
		if len(bs) == 0 {
			continue
		}
		p := map[string][]string{}
		star := false
		for _, pb := range bs {
			typ, st := asString(pb.attrs["type"])
			ids, unk, st2 := asStrings(pb.attrs["identifiers"])
			if st != known || st2 == unknown || unk > 0 {
				return nil, false
			}
			if typ == "*" {
				star = true
				continue
			}
			p[typ] = append(p[typ], ids...)
		}
		if star && len(p) == 0 {
			s[kind.key] = "*"
			continue
		}
		out := map[string]any{}
		for k, v := range p {
			out[k] = one(v)
		}
		s[kind.key] = out
	}
	if cs := o.blocks["condition"]; len(cs) > 0 {
		cond := map[string]map[string]any{}
		for _, cb := range cs {
			test, st1 := asString(cb.attrs["test"])
			variable, st2 := asString(cb.attrs["variable"])
			vals, unk, st3 := asStrings(cb.attrs["values"])
			if st1 != known || st2 != known || st3 == unknown || unk > 0 {
				return nil, false
			}
			if cond[test] == nil {
				cond[test] = map[string]any{}
			}
			cond[test][variable] = one(vals)
		}
		s["Condition"] = cond
	}
	return s, true
}
