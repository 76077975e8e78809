package check

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/vpclint/vpclint/report"
)

// sarifLocation is the first physical location of one SARIF result.
type sarifLocation struct {
	rule, uri, baseID string
	line              int
}

// sarifLocations renders in as SARIF (repository root "." as CI runs) and
// returns every result's location, failing the test when a result has none
// or lacks a line: GitHub rejects the whole file then.
func sarifLocations(t *testing.T, in *report.Input) []sarifLocation {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, "sarif", in, report.Options{RepoRoot: "."}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != len(in.Findings) || len(in.Findings) == 0 {
		t.Fatalf("want one run with %d results: %s", len(in.Findings), buf.String())
	}
	var out []sarifLocation
	for _, r := range log.Runs[0].Results {
		if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation == nil || r.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("%s: no physical location with a line", r.RuleID)
			continue
		}
		pl := r.Locations[0].PhysicalLocation
		out = append(out, sarifLocation{rule: r.RuleID, uri: pl.ArtifactLocation.URI, baseID: pl.ArtifactLocation.URIBaseID, line: pl.Region.StartLine})
	}
	return out
}
