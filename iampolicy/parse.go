package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds JSON nesting; real policies need at most 5 levels, so
// anything deeper is hostile or broken input.
const maxDepth = 64

// Document is a parsed, normalised policy that keeps the author's original text.
type Document struct {
	Text       string      `json:"text"`
	Version    string      `json:"version,omitempty"`
	ID         string      `json:"id,omitempty"`
	Statements []Statement `json:"statements"`
	Problems   []Problem   `json:"problems,omitempty"`
}

// Problem is a syntax or shape problem found while parsing. Path is
// JSON-path-like ("Statement[1].Effect"; "" for the whole document); a
// single statement object is addressed as "Statement[0]". Line and Column
// are 1-based (Column counts bytes) and refer to Document.Text.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// Statement is one normalised policy statement.
type Statement struct {
	Index        int         `json:"index"`
	Sid          string      `json:"sid,omitempty"`
	Effect       string      `json:"effect"`
	Principal    Principals  `json:"principal,omitempty"`
	NotPrincipal Principals  `json:"not_principal,omitempty"`
	Action       []string    `json:"action,omitempty"`
	NotAction    []string    `json:"not_action,omitempty"`
	Resource     []string    `json:"resource,omitempty"`
	NotResource  []string    `json:"not_resource,omitempty"`
	Conditions   []Condition `json:"conditions,omitempty"`
}

// Principals maps a principal type ("AWS", "Service", "Federated",
// "CanonicalUser") to its sorted, deduplicated values. "Principal": "*" is
// stored as {"AWS": ["*"]} (aws-semantics §7.4). An invalid principal
// element is stored as an empty, non-nil map so it matches nobody rather
// than being mistaken for an absent one.
type Principals map[string][]string

// Condition is one (operator, key) pair of a Condition block.
type Condition struct {
	Operator  string   `json:"operator"`
	Base      string   `json:"base"`
	Qualifier string   `json:"qualifier,omitempty"`
	IfExists  bool     `json:"if_exists,omitempty"`
	Negated   bool     `json:"negated,omitempty"`
	Key       string   `json:"key"`
	Values    []string `json:"values"`
}

var (
	topKeys       = []string{"Version", "Id", "Statement"}
	statementKeys = []string{
		"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
		"Resource", "NotResource", "Condition",
	}
	principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}
)

// Parse parses policy text. It never panics and never fails: problems are
// recorded in Document.Problems and whatever could be understood is kept.
func Parse(text string) Document {
	return parse(text, true)
}

// parse lets UnmarshalJSON skip URL-decoding for our own saved form, whose
// Text is already decoded; decoding it again would change "%2522" policies.
func parse(text string, decode bool) Document {
	p := &parser{doc: Document{Text: text, Statements: []Statement{}}}
	if decode && looksURLEncoded(text) {
		if dec, err := url.PathUnescape(strings.TrimSpace(text)); err == nil {
			p.doc.Text = dec
		}
	}
	// JSON output replaces invalid UTF-8 (given, or made by decoding %80)
	// with U+FFFD; doing it here keeps a saved document equal to itself
	// on reload.
	p.doc.Text = strings.ToValidUTF8(p.doc.Text, "\uFFFD")
	// Checked on the text that is kept, so that the saved form, reloaded
	// without decoding, reports the same problem.
	if looksURLEncoded(p.doc.Text) {
		if _, err := url.PathUnescape(strings.TrimSpace(p.doc.Text)); err != nil {
			p.add("", -1, "text looks url-encoded but cannot be decoded: "+err.Error())
		}
	}
	p.src = []byte(p.doc.Text)
	p.run()
	return p.doc
}

func looksURLEncoded(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "{") {
		return false
	}
	return strings.HasPrefix(strings.ToUpper(t), "%7B") || strings.Contains(t, "%22")
}

type parser struct {
	doc      Document
	src      []byte
	newlines []int // offsets of '\n' in src, built on first problem
}

// add records a problem; off is a byte offset into src, or -1 when unknown.
func (p *parser) add(path string, off int, msg string) {
	pr := Problem{Path: path, Message: msg}
	if off >= 0 {
		pr.Line, pr.Column = p.lineCol(off)
	}
	p.doc.Problems = append(p.doc.Problems, pr)
}

// lineCol uses a lazily built newline index so documents with many
// problems stay linear rather than rescanning the text per problem.
func (p *parser) lineCol(off int) (int, int) {
	if off > len(p.src) {
		off = len(p.src)
	}
	if p.newlines == nil {
		p.newlines = []int{}
		for i, c := range p.src {
			if c == '\n' {
				p.newlines = append(p.newlines, i)
			}
		}
	}
	n := sort.SearchInts(p.newlines, off) // newlines strictly before off
	lineStart := 0
	if n > 0 {
		lineStart = p.newlines[n-1] + 1
	}
	return n + 1, off - lineStart + 1
}

