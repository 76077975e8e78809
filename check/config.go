package check

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpclint/vpclint/config"
	"github.com/vpclint/vpclint/engine"
	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/iampolicy"
	"github.com/vpclint/vpclint/reach"
)

// EngineOptions adds .vpclint.yaml to the engine options the flags give:
// the file's rule directories (relative to the file) and enable and
// disable lists come before the flags', and its intents and personas
// become the facts the engine computes. A persona that cannot be built is
// an InputError naming the file.
func EngineOptions(cfg *config.Config, flags engine.Options) (engine.Options, error) {
	opt := flags
	opt.RuleDirs = append(ruleDirs(cfg), flags.RuleDirs...)
	opt.Enable = append(slices.Clone(cfg.Rules.Enable), flags.Enable...)
	opt.Disable = append(slices.Clone(cfg.Rules.Disable), flags.Disable...)
	for _, in := range cfg.Intents {
		opt.Facts.Intents = append(opt.Facts.Intents, reach.Intent{
			Name: in.Name, From: selector(in.From), To: selector(in.To), Traffic: in.Traffic, Expect: in.Expect, Ephemeral: in.Ephemeral,
			File: cfg.File, Line: in.Line,
		})
	}
	for _, p := range cfg.Personas {
		persona, err := iampolicy.NewPersona(p.Name, p.Principal, p.Context)
		if err != nil {
			return opt, &InputError{Err: fmt.Errorf("%s: %w", cfg.File, err)}
		}
		opt.Facts.Personas = append(opt.Facts.Personas, persona)
	}
	return opt, nil
}

// ruleDirs resolves rule directories relative to the config file.
func ruleDirs(cfg *config.Config) []string {
	var out []string
	for _, d := range cfg.Rules.Dirs {
		if !filepath.IsAbs(d) {
			d = filepath.Join(filepath.Dir(cfg.File), d)
		}
		out = append(out, d)
	}
	return out
}

func selector(s config.Selector) reach.Selector {
	return reach.Selector{Instance: s.Instance, ENI: s.ENI, SG: s.SG, Subnet: s.Subnet, VPC: s.VPC, CIDR: s.CIDR, Tag: s.Tag, Internet: s.Internet}
}

// checkWaiverRules makes a waiver that names no rule an InputError: a
// typo there would otherwise silently waive nothing. The engine's catalog
// holds only the selected rules, so a waiver for a rule that --enable or
// --disable left out is looked up in the full catalog, built only then.
func checkWaiverRules(ctx context.Context, selected []finding.Rule, opt Options) error {
	var all []finding.Rule
	if len(opt.Engine.Enable) == 0 && len(opt.Engine.Disable) == 0 {
		all = selected
	}
	for _, w := range opt.Waivers {
		if strings.TrimSpace(w.Rule) == "*" || ruleKnown(selected, w.Rule) {
			continue
		}
		if all == nil {
			eng, err := engine.New(ctx, engine.Options{RuleDirs: opt.Engine.RuleDirs})
			if err != nil {
				return &InputError{Err: err}
			}
			all = eng.Catalog()
		}
		if !ruleKnown(all, w.Rule) {
			return &InputError{Err: fmt.Errorf("%s: waiver names rule %q, which does not exist (see vpclint rules list)", cmp.Or(w.Source, "waiver"), w.Rule)}
		}
	}
	return nil
}

func ruleKnown(rules []finding.Rule, s string) bool {
	s = strings.TrimSpace(s)
	return slices.ContainsFunc(rules, func(r finding.Rule) bool {
		return strings.EqualFold(s, r.ID) || strings.EqualFold(s, r.Name)
	})
}
