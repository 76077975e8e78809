package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// ReadBaseline reads the fingerprints of a previous run's output, either
// vpclint JSON or SARIF, for --baseline: findings whose fingerprint is in
// the set are not new.
func ReadBaseline(r io.Reader, name string) (map[string]bool, error) {
	var doc struct {
		Schema   string `json:"schema"`
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.NewDecoder(io.LimitReader(r, 1<<30)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", name, err)
	}
	out := map[string]bool{}
	switch {
	case doc.Schema == JSONSchemaID:
		for _, f := range doc.Findings {
			out[f.Fingerprint] = true
		}
	case doc.Version == "2.1.0":
		for _, run := range doc.Runs {
			for _, res := range run.Results {
				if fp := res.PartialFingerprints[sarifFingerprintKey]; fp != "" {
					out[fp] = true
				}
			}
		}
	default:
		return nil, fmt.Errorf("read baseline %s: not vpclint JSON (schema %q) or SARIF 2.1.0 output", name, JSONSchemaID)
	}
	return out, nil
}
