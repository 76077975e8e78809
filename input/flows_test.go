package input

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestParseFlowTime(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{"", time.Time{}, false},
		{"2026-11-30T10:00:00Z", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), false},
		{"2026-11-30", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), false},
		{"1796032800", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), false},
		{"24h", now.Add(-24 * time.Hour), false},
		{"-5m", time.Time{}, true},
		{"yesterday", time.Time{}, true},
	} {
		got, err := ParseFlowTime(c.in, now)
		if (err != nil) != c.bad || !got.Equal(c.want) {
			t.Errorf("ParseFlowTime(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.bad)
		}
	}
}

func TestFlowLogsSources(t *testing.T) {
	ctx := context.Background()
	for _, o := range []FlowOptions{
		{},
		{Paths: []string{"a.log"}, CloudWatch: "g"},
		{Paths: []string{"missing.log"}},
		{Paths: []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}, Format: "${version"},
		{Aggregated: []string{"a.csv", "b.csv"}},
	} {
		var inErr *Error
		if _, err := FlowLogs(ctx, o); !errors.As(err, &inErr) {
			t.Errorf("%+v: %v, want an input error", o, err)
		}
	}
	s, err := FlowLogs(ctx, FlowOptions{Paths: []string{"../examples/flow-logs-lab/flows/vpcflowlogs.log"}})
	if err != nil || len(s.Groups) == 0 {
		t.Fatalf("lab: %v", err)
	}
}
