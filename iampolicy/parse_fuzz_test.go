package iampolicy

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics, is deterministic, and that the
// saved JSON form round-trips to the same statements.
func FuzzParse(f *testing.F) {
	f.Add(githubOIDCTrust)
	f.Add(vpceLockout)
	f.Fuzz(func(t *testing.T, text string) {
		a, b := Parse(text), Parse(text)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("Parse not deterministic:\n%+v\n%+v", a, b)
		}
		_ = a.Valid()
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back Document
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("unmarshal %s: %v", data, err)
		}
		if !reflect.DeepEqual(back.Statements, a.Statements) {
			t.Fatalf("round trip changed statements:\n got %+v\nwant %+v", back.Statements, a.Statements)
		}
		Evaluate(a, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"})
		IsPublic(a)
		Grants(a, "111111111111")
	})
}
