package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vpclint/vpclint/input"
	"github.com/vpclint/vpclint/snapshot"
)

func TestCaptureTime(t *testing.T) {
	dir := t.TempDir()
	old, newer := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	for name, mt := range map[string]time.Time{"a.tf": old, "b.tf": newer} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("# x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// A hidden directory (.terraform's provider cache) does not count.
	if err := os.Mkdir(filepath.Join(dir, ".terraform"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".terraform", "lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got, from := captureTime(context.Background(), input.Input{Path: dir, Kind: input.KindTerraform}, &snapshot.Snapshot{})
	if !got.Equal(newer) || from != "file time" {
		t.Errorf("terraform dir: %v (%s), want %v (file time)", got, from, newer)
	}
	scanned := &snapshot.Snapshot{Origin: snapshot.Origin{Captured: "2025-05-06T07:08:09Z"}}
	got, from = captureTime(context.Background(), input.Input{Path: "x.json", Kind: input.KindSnapshot}, scanned)
	if got.Format(time.RFC3339) != "2025-05-06T07:08:09Z" || from != "scan" {
		t.Errorf("scanned snapshot: %v (%s)", got, from)
	}
	if got, _ := captureTime(context.Background(), input.Input{Path: "x.json", Kind: input.KindSnapshot}, &snapshot.Snapshot{}); !got.IsZero() {
		t.Errorf("snapshot without a recorded time: %v, want unknown", got)
	}
}
