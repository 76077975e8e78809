// Command vpclint predicts what will break and what is too open in AWS
// networking and access policy. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/vpclint/vpclint/check"
)

// version is set with -ldflags "-X main.version=..." by release builds.
var version = "0.1.0-dev"

// softMemoryLimit is the heap size the collector works to stay under when
// GOMEMLIMIT is not set: the large account then checks in about 1.8 GB
// of resident memory instead of 1.9 GB (2.6 GB with --before), at no
// measurable cost in time (BENCHMARKS.md). It is a soft limit: a bigger
// account goes over it with the collector busier, never fails.
const softMemoryLimit = 1700 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the CLI and maps errors to DESIGN.md's exit codes.
// Every error that reaches here is a usage, input or environment problem
// (findings are never errors), so all of them exit 2.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cli := &cli{stdin: os.Stdin, stdout: stdout, stderr: stderr}
	root := cli.root() //nolint:contextcheck // cobra hands ctx to commands as cmd.Context()
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "vpclint:", err)
		return check.ExitInput
	}
	return cli.exit
}
