package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoad feeds arbitrary configuration text to Load: it must return a
// snapshot or an error, never panic. The seed corpus is in
// testdata/fuzz/FuzzLoad plus the fixtures below.
func FuzzLoad(f *testing.F) {
	for _, p := range []string{
		"testdata/features/main.tf", "testdata/features/modules/net/main.tf",
		"testdata/want/rules/main.tf", "testdata/want/ignored/main.tf",
		"../../examples/default-vpc-lab/terraform/main.tf",
		"../../examples/flow-logs-lab/terraform/main.tf",
		"../../examples/peering-endpoints-lab/terraform/main.tf",
	} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b), false)
		}
	}
	f.Add(`{"resource": {"aws_vpc": {"a": {"cidr_block": "10.0.0.0/16"}}}}`, true)
	f.Fuzz(func(t *testing.T, src string, asJSON bool) {
		if len(src) > 16<<10 {
			t.Skip()
		}
		dir := t.TempDir()
		name := "main.tf"
		if asJSON {
			name = "main.tf.json"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			s, err := Load(dir, Options{})
			if err == nil && s == nil {
				t.Error("nil snapshot without an error")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic(fmt.Sprintf("Load hangs on %q", src))
		}
	})
}
