package testsuite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

// SkipTestStateOnTemporal is why the Temporal engines skip TestState
// cases: TestState evaluates one state outside any execution, which is
// asl.TestState's job, not the workflow's; the memory engine runs them.
const SkipTestStateOnTemporal = "TestState runs on the memory engine only"

// TemporalEngine runs each execution case as the StateMachine workflow in
// Temporal's test environment: time skipping on a fake clock that starts
// at Start, the interpreter registered with a registry of the case's own
// Lambda doubles, and the ASL history read back with the asl.history
// query.
//
// A Lambda double may simulate a long call (wait_60_seconds sleeps 60 s).
// In the test environment an activity cannot wait on the workflow clock,
// and its timeouts are enforced in real time (its context deadline, and a
// watcher comparing time.Since(start) with StartToCloseTimeout and
// HeartbeatTimeout), so blocking until the context ends would cost the
// state's TimeoutSeconds in real time. Instead such calls are mocked
// (mockDurations): the mock waits the call's duration, or the activity's
// timeout when that is shorter, on the workflow clock, then returns the
// double's answer or the timeout error Temporal reports (a TimeoutError of
// type START_TO_CLOSE or HEARTBEAT). The interpreter sees the same
// ActivityError as from a real timeout, and the fake clock moves as it
// would on a server.
type TemporalEngine struct {
	// Start is the workflow clock's start; zero means DefaultStart.
	Start time.Time
}

// Name implements Engine.
func (e *TemporalEngine) Name() string { return "temporal" }

// quietLogger drops the test environment's logs, which would otherwise
// interleave with the runner's report.
var quietLogger = log.NewStructuredLogger(slog.New(slog.DiscardHandler))

// Run implements Engine.
func (e *TemporalEngine) Run(c *Case) (*Outcome, error) {
	if c.Kind == TestState {
		return nil, &SkipError{Reason: SkipTestStateOnTemporal}
	}
	// The workflow would fail an invalid definition too; parsing here first
	// reports it the way the memory engine does.
	if _, err := asl.Parse(c.DefinitionJSON); err != nil {
		return nil, fmt.Errorf("asl.Parse rejected the definition: %w", err)
	}
	acts, err := NewTaskActivities(c)
	if err != nil {
		return nil, &SkipError{Reason: err.Error()}
	}
	reg := activities.NewRegistry()
	resources := TaskResources(c)
	acts.Register(reg, resources)

	var s sdktest.WorkflowTestSuite
	s.SetLogger(quietLogger)
	env := s.NewTestWorkflowEnvironment()
	start := e.Start
	if start.IsZero() {
		start = DefaultStart
	}
	env.SetStartTime(start)
	env.SetTestTimeout(DefaultCaseTimeout)
	workflows.Register(env, reg)
	acts.mockDurations(env, reg, resources)

	env.ExecuteWorkflow(workflows.WorkflowType, WorkflowInput(c))
	if !env.IsWorkflowCompleted() {
		return nil, errors.New("the workflow did not complete")
	}
	var raw json.RawMessage
	wfErr := env.GetWorkflowError()
	if wfErr == nil {
		if err := env.GetWorkflowResult(&raw); err != nil {
			return nil, fmt.Errorf("reading the workflow result: %w", err)
		}
	}
	var hist []workflows.HistoryEvent
	v, err := env.QueryWorkflow(workflows.QueryHistory)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", workflows.QueryHistory, err)
	}
	if err := v.Get(&hist); err != nil {
		return nil, fmt.Errorf("query %s: %w", workflows.QueryHistory, err)
	}
	return WorkflowOutcome(raw, wfErr, hist)
}

// WorkflowInput is the StateMachine workflow input for a case: its
// definition and input, and the execution and state machine names of
// IdentityFor. The workflow derives $$.Execution.Id and $$.StateMachine.Id
// from the names (workflows.ExecutionARN), so they are ARNs of another
// region and account than AWS's, which the recorded placeholders accept.
func WorkflowInput(c *Case) workflows.Input {
	id := IdentityFor(c)
	in := workflows.Input{
		Definition:       json.RawMessage(c.DefinitionJSON),
		Name:             id.Name,
		StateMachineName: id.StateMachineName,
		RoleArn:          id.RoleArn,
		Express:          c.StateMachineType == "EXPRESS",
	}
	if c.Input != nil {
		in.Input = json.RawMessage(value.Marshal(c.Input))
	}
	return in
}

// WorkflowOutcome converts how a StateMachine workflow ended (its result,
// or its error) and its ASL history to an Outcome. An execution that ran
// past its TimeoutSeconds is TIMED_OUT; any other ASL error is FAILED; a
// cancelled workflow is ABORTED. An error that is none of these (the
// workflow was terminated, or failed outside the interpreter) is returned.
func WorkflowOutcome(result json.RawMessage, wfErr error, hist []workflows.HistoryEvent) (*Outcome, error) {
	o := &Outcome{Events: make([]string, len(hist))}
	for i, h := range hist {
		o.Events[i] = h.Type
	}
	if wfErr == nil {
		o.Status = string(asl.Succeeded)
		if len(result) > 0 {
			out, err := value.Parse(result)
			if err != nil {
				return nil, fmt.Errorf("the workflow result is not JSON: %w", err)
			}
			o.Output = out
		}
		return o, nil
	}
	if temporal.IsCanceledError(wfErr) {
		o.Status = string(asl.Aborted)
		return o, nil
	}
	fe, ok := workflows.ExecutionError(wfErr)
	if !ok {
		return nil, fmt.Errorf("the workflow ended without an ASL error: %w", wfErr)
	}
	o.Status = string(asl.Failed)
	if workflows.IsExecutionTimeout(wfErr) {
		o.Status = string(asl.TimedOut)
	}
	o.Error, o.Cause, o.HasCause = fe.Name, fe.Cause, fe.HasCause
	return o, nil
}

// mockDurations makes the test environment honour the simulated duration
// of the case's doubles (see TemporalEngine). For every resource it adds,
// in this order, one mock per duration d of the doubles that waits d on the
// workflow clock when the activity's limit (activityLimit) is at least d,
// one per whole second s below d that waits s when the limit is s (the
// call then times out), and a last one for every other call (no simulated
// time, or a limit that is not whole seconds) that runs the real-time
// activity. The matchers read the limit from the activity's context and
// the duration from its input, so concurrent calls cannot mix. Nothing is
// mocked for a case whose doubles all answer at once.
func (a *TaskActivities) mockDurations(env *sdktest.TestWorkflowEnvironment, reg *activities.Registry, resources []string) {
	durations := a.durations()
	if len(durations) == 0 {
		return
	}
	for _, r := range resources {
		route, ok := reg.Route(r)
		if !ok {
			continue
		}
		answer := a.fakeTimeFunc(r)
		took := func(d time.Duration) any {
			return mock.MatchedBy(func(in json.RawMessage) bool { return a.duration(r, in) == d })
		}
		for _, d := range durations {
			atLeast := mock.MatchedBy(func(ctx context.Context) bool {
				limit, _ := activityLimit(ctx)
				return limit >= d
			})
			env.OnActivity(route.ActivityType, atLeast, took(d)).Return(answer).After(d)
			for s := time.Second; s < d; s += time.Second {
				exactly := mock.MatchedBy(func(ctx context.Context) bool {
					limit, _ := activityLimit(ctx)
					return limit == s
				})
				env.OnActivity(route.ActivityType, exactly, took(d)).Return(answer).After(s)
			}
		}
		env.OnActivity(route.ActivityType, mock.Anything, mock.Anything).Return(a.Func(r))
	}
}