func (p *parser) run() {
	if len(bytes.TrimSpace(p.src)) == 0 {
		p.add("", -1, "empty policy: expected a json object")
		return
	}
	if off, ok := tooDeep(p.src); ok {
		p.add("", off, fmt.Sprintf("json nested deeper than %d levels", maxDepth))
		return
	}
	var raw json.RawMessage
	if err := json.Unmarshal(p.src, &raw); err != nil {
		p.syntaxError(err)
		return
	}
	start := len(p.src) - len(bytes.TrimLeft(p.src, " \t\r\n"))
	p.document(raw, start)
}

func (p *parser) syntaxError(err error) {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		off := max(int(se.Offset)-1, 0)
		p.add("", off, "invalid json: "+se.Error())
		return
	}
	p.add("", -1, "invalid json: "+err.Error())
}

// tooDeep scans without recursion so hostile input cannot exhaust the stack.
func tooDeep(src []byte) (int, bool) {
	depth, inStr, esc := 0, false, false
	for i, c := range src {
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
			if depth > maxDepth {
				return i, true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return 0, false
}

// member is one key/value of a JSON object, in document order; off is the
// absolute byte offset of the value in the source.
type member struct {
	key string
	val json.RawMessage
	off int
}

func kind(v json.RawMessage) byte {
	if len(v) == 0 {
		return 0
	}
	return v[0]
}

// members walks an object in document order (maps would lose order and
// duplicates). raw must be valid JSON.
func members(raw json.RawMessage, base int) ([]member, bool) {
	if kind(raw) != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, true
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return out, true
		}
		out = append(out, member{key: key, val: v, off: base + int(dec.InputOffset()) - len(v)})
	}
	return out, true
}

// elements splits an array into its values with absolute offsets.
func elements(raw json.RawMessage, base int) []member {
	if kind(raw) != '[' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var out []member
	for dec.More() {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return out
		}
		out = append(out, member{val: v, off: base + int(dec.InputOffset()) - len(v)})
	}
	return out
}

// checkKeys reports unknown, whitespace-padded and duplicate keys and
// returns the members keyed by their canonical name. A padded key whose
// trimmed form is known is still used, because the intent is obvious.
func (p *parser) checkKeys(path string, ms []member, known []string) map[string]member {
	out := map[string]member{}
	for _, m := range ms {
		name := m.key
		if !contains(known, name) {
			trimmed := strings.TrimSpace(name)
			if trimmed != name && contains(known, trimmed) {
				p.add(join(path, name), m.off, fmt.Sprintf("key %q has surrounding whitespace: expected %q", name, trimmed))
				name = trimmed
			} else {
				p.add(join(path, name), m.off, fmt.Sprintf("unknown key %q: expected one of %s", name, strings.Join(known, ", ")))
				continue
			}
		}
		if _, dup := out[name]; dup {
			p.add(join(path, name), m.off, fmt.Sprintf("duplicate key %q: the last one is used", name))
		}
		out[name] = m
	}
	return out
}

