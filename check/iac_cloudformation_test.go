package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/vpclint/vpclint/finding"
	"github.com/vpclint/vpclint/input"
)

// cfnFixtures are the CloudFormation templates whose expected findings are
// written next to the lines they must land on.
func cfnFixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{
		"../scanner/cloudformation/testdata/want/*.yaml",
		"../scanner/cloudformation/testdata/want/*.json",
		"../examples/*/cloudformation/template.yaml",
		"testdata/cloudformation/*.yaml",
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 5 {
		t.Fatalf("want the CloudFormation fixtures and the three labs, found %v", out)
	}
	return out
}

var wantMarker = regexp.MustCompile(`#\s*want((?:\s+"[^"]+")+)`)

// wantedFindings reads the expectations of a fixture as "line RULE"
// entries: `# want "SG001" "SG007"` comments in YAML, a sidecar
// FILE.want with "line:RULE" lines for JSON.
func wantedFindings(t *testing.T, file string) []string {
	t.Helper()
	var out []string
	if strings.HasSuffix(file, ".json") {
		data, err := os.ReadFile(file + ".want")
		if err != nil {
			t.Fatalf("a JSON fixture needs %s.want: %v", file, err)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			n, rule, ok := strings.Cut(line, ":")
			if _, err := strconv.Atoi(n); !ok || err != nil {
				t.Fatalf("%s.want: %q is not line:RULE", file, line)
			}
			out = append(out, n+" "+rule)
		}
		return out
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		m := wantMarker.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, q := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
			out = append(out, fmt.Sprintf("%d %s", i+1, q[1]))
		}
	}
	return out
}

// TestCloudFormationWant runs check on every fixture and compares
// (file, line, rule) with the markers both ways: a missing finding and an
// unexpected one both fail. Suppressed findings must have no marker.
func TestCloudFormationWant(t *testing.T) {
	for _, file := range cfnFixtures(t) {
		t.Run(strings.TrimPrefix(file, "../"), func(t *testing.T) {
			res, err := Run(context.Background(), Options{Paths: []string{file}, FailOn: finding.High})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Fatalf("input problems: %v", res.Problems)
			}
			if len(res.Report.Coverage) > 0 {
				t.Fatalf("coverage gaps: %v", res.Report.Coverage)
			}
			var got []string
			for _, f := range res.Report.Findings {
				if f.Suppressed() {
					continue
				}
				if f.Location.File != file {
					t.Errorf("%s %s: location file %q, want %q", f.RuleID, f.Resource.ID, f.Location.File, file)
				}
				got = append(got, fmt.Sprintf("%d %s", f.Location.StartLine, f.RuleID))
			}
			want := wantedFindings(t, file)
			compareMultisets(t, file, got, want)
		})
	}
}

// compareMultisets reports entries missing from got and entries got has in
// excess, counting duplicates.
func compareMultisets(t *testing.T, file string, got, want []string) {
	t.Helper()
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		line, rule, _ := strings.Cut(k, " ")
		switch n := count[k]; {
		case n > 0:
			t.Errorf("%s:%s: missing %d finding(s) %s", file, line, n, rule)
		case n < 0:
			t.Errorf("%s:%s: unexpected %d finding(s) %s", file, line, -n, rule)
		}
	}
}

// cfnLabDifferences are the findings the CloudFormation version of a lab
// cannot reproduce, with the reason: rule -> snapshot count minus
// CloudFormation count. Everything else must agree exactly.
var cfnLabDifferences = map[string]map[string]int{
	// CloudFormation cannot create or adopt a default VPC (no VPC002). It
	// cannot manage the default security group's own rules either, but
	// SG007 skips those AWS-created rules in every version.
	"default-vpc-lab": {"VPC002 vpc": 1},
	"flow-logs-lab":   {"VPC002 vpc": 1},
}

// TestCloudFormationLabsAgree checks that each lab's template gives the
// findings of its snapshot version (which TestExamples holds to
// expected-findings.txt): same rules on the same resource types, same
// counts (ids differ: logical ids against real ids), except for the
// differences listed above.
func TestCloudFormationLabsAgree(t *testing.T) {
	labs, err := filepath.Glob("../examples/*/cloudformation/template.yaml")
	if err != nil || len(labs) != 3 {
		t.Fatalf("want three lab templates, found %v (%v)", labs, err)
	}
	for _, tmpl := range labs {
		dir := filepath.Dir(filepath.Dir(tmpl))
		lab := filepath.Base(dir)
		t.Run(lab, func(t *testing.T) {
			diff := map[string]int{}
			snap, err := Run(context.Background(), Options{Paths: []string{filepath.Join(dir, "snapshot.json")}, FailOn: finding.High})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range snap.Report.Findings {
				diff[f.RuleID+" "+f.Resource.Type]++
			}
			res, err := Run(context.Background(), Options{Paths: []string{tmpl}, FailOn: finding.High})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Report.Findings {
				diff[f.RuleID+" "+f.Resource.Type]--
			}
			for k, n := range cfnLabDifferences[lab] {
				diff[k] -= n
			}
			for k, n := range diff {
				if n != 0 {
					t.Errorf("%s: the snapshot version has %d more than the template (allowed differences: %v)", k, n, cfnLabDifferences[lab])
				}
			}
		})
	}
}

