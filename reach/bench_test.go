package reach

import (
	"sync"
	"testing"

	"github.com/vpclint/vpclint/internal/gen"
	"github.com/vpclint/vpclint/snapshot"
)

// large is the large account (internal/gen preset "large"),
// normalised once per test binary.
var large = sync.OnceValue(func() *snapshot.Snapshot {
	p, err := gen.Preset("large")
	if err != nil {
		panic(err)
	}
	s := gen.Generate(p)
	if err := s.Normalize(); err != nil {
		panic(err)
	}
	return s
})

// BenchmarkLargeFacts computes every reach fact the rules use on the large
// account: model, NACL shadowing, return gaps, deny-all, PMTU, route,
// peering, gateway and stale-reference problems, end-to-end exposure.
func BenchmarkLargeFacts(b *testing.B) {
	s := large()
	b.ResetTimer()
	for b.Loop() {
		m := NewModel(s)
		for i := range s.NetworkACLs {
			a := &s.NetworkACLs[i]
			sh := Shadows(a)
			ReturnGaps(a, sh)
			DeniesAll(a, sh)
			PMTUBlocked(a)
		}
		m.RouteProblems()
		m.PeeringProblems()
		m.OverlappingPeers()
		m.GatewayProblems()
		m.StaleReferences()
		b.ReportMetric(float64(len(m.InternetExposure())), "exposures")
	}
}

// BenchmarkLargeExplainOnePair is one explain question after the model is
// built (the CLI builds it once per run).
func BenchmarkLargeExplainOnePair(b *testing.B) {
	s := large()
	m := NewModel(s)
	src, err := m.Resolve(s.Instances[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	dst, err := m.Resolve(s.Instances[len(s.Instances)/2].ID)
	if err != nil {
		b.Fatal(err)
	}
	t, _ := ParseTraffic("tcp/443")
	b.ResetTimer()
	for b.Loop() {
		m.Reach(src, dst, t)
	}
}

// BenchmarkLargeModel is building the index explain needs, once per run.
func BenchmarkLargeModel(b *testing.B) {
	s := large()
	b.ResetTimer()
	for b.Loop() {
		NewModel(s)
	}
}

// BenchmarkLargeMatrix is issue 3's "full matrix and exposure facts": the
// model, the IPv4 and IPv6 class-to-class matrices over every pair of
// classes in one VPC or two peered VPCs, and end-to-end internet exposure.
func BenchmarkLargeMatrix(b *testing.B) {
	s := large()
	b.ResetTimer()
	for b.Loop() {
		m := NewModel(s)
		x := m.Matrix("ipv4")
		x6 := m.Matrix("ipv6")
		ex := m.InternetExposure()
		b.ReportMetric(float64(len(x.Classes)+len(x6.Classes)), "classes")
		b.ReportMetric(float64(x.Pairs+x6.Pairs), "pairs")
		b.ReportMetric(float64(len(x.values)+len(x6.values)), "cells")
		b.ReportMetric(float64(len(ex)), "exposures")
	}
}

// BenchmarkLargeDiff is change impact on the large account compared with
// itself: four matrices (before and after, both families), every joint
// class pair and every interface from the internet.
func BenchmarkLargeDiff(b *testing.B) {
	s := large()
	b.ResetTimer()
	for b.Loop() {
		changes, _ := Diff(NewModel(s), NewModel(s))
		if len(changes) != 0 {
			b.Fatalf("a snapshot compared with itself changes: %v", changes[0])
		}
	}
}
