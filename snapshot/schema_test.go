package snapshot

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files (the snapshot JSON Schema)")

// TestSchemaUpToDate keeps the published schema equal to what the Go types
// generate; run `go test ./snapshot -run TestSchemaUpToDate -update` after
// changing the model.
func TestSchemaUpToDate(t *testing.T) {
	got, err := GenerateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("schema/snapshot.v1.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, SchemaJSON) {
		t.Fatal("schema/snapshot.v1.json is stale: run go test ./snapshot -run TestSchemaUpToDate -update")
	}
}