// TestCloudFormationSARIF writes a template's findings as SARIF, run from
// the repository root as CI does, and checks what GitHub needs: every
// result has a physical location with a repo-relative file URI and a line.
func TestCloudFormationSARIF(t *testing.T) {
	t.Chdir("..")
	file := "examples/default-vpc-lab/cloudformation/template.yaml"
	res, err := Run(context.Background(), Options{Paths: []string{file}, FailOn: finding.High})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range sarifLocations(t, &res.Report) {
		if l.uri != file {
			t.Errorf("%s: uri %q, want the repo-relative %q", l.rule, l.uri, file)
		}
	}
}

// TestCloudFormationInputErrors: problems in a template are input errors
// (exit 2) that name the file and line.
func TestCloudFormationInputErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ text, want string }{
		"no-reason.yaml": {
			"Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Metadata:\n      vpclint:\n        ignore:\n          - id: SG001\n    Properties: {GroupDescription: x}\n",
			"no-reason.yaml:7:13: Sg: the inline suppression of SG001 has no reason",
		},
		"syntax.yaml": {"Resources:\n  Sg:\n    Type: [unclosed\n", "syntax.yaml:3: invalid YAML/JSON"},
		"bad-ref.yaml": {
			"Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: !Ref Nope\n",
			`bad-ref.yaml:5:14: Ref to "Nope", which is neither a parameter nor a resource`,
		},
		"syntax.json": {"{\"Resources\": {\"Sg\": {\"Type\": \"AWS::EC2::VPC\",,}}}\n", "syntax.json:1:47: invalid JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(c.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{Paths: []string{p}, FailOn: finding.High})
			if _, ok := errors.AsType[*InputError](err); !ok {
				t.Fatalf("want an InputError, got %v", err)
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, c.want)) {
				t.Errorf("error %q does not contain %q", err, filepath.Join(dir, c.want))
			}
		})
	}
	t.Run("parameter", func(t *testing.T) {
		file := "../examples/flow-logs-lab/cloudformation/template.yaml"
		_, err := Run(context.Background(), Options{Paths: []string{file}, Load: input.Options{Parameters: []string{"Nope=1"}}})
		if err == nil || !strings.Contains(err.Error(), `declares no parameter "Nope"`) {
			t.Errorf("want an undeclared-parameter error, got %v", err)
		}
		_, err = Run(context.Background(), Options{Paths: []string{file}, Load: input.Options{Parameters: []string{"novalue"}}})
		if err == nil || !strings.Contains(err.Error(), "want Key=Value") {
			t.Errorf("want a Key=Value error, got %v", err)
		}
	})
}

// TestCloudFormationParameterOverride: --parameter changes what is built.
func TestCloudFormationParameterOverride(t *testing.T) {
	file := "../scanner/cloudformation/testdata/want/intrinsics.yaml"
	res, err := Run(context.Background(), Options{Paths: []string{file}, FailOn: finding.High, Load: input.Options{Parameters: []string{"Env=prod"}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range res.Report.Findings {
		if f.RuleID == "SG001" {
			ids = append(ids, f.Resource.ID)
		}
	}
	// In prod the prod-only group exists and WebSg gains the RDP rule.
	if !slices.Contains(ids, "ProdOnlySg") || slices.Index(ids, "WebSg") < 0 {
		t.Errorf("SG001 resources with Env=prod: %v", ids)
	}
}

// TestActionYAML checks the composite action: well-formed, the keys
// GitHub requires, and every third-party action pinned to a commit SHA.
func TestActionYAML(t *testing.T) {
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Name        string                    `yaml:"name"`
		Description string                    `yaml:"description"`
		Inputs      map[string]map[string]any `yaml:"inputs"`
		Outputs     map[string]map[string]any `yaml:"outputs"`
		Runs        struct {
			Using string           `yaml:"using"`
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Name == "" || action.Description == "" || len(action.Inputs) == 0 || len(action.Outputs) == 0 {
		t.Fatalf("action.yml needs name, description, inputs and outputs: %+v", action)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	for _, in := range []string{"paths", "sarif-file", "fail-on", "config", "args"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("missing input %q", in)
		}
	}
	pinned := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	uses := 0
	for i, step := range action.Runs.Steps {
		if u, ok := step["uses"].(string); ok {
			uses++
			if !pinned.MatchString(u) {
				t.Errorf("step %d uses %q: pin it to a full 40-hex commit SHA", i, u)
			}
		}
		if _, ok := step["run"]; ok && step["shell"] == nil {
			t.Errorf("step %d: a composite run step needs shell", i)
		}
	}
	if uses == 0 {
		t.Error("want actions/setup-go among the steps")
	}
	doc, err := os.ReadFile("../docs/examples/vpclint.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf map[string]any
	if err := yaml.Unmarshal(doc, &wf); err != nil {
		t.Fatalf("docs/examples/vpclint.yml: %v", err)
	}
	for _, m := range regexp.MustCompile(`uses:\s*(\S+)`).FindAllStringSubmatch(string(doc), -1) {
		// vpclint itself is pinned by the user to the release they audited;
		// the example carries a placeholder for it.
		if !pinned.MatchString(m[1]) && !strings.HasPrefix(m[1], "vpclint/vpclint@") {
			t.Errorf("workflow uses %q: pin it to a full commit SHA", m[1])
		}
	}
}
