package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/vpclint/vpclint/internal/gen"
	"github.com/vpclint/vpclint/snapshot"
)

// largeJSON is the large account (internal/gen preset "large"),
// encoded once per test binary.
var largeJSON = sync.OnceValue(func() []byte {
	p, err := gen.Preset("large")
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := gen.Generate(p).Encode(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkLargeDecode is the baseline: merely decoding the snapshot JSON
// into the Go model with encoding/json.
func BenchmarkLargeDecode(b *testing.B) {
	data := largeJSON()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		var s snapshot.Snapshot
		if err := json.Unmarshal(data, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargeCheck is what `vpclint check` does per snapshot: load
// (decode, locate, normalise), compute facts, convert once, evaluate every
// rule. The engine is built once, as the CLI does.
func BenchmarkLargeCheck(b *testing.B) {
	data := largeJSON()
	e, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		s, err := snapshot.Decode(data, "large.json")
		if err != nil {
			b.Fatal(err)
		}
		fs, err := e.Check(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(fs)), "findings")
	}
}
