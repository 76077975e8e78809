package engine

import (
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// One conversion shares a term per distinct scalar, and the result is
// still the value encoding/json would give.
func TestInternerSharesScalars(t *testing.T) {
	type rule struct {
		Protocol string `json:"protocol"`
		Port     int    `json:"port"`
		Open     bool   `json:"open"`
	}
	in := interner{}
	v, err := reflectValue(reflect.ValueOf([]rule{{"tcp", 22, true}, {"tcp", 22, true}, {"udp", 53, false}}), in)
	if err != nil {
		t.Fatal(err)
	}
	if want := ast.MustParseTerm(`[{"protocol":"tcp","port":22,"open":true},{"protocol":"tcp","port":22,"open":true},{"protocol":"udp","port":53,"open":false}]`).Value; v.Compare(want) != 0 {
		t.Fatalf("got %v, want %v", v, want)
	}
	arr := v.(*ast.Array)
	a, b := arr.Elem(0).Value.(ast.Object), arr.Elem(1).Value.(ast.Object)
	for _, k := range []string{"protocol", "port", "open"} {
		if a.Get(ast.StringTerm(k)) != b.Get(ast.StringTerm(k)) {
			t.Errorf("%s: the two equal values are two terms", k)
		}
	}
	if len(in) != 6 {
		t.Errorf("interned %d scalars, want 6 (tcp, 22, true, udp, 53, false)", len(in))
	}
	// Without an interner nothing is shared.
	v, _ = reflectValue(reflect.ValueOf([]string{"x", "x"}), nil)
	if arr := v.(*ast.Array); arr.Elem(0) == arr.Elem(1) {
		t.Error("nil interner shared a term")
	}
}
