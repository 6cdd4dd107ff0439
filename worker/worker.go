package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/workflows"
)

// DefaultStopTimeout is how long Run waits for in-flight activities after
// its context is cancelled.
const DefaultStopTimeout = 10 * time.Second

// Options configure Run.
type Options struct {
	// TaskQueue is the queue polled for the interpreter workflow and the
	// registered Go activities; "" means workflows.DefaultTaskQueue.
	TaskQueue string
	// Activities serves Task states with Go functions; nil means none (Task
	// states can still name activities served by other workers).
	Activities *activities.Registry
	// Logger receives the worker's own messages; nil discards them. The SDK
	// logs through the client's logger.
	Logger *slog.Logger
	// StopTimeout is how long a stop waits for running activities before
	// their contexts are cancelled; 0 means DefaultStopTimeout, a negative
	// value does not wait.
	StopTimeout time.Duration
	// Tune adjusts the SDK worker options (concurrency, pollers, ...) before
	// the worker is created; nil leaves the SDK defaults.
	Tune func(*sdkworker.Options)
}

// New creates the SDK worker with the interpreter and the activities
// registered, not started.
func New(c client.Client, opts Options) sdkworker.Worker {
	w, _ := newWorker(c, opts, nil)
	return w
}

func newWorker(c client.Client, opts Options, onFatal func(error)) (sdkworker.Worker, string) {
	queue := opts.TaskQueue
	if queue == "" {
		queue = workflows.DefaultTaskQueue
	}
	stop := opts.StopTimeout
	switch {
	case stop == 0:
		stop = DefaultStopTimeout
	case stop < 0:
		stop = 0
	}
	wo := sdkworker.Options{WorkerStopTimeout: stop, OnFatalError: onFatal}
	if opts.Tune != nil {
		opts.Tune(&wo)
		if onFatal != nil {
			wo.OnFatalError = chainFatal(wo.OnFatalError, onFatal)
		}
	}
	reg := opts.Activities
	if reg == nil {
		reg = activities.NewRegistry()
	}
	w := sdkworker.New(c, queue, wo)
	workflows.RegisterWithClient(w, reg, c)
	return w, queue
}

func chainFatal(user, ours func(error)) func(error) {
	if user == nil {
		return ours
	}
	return func(err error) { user(err); ours(err) }
}

// Run polls the task queue until ctx is cancelled, then stops the worker:
// polling ends at once and running activities get StopTimeout to finish.
// It returns nil after a stop asked for through ctx, and an error when the
// worker cannot start (an unknown namespace, an unreachable server) or fails
// while running.
func Run(ctx context.Context, c client.Client, opts Options) error {
	if c == nil {
		return errors.New("worker: no client")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	fatal := make(chan error, 1)
	w, queue := newWorker(c, opts, func(err error) {
		select {
		case fatal <- err:
		default:
		}
	})
	if err := w.Start(); err != nil {
		return fmt.Errorf("worker: starting on task queue %q: %w", queue, err)
	}
	logger.Info("worker started", "taskQueue", queue, "workflowType", workflows.WorkflowType,
		"activities", len(activityNames(opts.Activities)))

	var err error
	select {
	case <-ctx.Done():
		logger.Info("worker stopping", "taskQueue", queue)
	case err = <-fatal:
		logger.Error("worker failed", "taskQueue", queue, "error", err)
		err = fmt.Errorf("worker: task queue %q: %w", queue, err)
	}
	w.Stop()
	logger.Info("worker stopped", "taskQueue", queue)
	return err
}

func activityNames(reg *activities.Registry) []string {
	if reg == nil {
		return nil
	}
	return reg.Resources()
}
