// Command aslctl validates ASL state machine definitions and starts,
// watches, inspects and stops their executions on Temporal. See package
// starter for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/aslworker/aslworker/starter"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := starter.Main(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
