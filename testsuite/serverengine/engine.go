package serverengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/testsuite"
	"github.com/aslworker/aslworker/workflows"
)

// MaxRealTime is the longest a case may last (its simulated duration on
// the memory engine: Waits, retry intervals, task durations, timeouts)
// before it is skipped, unless the engine runs slow cases.
const MaxRealTime = 10 * time.Second

// SkipNeedsRealTime is the skip reason of a case longer than MaxRealTime.
const SkipNeedsRealTime = "needs real time > 10s"

// TaskQueue is the task queue the engine's worker polls.
const TaskQueue = "conformance"

// startWorkers bounds the goroutines that start executions in Begin.
const startWorkers = 8

// Engine is the server engine. Begin starts the server, the worker and
// every execution at once; Run collects one case's outcome; Close stops
// the server.
type Engine struct {
	// Slow runs the cases that need more than MaxRealTime too.
	Slow bool

	srv    *temporaltest.TestServer
	client client.Client
	worker worker.Worker
	// owners maps a root workflow ID to the doubles of the case it runs;
	// filled before the worker starts, read-only afterwards.
	owners map[string]*testsuite.TaskActivities
	runs   map[string]*pending // by case name
}

var _ testsuite.BatchEngine = (*Engine)(nil)

// pending is a case after Begin: its execution, or why it did not start.
type pending struct {
	run  client.WorkflowRun
	err  error
	skip string
}

// Name implements testsuite.Engine.
func (e *Engine) Name() string { return "server" }

// quiet drops the SDK's logs, which would otherwise interleave with the
// runner's report.
var quiet = log.NewStructuredLogger(slog.New(slog.DiscardHandler))

// Begin implements testsuite.BatchEngine: it decides which cases run,
// registers the Lambda doubles of all of them on one worker and starts
// their executions.
func (e *Engine) Begin(cases []*testsuite.Case) error {
	if e.srv != nil {
		return errors.New("serverengine: Begin called twice")
	}
	e.owners = map[string]*testsuite.TaskActivities{}
	e.runs = map[string]*pending{}
	resources := map[string]bool{}
	var todo []*testsuite.Case
	for _, c := range cases {
		if testsuite.SkipReason(c) != "" {
			continue // the runner skips it before asking
		}
		if c.Kind == testsuite.TestState {
			e.runs[c.Name] = &pending{skip: testsuite.SkipTestStateOnTemporal}
			continue
		}
		if _, err := asl.Parse(c.DefinitionJSON); err != nil {
			e.runs[c.Name] = &pending{err: fmt.Errorf("asl.Parse rejected the definition: %w", err)}
			continue
		}
		if !e.Slow {
			if d, err := testsuite.SimulatedDuration(c); err == nil && d > MaxRealTime {
				e.runs[c.Name] = &pending{skip: SkipNeedsRealTime}
				continue
			}
		}
		acts, err := testsuite.NewTaskActivities(c)
		if err != nil {
			e.runs[c.Name] = &pending{skip: err.Error()}
			continue
		}
		e.owners[workflowID(c)] = acts
		for _, r := range testsuite.TaskResources(c) {
			resources[r] = true
		}
		e.runs[c.Name] = &pending{}
		todo = append(todo, c)
	}

	e.srv = temporaltest.NewServer(temporaltest.WithBaseClientOptions(client.Options{Logger: quiet}))
	e.client = e.srv.GetDefaultClient()
	reg := activities.NewRegistry()
	names := make([]string, 0, len(resources))
	for r := range resources {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, r := range names {
		reg.RegisterFunc(r, e.dispatch(r))
	}
	e.worker = e.srv.NewWorker(TaskQueue, func(w worker.Registry) { workflows.Register(w, reg) })

	// Start every execution, a few at a time; they then run side by side.
	work := make(chan *testsuite.Case)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range startWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				run, err := e.client.ExecuteWorkflow(context.Background(),
					client.StartWorkflowOptions{ID: workflowID(c), TaskQueue: TaskQueue},
					workflows.WorkflowType, testsuite.WorkflowInput(c))
				mu.Lock()
				e.runs[c.Name] = &pending{run: run, err: err}
				mu.Unlock()
			}
		}()
	}
	for _, c := range todo {
		work <- c
	}
	close(work)
	wg.Wait()
	return nil
}

// Run implements testsuite.Engine: it waits for the case's execution to
// end and reads its ASL history.
func (e *Engine) Run(c *testsuite.Case) (*testsuite.Outcome, error) {
	p := e.runs[c.Name]
	switch {
	case p == nil:
		return nil, fmt.Errorf("serverengine: case %s was not given to Begin", c.Name)
	case p.skip != "":
		return nil, &testsuite.SkipError{Reason: p.skip}
	case p.err != nil:
		return nil, p.err
	}
	ctx := context.Background()
	var raw json.RawMessage
	wfErr := p.run.Get(ctx, &raw)
	v, err := e.client.QueryWorkflow(ctx, p.run.GetID(), p.run.GetRunID(), workflows.QueryHistory)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w (the execution ended with %v)", workflows.QueryHistory, err, wfErr)
	}
	var hist []workflows.HistoryEvent
	if err := v.Get(&hist); err != nil {
		return nil, fmt.Errorf("query %s: %w", workflows.QueryHistory, err)
	}
	return testsuite.WorkflowOutcome(raw, wfErr, hist)
}

// Close implements testsuite.BatchEngine.
func (e *Engine) Close() (err error) {
	if e.srv == nil {
		return nil
	}
	defer func() {
		// TestServer.Stop reports a shutdown error through the *testing.T
		// it was not given, and so panics.
		if p := recover(); p != nil {
			err = fmt.Errorf("stopping the Temporal server: %v", p)
		}
	}()
	e.srv.Stop()
	e.srv = nil
	return nil
}

// workflowID is the ID of a case's execution: unique per case and without
// a slash, so that it prefixes the IDs of the child workflows running its
// Parallel branches and Map iterations (theirs are "<parent ID>/...").
func workflowID(c *testsuite.Case) string { return "conformance-" + testsuite.IdentityFor(c).Name }

// dispatch is the activity serving resource for every case: it finds the
// case from the root of the calling workflow's ID and runs that case's
// doubles in real time.
func (e *Engine) dispatch(resource string) testsuite.ActivityFunc {
	return func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		id := activity.GetInfo(ctx).WorkflowExecution.ID
		root, _, _ := strings.Cut(id, "/")
		acts := e.owners[root]
		if acts == nil {
			return nil, temporal.NewNonRetryableApplicationError("no conformance case owns workflow "+id, "States.TaskFailed", nil)
		}
		return acts.Func(resource)(ctx, in)
	}
}
