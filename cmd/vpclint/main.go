// Command vpclint predicts what will break and what is too open in AWS
// networking and access policy. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"github.com/vpclint/vpclint/check"
)

// version is set with -ldflags "-X main.version=..." by release builds.
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the CLI and maps errors to DESIGN.md's exit codes.
func run(ctx context.Context, args []string) int {
	cli := newCLI()
	root := cli.root()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return cli.exit
	case errors.As(err, new(*check.InputError)), errors.As(err, new(*usageError)):
		fmt.Fprintln(os.Stderr, "vpclint:", err)
		return check.ExitInput
	default:
		fmt.Fprintln(os.Stderr, "vpclint:", err)
		return check.ExitInput
	}
}