func contains(list []string, s string) bool {
	return slices.Contains(list, s)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (p *parser) document(raw json.RawMessage, off int) {
	ms, ok := members(raw, off)
	if !ok {
		p.add("", off, "policy must be a json object")
		return
	}
	keys := p.checkKeys("", ms, topKeys)
	if m, ok := keys["Version"]; ok {
		p.doc.Version = p.str("Version", m)
		if p.doc.Version != "" && p.doc.Version != "2012-10-17" && p.doc.Version != "2008-10-17" {
			p.add("Version", m.off, fmt.Sprintf("unsupported version %q: expected \"2012-10-17\" or \"2008-10-17\"", p.doc.Version))
		}
	}
	if m, ok := keys["Id"]; ok {
		p.doc.ID = p.str("Id", m)
	}
	m, ok := keys["Statement"]
	if !ok {
		p.add("", off, "missing Statement: expected a statement object or a list of them")
		return
	}
	p.statements(m)
}

func (p *parser) statements(m member) {
	switch kind(m.val) {
	case '{':
		p.statement(0, m)
	case '[':
		els := elements(m.val, m.off)
		for i, el := range els {
			p.statement(i, el)
		}
	default:
		p.add("Statement", m.off, "statement must be an object or a list of objects")
	}
}

// str decodes a string value, recording a problem for any other kind.
func (p *parser) str(path string, m member) string {
	var s string
	if kind(m.val) != '"' || json.Unmarshal(m.val, &s) != nil {
		p.add(path, m.off, "expected a string")
		return ""
	}
	return s
}

func (p *parser) statement(i int, m member) {
	path := fmt.Sprintf("Statement[%d]", i)
	ms, ok := members(m.val, m.off)
	if !ok {
		p.add(path, m.off, "statement must be a json object")
		return
	}
	keys := p.checkKeys(path, ms, statementKeys)
	st := Statement{Index: i}
	if v, ok := keys["Sid"]; ok {
		st.Sid = p.str(path+".Sid", v)
	}
	p.effect(path, m.off, keys, &st)
	st.Principal = p.principalElem(path, "Principal", keys)
	st.NotPrincipal = p.principalElem(path, "NotPrincipal", keys)
	if st.Principal != nil && st.NotPrincipal != nil {
		p.add(path, m.off, "statement has both Principal and NotPrincipal: expected one")
	}
	st.Action = p.list(path, "Action", keys)
	st.NotAction = p.list(path, "NotAction", keys)
	p.exclusive(path, m.off, keys, "Action", "NotAction", true)
	st.Resource = p.list(path, "Resource", keys)
	st.NotResource = p.list(path, "NotResource", keys)
	// Resource is optional: trust policies and some resource policies omit it.
	p.exclusive(path, m.off, keys, "Resource", "NotResource", false)
	if v, ok := keys["Condition"]; ok {
		st.Conditions = p.conditions(path+".Condition", v)
	}
	p.doc.Statements = append(p.doc.Statements, st)
}

func (p *parser) exclusive(path string, off int, keys map[string]member, a, b string, required bool) {
	_, hasA := keys[a]
	_, hasB := keys[b]
	switch {
	case hasA && hasB:
		p.add(path, off, fmt.Sprintf("statement has both %s and %s: expected one", a, b))
	case required && !hasA && !hasB:
		p.add(path, off, fmt.Sprintf("statement has neither %s nor %s: expected one", a, b))
	}
}

func (p *parser) effect(path string, off int, keys map[string]member, st *Statement) {
	v, ok := keys["Effect"]
	if !ok {
		p.add(path, off, "missing Effect: expected \"Allow\" or \"Deny\"")
		return
	}
	if kind(v.val) != '"' {
		st.Effect = validUTF8(string(v.val))
		p.add(path+".Effect", v.off, "effect must be the string \"Allow\" or \"Deny\"")
		return
	}
	_ = json.Unmarshal(v.val, &st.Effect)
	if st.Effect != "Allow" && st.Effect != "Deny" {
		// AWS matches Effect case-sensitively, so "allow" is rejected too.
		p.add(path+".Effect", v.off, fmt.Sprintf("effect %q is invalid: expected \"Allow\" or \"Deny\"", st.Effect))
	}
}

// list normalises a string-or-list-of-strings element.
func (p *parser) list(path, key string, keys map[string]member) []string {
	v, ok := keys[key]
	if !ok {
		return nil
	}
	return p.strings(path+"."+key, v)
}

func (p *parser) strings(path string, v member) []string {
	switch kind(v.val) {
	case '"':
		return []string{p.str(path, v)}
	case '[':
		els := elements(v.val, v.off)
		out := make([]string, 0, len(els))
		for i, el := range els {
			if kind(el.val) != '"' {
				p.add(fmt.Sprintf("%s[%d]", path, i), el.off, "expected a string")
				continue
			}
			out = append(out, p.str(fmt.Sprintf("%s[%d]", path, i), el))
		}
		if len(els) == 0 {
			p.add(path, v.off, "empty list: expected at least one value")
		}
		return out
	default:
		p.add(path, v.off, "expected a string or a list of strings")
		return []string{}
	}
}

func (p *parser) principalElem(path, key string, keys map[string]member) Principals {
	v, ok := keys[key]
	if !ok {
		return nil
	}
	path += "." + key
	out := Principals{}
	if kind(v.val) == '"' {
		if s := p.str(path, v); s == "*" {
			out["AWS"] = []string{"*"}
		} else {
			p.add(path, v.off, fmt.Sprintf("principal string %q is invalid: expected \"*\" or an object such as {\"AWS\": ...}", s))
		}
		return out
	}
	ms, ok := members(v.val, v.off)
	if !ok {
		p.add(path, v.off, "expected \"*\" or an object mapping principal type to values")
		return out
	}
	types := p.checkKeys(path, ms, principalTypes)
	for _, typ := range principalTypes {
		m, ok := types[typ]
		if !ok {
			continue
		}
		vals := p.strings(path+"."+typ, m)
		if len(vals) > 0 {
			out[typ] = sortedUnique(vals)
		}
	}
	return out
}

func sortedUnique(vals []string) []string {
	out := append([]string(nil), vals...)
	sort.Strings(out)
	w := 0
	for i, s := range out {
		if i == 0 || s != out[w-1] {
			out[w] = s
			w++
		}
	}
	return out[:w]
}

func (p *parser) conditions(path string, v member) []Condition {
	ops, ok := members(v.val, v.off)
	if !ok {
		p.add(path, v.off, "condition must be an object mapping operators to {key: values}")
		return nil
	}
	var out []Condition
	for _, op := range ops {
		opPath := join(path, op.key)
		c := parseOperator(op.key)
		if _, known := operators[c.Base]; !known {
			p.add(opPath, op.off, fmt.Sprintf("unknown condition operator %q", op.key))
		}
		kvs, ok := members(op.val, op.off)
		if !ok {
			p.add(opPath, op.off, "expected an object mapping condition keys to values")
			continue
		}
		for _, kv := range kvs {
			cc := c
			cc.Key = strings.ToLower(kv.key)
			cc.Values = p.condValues(join(opPath, kv.key), kv)
			out = append(out, cc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// condValues accepts scalars because AWS does ("Bool": {"k": true}); they
// are kept as their JSON text so "true" and true compare alike.
func (p *parser) condValues(path string, v member) []string {
	if kind(v.val) != '[' {
		s, ok := p.scalar(path, v)
		if !ok {
			return []string{}
		}
		return []string{s}
	}
	els := elements(v.val, v.off)
	out := make([]string, 0, len(els))
	for i, el := range els {
		if s, ok := p.scalar(fmt.Sprintf("%s[%d]", path, i), el); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) scalar(path string, v member) (string, bool) {
	switch kind(v.val) {
	case '"':
		return p.str(path, v), true
	case '{', '[', 'n':
		p.add(path, v.off, "expected a string, number or boolean condition value")
		return "", false
	default:
		return string(v.val), true
	}
}

// parseOperator splits "ForAllValues:StringLikeIfExists" into its parts.
// Negated comes from the operator table so unknown names are never negated.
func parseOperator(op string) Condition {
	c := Condition{Operator: op, Base: op}
	for _, q := range []string{"ForAllValues", "ForAnyValue"} {
		if strings.HasPrefix(c.Base, q+":") {
			c.Qualifier = q
			c.Base = strings.TrimPrefix(c.Base, q+":")
		}
	}
	if strings.HasSuffix(c.Base, "IfExists") {
		c.IfExists = true
		c.Base = strings.TrimSuffix(c.Base, "IfExists")
	}
	c.Negated = operators[c.Base].negated
	return c
}

// Valid reports whether the document parsed without problems.
func (d Document) Valid() bool { return len(d.Problems) == 0 }

// IsZero reports whether the document holds no text at all.
func (d Document) IsZero() bool { return d.Text == "" }

// docJSON breaks the MarshalJSON recursion.
type docJSON Document

// MarshalJSON emits the saved form, always with a statements list.
func (d Document) MarshalJSON() ([]byte, error) {
	if d.Statements == nil {
		d.Statements = []Statement{}
	}
	return json.Marshal(docJSON(d))
}

// UnmarshalJSON accepts a JSON string of policy text (possibly URL-encoded),
// our saved form (an object with a string "text" key), or a raw policy
// object. The saved form is re-parsed from its text so stale normalised
// fields can never disagree with it.
func (d *Document) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch kind(b) {
	case 'n':
		*d = Document{}
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("iampolicy: decode policy string: %w", err)
		}
		*d = Parse(s)
		return nil
	case '{':
		if text, problems, ok := savedText(b); ok {
			// An empty text is the one case the text cannot decide: a
			// document never set (an unknown Terraform value, a role
			// without a trust policy) saves without problems and must
			// reload unset, while an empty policy saves its problem.
			if strings.TrimSpace(text) == "" && !problems {
				*d = Document{}
				return nil
			}
			*d = parse(text, false)
			return nil
		}
		*d = Parse(string(b))
		return nil
	default:
		return fmt.Errorf("iampolicy: policy must be a json string or object, got %.20s", b)
	}
}

// savedText finds an exact "text" string key; json.Unmarshal into a struct
// would also accept "Text", which a raw policy might plausibly contain.
// problems reports a non-empty "problems" list beside it.
func savedText(b []byte) (text string, problems, ok bool) {
	ms, _ := members(b, 0)
	for _, m := range ms {
		var list []json.RawMessage
		if m.key == "problems" && json.Unmarshal(m.val, &list) == nil && len(list) > 0 {
			problems = true
		}
	}
	for _, m := range ms {
		if m.key == "text" && json.Unmarshal(m.val, &text) == nil && kind(m.val) == '"' {
			return text, problems, true
		}
	}
	return "", false, false
}

// validUTF8 replaces each invalid byte the way encoding/json does, so a raw
// value kept verbatim survives the saved-form round trip unchanged.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
