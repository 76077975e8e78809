package finding

import (
	"testing"
	"time"
)

func TestSeverityRoundTrip(t *testing.T) {
	for s := Info; s <= Critical; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got Severity
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Fatalf("round trip %v: got %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Fatal("want error for unknown severity")
	}
}

func TestFingerprintIgnoresMessageAndLines(t *testing.T) {
	r := Resource{Type: "security_group", ID: "sg-1", Account: "111111111111", Region: "us-east-1"}
	a := Fingerprint("SG001", r, "ingress/22")
	if a != Fingerprint("SG001", r, "ingress/22") {
		t.Fatal("fingerprint not stable")
	}
	if a == Fingerprint("SG001", r, "ingress/3389") || a == Fingerprint("SG002", r, "ingress/22") {
		t.Fatal("fingerprint must depend on rule and key")
	}
	r2 := r
	r2.Tags = map[string]string{"x": "y"}
	if a != Fingerprint("SG001", r2, "ingress/22") {
		t.Fatal("tags must not change the fingerprint")
	}
}

func TestWaiverExpiry(t *testing.T) {
	fs := []Finding{
		{RuleID: "SG001", RuleName: "sg-admin-port-open", Resource: Resource{ID: "sg-1"}},
		{RuleID: "SG001", RuleName: "sg-admin-port-open", Resource: Resource{ID: "sg-2"}},
		{RuleID: "SG002", Resource: Resource{ID: "sg-1"}},
	}
	ws := []Waiver{
		{Rule: "sg-admin-port-open", Resource: "sg-1", Reason: "bastion", Expires: "2030-01-01"},
		{Rule: "SG001", Resource: "sg-2", Reason: "old", Expires: "2020-01-01"},
	}
	ApplyWaivers(fs, ws, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if !fs[0].Suppressed() {
		t.Error("sg-1 should be waived")
	}
	if fs[1].Suppressed() || fs[1].Suppression == nil || fs[1].Suppression.Active {
		t.Errorf("sg-2 waiver expired: want inactive suppression, got %+v", fs[1].Suppression)
	}
	if fs[2].Suppression != nil {
		t.Error("SG002 must not match")
	}
}

func TestIgnorePriority(t *testing.T) {
	f := Finding{RuleID: "SG001", RuleName: "sg-admin-port-open", Resource: Resource{ID: "sg-1"}}
	ApplyIgnores(&f, SuppressInline, []Ignore{{Rule: "sg001", Reason: "lab"}})
	ApplyIgnores(&f, SuppressTag, ParseTagIgnores("SG001, NACL003", "tag"))
	if f.Suppression == nil || f.Suppression.Kind != SuppressInline {
		t.Fatalf("inline must win: %+v", f.Suppression)
	}
}

func TestWaiverValidate(t *testing.T) {
	bad := []Waiver{
		{Resource: "sg-1", Reason: "r"},
		{Rule: "SG001", Reason: "r"},
		{Rule: "SG001", Resource: "sg-1"},
		{Rule: "SG001", Resource: "sg-1", Reason: "r", Expires: "next week"},
		{Rule: "SG001", Resource: "[", Reason: "r"},
	}
	for i, w := range bad {
		if err := w.Validate(); err == nil {
			t.Errorf("case %d: want error", i)
		}
	}
	ok := Waiver{Rule: "SG001", Resource: "sg-*", Reason: "r", Expires: "2027-01-01"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}
