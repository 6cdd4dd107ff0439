package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/grpc"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/examples"
	"github.com/aslworker/aslworker/internal/connect"
	"github.com/aslworker/aslworker/worker"
	"github.com/aslworker/aslworker/worker/devserver"
	"github.com/aslworker/aslworker/workflows"
)

// Flag names of the dev command.
const (
	flagDB             = "db"
	flagIP             = "ip"
	flagPort           = "port"
	flagUIPort         = "ui-port"
	flagHeadless       = "headless"
	flagNamespace      = "namespace"
	flagServerLogLevel = "server-log-level"
	flagExample        = "example"
	flagExit           = "exit"
)

func devCommand() *cli.Command {
	return &cli.Command{
		Name:  "dev",
		Usage: "run a Temporal server (SQLite file), its Web UI and the worker in this process",
		Description: "Starts a real Temporal server persisted to --db, the Temporal Web UI and the worker, prints\n" +
			"their addresses and serves until Ctrl-C. Restarting on the same --db keeps past executions\n" +
			"and resumes running ones. --example also runs examples/hello.asl.json and prints its output\n" +
			"and the Web UI link to its history; --exit stops once that is printed.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: flagDB, Value: defaultDBFile(),
				Usage: "SQLite database `FILE` that keeps namespaces and executions across restarts"},
			&cli.StringFlag{Name: flagIP, Value: devserver.DefaultIP, Usage: "`IP` address the frontend (gRPC and HTTP API) and the UI bind to; the other server services stay on loopback"},
			&cli.IntFlag{Name: flagPort, Aliases: []string{"p"}, Value: devserver.DefaultPort, Usage: "frontend gRPC `PORT`"},
			&cli.IntFlag{Name: flagUIPort, DefaultText: "--port + 1000, so 8233",
				Usage: "Web UI HTTP `PORT`"},
			&cli.BoolFlag{Name: flagHeadless, Usage: "run without the Web UI"},
			&cli.StringFlag{Name: flagNamespace, Aliases: []string{"n"}, Value: devserver.DefaultNamespace,
				Usage: "`NAMESPACE` to create and serve"},
			&cli.StringFlag{Name: flagServerLogLevel, Value: "warn",
				Usage: "least severe Temporal server message to log (`LEVEL`: debug, info, warn, error)"},
			&cli.BoolFlag{Name: flagExample, Usage: "run the example state machine examples/hello.asl.json and print its output"},
			&cli.BoolFlag{Name: flagExit, Usage: "with --example: stop once the example's output is printed"},
		}, workerFlags()...),
		Action: runDev,
	}
}

// defaultDBFile is dev.db under the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache on Linux), or under the working directory
// when there is none.
func defaultDBFile() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "aslworker", "dev.db")
}

