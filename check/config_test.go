package check

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpclint/vpclint/config"
	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/reach"
)

func TestEngineOptions(t *testing.T) {
	file := filepath.Join("conf", "v.yaml")
	cfg, err := config.Parse([]byte(`rules:
  enable: [SG001]
  disable: [SG007]
  dirs: [custom, /abs/rules]
intents:
  - name: web reaches db
    from: {tag: {Role: web}, sg: sg-1}
    to: {cidr: 10.0.0.0/8, internet: true}
    traffic: tcp/5432
    expect: deny
    ephemeral: 1024-65535
personas:
  - name: ci
    principal: arn:aws:iam::111122223333:role/ci
`), file)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := EngineOptions(cfg, engine.Options{RuleDirs: []string{"flag-rules"}, Enable: []string{"S3001"}, Disable: []string{"IAM001"}, NoInlineIgnores: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join("conf", "custom"), "/abs/rules", "flag-rules"}; !slices.Equal(opt.RuleDirs, want) {
		t.Errorf("rule dirs %q, want %q (the file's, relative to it, then the flags')", opt.RuleDirs, want)
	}
	if !slices.Equal(opt.Enable, []string{"SG001", "S3001"}) || !slices.Equal(opt.Disable, []string{"SG007", "IAM001"}) || !opt.NoInlineIgnores {
		t.Errorf("enable %q, disable %q, no-inline-ignores %v", opt.Enable, opt.Disable, opt.NoInlineIgnores)
	}
	want := reach.Intent{
		Name: "web reaches db", From: reach.Selector{Tag: map[string]string{"Role": "web"}, SG: "sg-1"}, To: reach.Selector{CIDR: "10.0.0.0/8", Internet: true},
		Traffic: "tcp/5432", Expect: "deny", Ephemeral: "1024-65535", File: file, Line: 6,
	}
	if len(opt.Facts.Intents) != 1 || !reflect.DeepEqual(opt.Facts.Intents[0], want) {
		t.Errorf("intents %+v, want %+v", opt.Facts.Intents, want)
	}
	if len(opt.Facts.Personas) != 1 || opt.Facts.Personas[0].Name != "ci" || opt.Facts.Personas[0].Principal.Account != "111122223333" {
		t.Errorf("personas %+v", opt.Facts.Personas)
	}

	bad := &config.Config{File: file, Personas: []config.Persona{{Name: "x", Principal: "arn:aws:nope"}}}
	_, err = EngineOptions(bad, engine.Options{})
	if ie := (*InputError)(nil); !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), file+": persona \"x\"") {
		t.Errorf("bad persona: got %v, want an InputError naming the file and the persona", err)
	}
}
