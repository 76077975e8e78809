package compliance

import (
	"cmp"
	"slices"

	"github.com/vpclint/vpclint/finding"
)

// Status is a control's verdict.
type Status string

// Statuses, from worst to best known.
const (
	Fail       Status = "fail"
	Muted      Status = "muted"
	Pass       Status = "pass"
	NotChecked Status = "not_checked"
	Manual     Status = "manual"
)

// Result is one control's verdict and what it rests on.
type Result struct {
	Control
	Status Status `json:"status"`
	// Rules are the ids of the rules that ran and map to the control.
	Rules []string `json:"rules"`
	// Open and MutedFindings count the findings of those rules.
	Open          int `json:"open"`
	MutedFindings int `json:"muted"`
	// Resources are the resources with an open finding, sorted.
	Resources []Resource `json:"resources,omitempty"`
	// Unlisted marks a control a rule maps to that the framework's table
	// does not hold (a custom rule's, outside vpclint's domain); its title
	// is unknown.
	Unlisted bool `json:"unlisted,omitempty"`
}

// Resource names a resource with an open finding.
type Resource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

func compareResources(a, b Resource) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
}

// Summary counts the controls per status.
type Summary struct {
	Fail       int `json:"fail"`
	Muted      int `json:"muted"`
	Pass       int `json:"pass"`
	NotChecked int `json:"not_checked"`
	Manual     int `json:"manual"`
}

// Report is the per-control view of one framework.
type Report struct {
	Framework
	Summary  Summary  `json:"summary"`
	Controls []Result `json:"controls"`
}

// Evaluate judges every control of fw from the rules that ran and their
// findings (all of them: a --severity display filter or a baseline must
// not turn a failing control into a passing one). A control fails when a
// mapped rule has an open finding, is muted when all its mapped findings
// are suppressed, and passes when its mapped rules ran and found nothing;
// without a mapped rule it is not checked, or manual when the benchmark
// assesses it by hand. Controls come in control order, including those a
// rule maps to that the table does not list.
func Evaluate(fw Framework, rules []finding.Rule, findings []finding.Finding) Report {
	byControl := map[string][]string{}
	for _, r := range rules {
		for _, id := range r.Frameworks[fw.Name] {
			byControl[id] = append(byControl[id], r.ID)
		}
	}
	open, muted := map[string]int{}, map[string]int{}
	resources := map[string][]Resource{}
	for i := range findings {
		f := &findings[i]
		if f.Suppressed() {
			muted[f.RuleID]++
			continue
		}
		open[f.RuleID]++
		resources[f.RuleID] = append(resources[f.RuleID], Resource{Type: f.Resource.Type, ID: f.Resource.ID})
	}
	controls := slices.Clone(fw.Controls)
	for id := range byControl {
		if _, ok := fw.Control(id); !ok {
			controls = append(controls, Control{ID: id})
		}
	}
	slices.SortFunc(controls, func(a, b Control) int { return CompareControls(a.ID, b.ID) })
	rep := Report{Framework: fw, Controls: make([]Result, 0, len(controls))}
	for _, c := range controls {
		_, listed := fw.Control(c.ID)
		// Rules is [], not null, in JSON: consumers iterate it unchecked.
		res := Result{Control: c, Rules: append([]string{}, byControl[c.ID]...), Unlisted: !listed}
		slices.Sort(res.Rules)
		for _, id := range res.Rules {
			res.Open += open[id]
			res.MutedFindings += muted[id]
			res.Resources = append(res.Resources, resources[id]...)
		}
		slices.SortFunc(res.Resources, compareResources)
		res.Resources = slices.Compact(res.Resources)
		res.Status = status(res)
		rep.Summary.add(res.Status)
		rep.Controls = append(rep.Controls, res)
	}
	return rep
}

func status(r Result) Status {
	switch {
	case len(r.Rules) == 0 && r.Manual:
		return Manual
	case len(r.Rules) == 0:
		return NotChecked
	case r.Open > 0:
		return Fail
	case r.MutedFindings > 0:
		return Muted
	}
	return Pass
}

func (s *Summary) add(st Status) {
	switch st {
	case Fail:
		s.Fail++
	case Muted:
		s.Muted++
	case Pass:
		s.Pass++
	case NotChecked:
		s.NotChecked++
	case Manual:
		s.Manual++
	}
}