func runDev(c *cli.Context) error {
	if c.Args().Present() {
		return fmt.Errorf("dev takes no arguments, got %q", c.Args().Slice())
	}
	if c.Bool(flagExit) && !c.Bool(flagExample) {
		return fmt.Errorf("--%s needs --%s", flagExit, flagExample)
	}
	logger, err := newLogger(c, c.App.ErrWriter)
	if err != nil {
		return err
	}
	serverLevel, err := parseLevel(c.String(flagServerLogLevel))
	if err != nil {
		return fmt.Errorf("--%s: %w", flagServerLogLevel, err)
	}
	uiPort := c.Int(flagUIPort)
	switch {
	case c.Bool(flagHeadless):
		uiPort = devserver.UIDisabled
	case !c.IsSet(flagUIPort):
		uiPort = c.Int(flagPort) + devserver.UIPortOffset
	case uiPort <= 0:
		return fmt.Errorf("--%s %d: want a port number (or --%s for no UI)", flagUIPort, uiPort, flagHeadless)
	}
	if c.Int(flagPort) <= 0 {
		return fmt.Errorf("--%s %d: want a port number", flagPort, c.Int(flagPort))
	}
	dbFile, err := filepath.Abs(c.String(flagDB))
	if err != nil {
		return err
	}
	out := c.App.Writer

	srv, err := devserver.Start(c.Context, devserver.Options{
		DBFile:    dbFile,
		IP:        c.String(flagIP),
		Port:      c.Int(flagPort),
		UIPort:    uiPort,
		Namespace: c.String(flagNamespace),
		SearchAttributes: map[string]enumspb.IndexedValueType{
			workflows.SearchAttributeStateMachine: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		},
		Logger:         logger,
		ServerLogLevel: serverLevel,
	})
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			logger.Error("stopping the Temporal server", "error", err)
		}
	}()

	cl, err := client.DialContext(c.Context, client.Options{
		HostPort:          srv.FrontendAddress(),
		Namespace:         srv.Namespace(),
		Logger:            sdklog.NewStructuredLogger(logger),
		ConnectionOptions: client.ConnectionOptions{DialOptions: []grpc.DialOption{connect.SafeHeaders()}},
		DataConverter:     workflows.DataConverter(),
	})
	if err != nil {
		return fmt.Errorf("connecting to the dev server: %w", err)
	}
	defer cl.Close()

	queue := c.String(flagTaskQueue)
	fmt.Fprintf(out, "Temporal server:  %s (namespace %q)\n", srv.FrontendAddress(), srv.Namespace())
	if srv.UIURL() != "" {
		fmt.Fprintf(out, "Web UI:           %s\n", srv.UIURL())
	}
	fmt.Fprintf(out, "Database:         %s\n", dbFile)
	fmt.Fprintf(out, "Worker:           task queue %q\n", queue)

	ctx, cancel := context.WithCancel(c.Context)
	defer cancel()
	var workerErr error
	workerStopped := make(chan struct{})
	go func() {
		defer close(workerStopped)
		workerErr = worker.Run(ctx, cl, worker.Options{
			TaskQueue:   queue,
			Activities:  activities.NewRegistry(),
			Logger:      logger,
			StopTimeout: c.Duration(flagStopTimeout),
		})
	}()

	var exampleErr error
	if c.Bool(flagExample) {
		exampleErr = runExample(ctx, cl, out, queue, srv.Namespace(), srv.UIURL(), workerStopped)
		if exampleErr != nil && !c.Bool(flagExit) && ctx.Err() == nil {
			logger.Error("the example failed", "error", exampleErr)
		}
	}
	if c.Bool(flagExit) {
		cancel()
	} else {
		fmt.Fprintln(out, "Serving; press Ctrl-C to stop.")
	}
	<-workerStopped
	if workerErr != nil {
		return workerErr
	}
	if c.Bool(flagExit) {
		return exampleErr
	}
	return nil
}

// runExample starts the hello example, waits for it and prints its output
// and the Web UI link to its history.
func runExample(ctx context.Context, cl client.Client, out io.Writer, queue, namespace, uiURL string, workerStopped <-chan struct{}) error {
	id := "hello-" + time.Now().UTC().Format("20060102-150405.000")
	id = strings.ReplaceAll(id, ".", "-")
	opts := client.StartWorkflowOptions{
		ID:        id,
		TaskQueue: queue,
		Memo: map[string]any{
			workflows.MemoStateMachine:  examples.HelloName,
			workflows.MemoExecutionName: id,
		},
		TypedSearchAttributes: temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(workflows.SearchAttributeStateMachine).ValueSet(examples.HelloName)),
		StaticSummary: fmt.Sprintf("%s: execution %s", examples.HelloName, id),
	}
	in := workflows.Input{
		Definition:       examples.HelloDefinition,
		Input:            examples.HelloInput,
		Name:             id,
		StateMachineName: examples.HelloName,
	}
	run, err := cl.ExecuteWorkflow(ctx, opts, workflows.WorkflowType, in)
	if err != nil {
		return fmt.Errorf("starting the example: %w", err)
	}
	fmt.Fprintf(out, "Example:          examples/hello.asl.json, workflow %s, run %s\n", run.GetID(), run.GetRunID())

	// Wait for the result, unless the worker stops first (then nothing
	// would ever run the example).
	type result struct {
		out json.RawMessage
		err error
	}
	done := make(chan result, 1)
	waitCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		var r result
		r.err = run.Get(waitCtx, &r.out)
		done <- r
	}()
	var res result
	select {
	case res = <-done:
	case <-workerStopped:
		return errors.New("the worker stopped before the example finished")
	}
	link := historyLink(uiURL, namespace, run.GetID(), run.GetRunID())
	if res.err != nil {
		if link != "" {
			fmt.Fprintf(out, "History:          %s\n", link)
		}
		return fmt.Errorf("the example failed: %w", res.err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, res.out); err != nil {
		return fmt.Errorf("the example's output is not JSON: %w", err)
	}
	fmt.Fprintf(out, "Output:           %s\n", compact.String())
	if link != "" {
		fmt.Fprintf(out, "History:          %s\n", link)
	}
	return nil
}

// historyLink is the Web UI page of one run's history, "" without a UI.
func historyLink(uiURL, namespace, workflowID, runID string) string {
	if uiURL == "" {
		return ""
	}
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s/%s/history", uiURL,
		url.PathEscape(namespace), url.PathEscape(workflowID), url.PathEscape(runID))
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("%q: want debug, info, warn or error", s)
	}
	return l, nil
}
