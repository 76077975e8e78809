package engine

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/reach"
	"github.com/vpclint/vpclint/snapshot"
)

const (
	labA = "i-04c7e1f2a3b5d6e0a"
	labB = "i-04c7e1f2a3b5d6e0b"
)

// reachRule is a custom rule reporting vpclint.reach's verdict for each
// [src, dst, traffic] of the given Rego array.
func reachRule(pairs string) string {
	return customHeader + `
pairs := ` + pairs + `

findings contains f if {
	some p in pairs
	v := vpclint.reach(p[0], p[1], p[2])
	f := {
		"resource": {"type": "instance", "id": p[0]},
		"message": sprintf("%s to %s over %s: %s", [p[0], p[1], p[2], v.result]),
		"key": concat(" ", p),
		"evidence": v,
	}
}
`
}

func checkReachRule(t *testing.T, pairs string) ([]finding.Finding, error) {
	t.Helper()
	dir := t.TempDir()
	writeRule(t, dir, "reach.rego", reachRule(pairs))
	e := newEngine(t, Options{RuleDirs: []string{dir}, Enable: []string{"acme-check"}})
	s, err := snapshot.Load("../examples/flow-logs-lab/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	return e.Check(context.Background(), s)
}

// vpclint.reach evaluates against the snapshot being checked: the lab's
// two instances cannot ping each other (lab-sg has no inbound rule), while
// instance a reaches the internet on 443 (all egress, NACL and IGW route).
func TestReachBuiltinInCustomRule(t *testing.T) {
	fs, err := checkReachRule(t, `[
	["`+labA+`", "`+labB+`", "icmp"],
	["`+labA+`", "internet", "tcp/443"],
]`)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]reach.Verdict{}
	for _, f := range fs {
		var v reach.Verdict
		if err := json.Unmarshal(f.Evidence, &v); err != nil {
			t.Fatalf("%s: evidence is not a verdict: %v", f.Key, err)
		}
		var raw map[string]any
		if err := json.Unmarshal(f.Evidence, &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"result", "source", "destination", "traffic", "hops", "blocks", "unknowns", "notes"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("%s: verdict has no %q: %s", f.Key, k, f.Evidence)
			}
		}
		verdicts[f.Key] = v
	}
	if len(verdicts) != 2 {
		t.Fatalf("want 2 verdicts, got %d: %+v", len(verdicts), fs)
	}

	ping := verdicts[labA+" "+labB+" icmp"]
	if ping.Result != reach.Blocked || ping.Source != labA || ping.Destination != labB || ping.Traffic != "icmp/8/0" {
		t.Errorf("ping a -> b: %+v", ping)
	}
	if !slices.ContainsFunc(ping.Blocks, func(b reach.Block) bool {
		return b.Code == "ENI_SG_RULES_MISMATCH" && b.Component.ID == "sg-0d3e4f5a6b7c8d9e0" && b.Leg == "forward"
	}) {
		t.Errorf("ping a -> b: want ENI_SG_RULES_MISMATCH on lab-sg, got %+v", ping.Blocks)
	}
	if len(ping.Hops) == 0 {
		t.Error("ping a -> b: no hops")
	}

	web := verdicts[labA+" internet tcp/443"]
	if web.Result != reach.Allowed || len(web.Blocks) != 0 || len(web.Hops) == 0 {
		t.Errorf("a -> internet tcp/443: %+v", web)
	}
	if !slices.ContainsFunc(web.Hops, func(h reach.Hop) bool {
		return h.Type == "internet-gateway" || strings.Contains(h.Detail, "internet_gateway")
	}) {
		t.Errorf("a -> internet tcp/443: no internet gateway on the path: %+v", web.Hops)
	}
}

// Bad names and traffic are errors that name the operand, and the engine
// (strict builtin errors, like vpclint.iam.evaluate) fails the check.
func TestReachBuiltinErrors(t *testing.T) {
	for _, c := range []struct{ pairs, want string }{
		{`[["i-nope", "internet", "tcp/443"]]`, `vpclint.reach: source: "i-nope" is not an instance`},
		{`[["` + labA + `", "eni-nope", "tcp/443"]]`, `vpclint.reach: destination: "eni-nope" is not an instance`},
		{`[["` + labA + `", "internet", "tcp/99999"]]`, `vpclint.reach: traffic "tcp/99999"`},
		{`[["` + labA + `", "internet", "bogus"]]`, `vpclint.reach: traffic "bogus"`},
	} {
		_, err := checkReachRule(t, c.pairs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: want error containing %q, got %v", c.pairs, c.want, err)
		}
	}
}

// Outside a vpclint check (opa test, vpclint-opa eval) there is no model:
// the builtin says so instead of answering about some other snapshot.
func TestReachBuiltinWithoutModel(t *testing.T) {
	Register()
	_, err := rego.New(
		rego.Query(`vpclint.reach("i-1", "internet", "tcp/443")`),
		rego.Capabilities(Capabilities()),
		rego.StrictBuiltinErrors(true),
	).Eval(context.Background())
	want := "vpclint.reach: no snapshot model (only available when vpclint evaluates a snapshot)"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Count(err.Error(), "vpclint.reach:") != 1 {
		t.Fatalf("want %q, got %v", want, err)
	}
}

// vpclint.reach is in the capabilities that custom rules compile against
// (and that vpclint-opa sees, through the same global registration).
func TestReachBuiltinInCapabilities(t *testing.T) {
	caps := Capabilities()
	for _, name := range []string{"vpclint.reach", "vpclint.iam.evaluate"} {
		if !slices.ContainsFunc(caps.Builtins, func(b *ast.Builtin) bool { return b.Name == name }) {
			t.Errorf("%s missing from Capabilities()", name)
		}
	}
}
