package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/internal/connect"
	"github.com/aslworker/aslworker/worker"
	"github.com/aslworker/aslworker/workflows"
)

// Flag names.
const (
	flagTaskQueue   = "task-queue"
	flagLogLevel    = "log-level"
	flagLogFormat   = "log-format"
	flagStopTimeout = "stop-timeout"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal starts the graceful stop, a second one
		// kills the process the default way.
		<-ctx.Done()
		stop()
	}()
	code := Main(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs aslworker with args (args[0] is the program name) until it is
// done or ctx is cancelled, and returns the exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp()
	app.Writer, app.ErrWriter = stdout, stderr
	err := app.RunContext(ctx, args)
	if err == nil {
		return 0
	}
	code := 1
	var coder cli.ExitCoder
	if errors.As(err, &coder) && coder.ExitCode() != 0 {
		code = coder.ExitCode()
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "aslworker: %s\n", msg)
	}
	return code
}

func newApp() *cli.App {
	return &cli.App{
		Name:  "aslworker",
		Usage: "run Amazon States Language state machines as Temporal workflows",
		Description: "Without a command, aslworker connects to a Temporal cluster and serves the ASL interpreter\n" +
			"workflow on --task-queue until it gets SIGINT or SIGTERM, then stops gracefully.\n" +
			"Connection flags and environment variables are the same as the temporal CLI's.\n\n" +
			"`aslworker dev` runs a Temporal server, its Web UI and the worker in one process instead.",
		Flags:           append(workerFlags(), connect.Flags()...),
		Action:          runWorker,
		Commands:        []*cli.Command{devCommand()},
		HideVersion:     true,
		HideHelpCommand: true,
		// Keep urfave/cli from calling os.Exit: Main decides.
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

// workerFlags are the flags of both the root command and dev; each call
// returns new flag values.
func workerFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagTaskQueue, Aliases: []string{"t"}, Value: workflows.DefaultTaskQueue,
			EnvVars: []string{"ASLWORKER_TASK_QUEUE"}, Usage: "task `QUEUE` to poll for state machine executions"},
		&cli.DurationFlag{Name: flagStopTimeout, Value: worker.DefaultStopTimeout,
			Usage: "on shutdown, how long (`DURATION`) running activities may take to finish"},
		&cli.StringFlag{Name: flagLogLevel, Value: "info", EnvVars: []string{"ASLWORKER_LOG_LEVEL"},
			Usage: "log `LEVEL`: debug, info, warn, error or never"},
		&cli.StringFlag{Name: flagLogFormat, Value: "text", EnvVars: []string{"ASLWORKER_LOG_FORMAT"},
			Usage: "log `FORMAT`: text or json"},
	}
}

// runWorker is the root command: the worker against an existing cluster.
func runWorker(c *cli.Context) error {
	if c.Args().Present() {
		return fmt.Errorf("unknown command %q (see --help)", c.Args().First())
	}
	logger, err := newLogger(c, c.App.ErrWriter)
	if err != nil {
		return err
	}
	cl, err := connect.Dial(c, logger)
	if err != nil {
		return err
	}
	defer cl.Close()
	return worker.Run(c.Context, cl, worker.Options{
		TaskQueue:   c.String(flagTaskQueue),
		Activities:  activities.NewRegistry(),
		Logger:      logger,
		StopTimeout: c.Duration(flagStopTimeout),
	})
}

// newLogger builds the process logger from --log-level and --log-format,
// writing to w.
func newLogger(c *cli.Context, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	switch strings.ToLower(c.String(flagLogLevel)) {
	case "never", "off", "none":
		return slog.New(slog.DiscardHandler), nil
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		return nil, fmt.Errorf("--%s %q: want debug, info, warn, error or never", flagLogLevel, c.String(flagLogLevel))
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.String(flagLogFormat)) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--%s %q: want text or json", flagLogFormat, c.String(flagLogFormat))
}
