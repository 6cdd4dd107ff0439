package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// errTypeExecutionTimedOut marks a child workflow that stopped because the
// parent execution's TimeoutSeconds passed, so the parent can tell it from a
// state's own States.Timeout.
const errTypeExecutionTimedOut = "aslworker.ExecutionTimedOut"

// errTypeInvalidDefinition fails an execution whose definition does not parse.
const errTypeInvalidDefinition = "aslworker.InvalidDefinition"

// DefaultTaskTimeout is the start-to-close timeout of a Task whose state has
// no TimeoutSeconds: AWS's default of 99999999 seconds.
const DefaultTaskTimeout = 99999999 * time.Second

// Register registers the interpreter workflow and the Go activities of reg
// on a worker.
func Register(w worker.Registry, reg *activities.Registry) {
	RegisterWithClient(w, reg, nil)
}

// RegisterWithClient is Register for a worker that has a client: child
// workflows can then load their branches or item processors from the root
// run's history when this process has not cached them.
func RegisterWithClient(w worker.Registry, reg *activities.Registry, c client.Client) {
	i := &Interpreter{Registry: reg, Client: c}
	w.RegisterWorkflowWithOptions(i.StateMachine, workflow.RegisterOptions{Name: WorkflowType})
	reg.Register(w)
	w.RegisterActivityWithOptions(yieldActivity, activity.RegisterOptions{Name: YieldActivity})
}

// Interpreter is the workflow that runs any ASL definition.
type Interpreter struct {
	Registry *activities.Registry
	// Client, if set, lets a child workflow fetch its branch or item
	// processor from the root run's history when this process does not
	// have it cached (another worker ran the parent, or it restarted).
	Client client.Client
}

// StateMachine is the workflow function: it runs in.Definition (or one job
// of it, for a child) and returns the output as JSON.
func (i *Interpreter) StateMachine(ctx workflow.Context, in Input) (json.RawMessage, error) {
	if in.undecodable != "" {
		// Only DataConverter sets it; before, such an input failed every
		// workflow task, so no recorded history reaches this.
		return nil, temporal.NewNonRetryableApplicationError(
			"the workflow input could not be decoded, so the execution cannot start: "+in.undecodable+
				" (an execution input may be nested at most 1000 levels deep and be at most 256 KiB)", failure.Runtime, nil)
	}
	reg := i.Registry
	if reg == nil {
		reg = activities.NewRegistry()
	}
	if in.Group != nil {
		return i.runGroup(ctx, in, reg)
	}
	m, err := asl.Parse(in.Definition)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), errTypeInvalidDefinition, nil)
	}
	info := workflow.GetInfo(ctx)
	rt := &runtime{ctx: ctx, reg: reg, taskQueue: info.TaskQueueName, workflowID: info.WorkflowExecution.ID, def: in.Definition,
		doc: m.Definition(), version: interpreterVersion(ctx)}
	st := &Status{StateMachineName: in.StateMachineName, ExecutionName: in.Name}
	if in.Resume != nil {
		st.Transitions, st.Run = int(in.Resume.Transitions), in.Resume.Runs
	}
	var events []asl.Event
	rt.kept = func() int { return len(events) }
	rt.runStart = workflow.Now(ctx)
	observe := func(ev asl.Event) {
		// The history a run keeps for its queries is bounded; a long
		// execution hands off to a fresh run (continue-as-new) well before
		// the bound, so only a single huge state can reach it.
		if len(events) < maxRunEvents {
			events = append(events, ev)
		} else {
			st.DroppedEvents++
		}
		if len(ev.Type) > len("StateEntered") && ev.Type[len(ev.Type)-len("StateEntered"):] == "StateEntered" {
			st.CurrentState = ev.State
			rt.state = ev.State
			st.Transitions++
		}
	}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (Status, error) { return *st, nil }); err != nil {
		return nil, err
	}
	if err := workflow.SetQueryHandler(ctx, QueryHistory, func() ([]HistoryEvent, error) { return historyAnswer(events), nil }); err != nil {
		return nil, err
	}
	if err := workflow.SetQueryHandler(ctx, QueryHistoryPage, func(after int) (HistoryPage, error) { return historyPage(events, after), nil }); err != nil {
		return nil, err
	}

	if in.Job != nil {
		out, err := m.RunJob(*in.Job, rt, observe)
		st.CurrentState = ""
		if err != nil {
			return nil, toJobError(err, childEvents(events))
		}
		return json.Marshal(jobResult{Marker: 1, Output: value.Marshal(out), Events: childEvents(events)})
	}

	input := any(value.NewObject(0))
	if len(in.Input) > 0 {
		if input, err = value.Parse(in.Input); err != nil {
			return nil, temporal.NewNonRetryableApplicationError("the execution input is not valid JSON: "+err.Error(), failure.Runtime, nil)
		}
	}
	smName := in.StateMachineName
	if smName == "" {
		smName = "StateMachine"
	}
	name := in.Name
	if name == "" {
		name = info.WorkflowExecution.ID
	}
	runID := info.WorkflowExecution.RunID
	startTime := info.WorkflowStartTime
	if rt.bounded() {
		// An execution is one chain of runs: its ARN and start time are its
		// first run's.
		runID = info.FirstRunID
		if in.StartTime != nil {
			startTime = *in.StartTime
		}
	}
	res := m.Execute(context.Background(), rt, asl.Execution{
		Resume:           in.Resume,
		MaxTransitions:   in.MaxTransitions,
		Input:            input,
		Name:             name,
		ID:               executionID(smName, name, in.Express, runID),
		RoleArn:          in.RoleArn,
		StateMachineName: smName,
		StateMachineID:   StateMachineARN(smName),
		StartTime:        startTime,
		Express:          in.Express,
		Observer:         observe,
	})
	st.CurrentState = ""
	switch res.Status {
	case asl.Continued:
		next := in
		next.Resume, next.StartTime = res.Resume, &startTime
		return nil, workflow.NewContinueAsNewError(ctx, WorkflowType, next)
	case asl.Succeeded:
		return value.Marshal(res.Output), nil
	case asl.Aborted:
		return nil, res.Abort
	case asl.TimedOut:
		return nil, executionTimeout()
	}
	return nil, toWorkflowError(res.Error)
}

// ExecutionARN is the $$.Execution.Id of an execution: AWS's ARN shape, in
// the "local" region of account 000000000000.
func ExecutionARN(stateMachine, name string) string {
	return fmt.Sprintf("arn:aws:states:local:000000000000:execution:%s:%s", stateMachine, name)
}

// executionID is ExecutionARN, or for an EXPRESS execution AWS's express
// form, which adds a run identifier.
func executionID(stateMachine, name string, express bool, runID string) string {
	if express {
		return fmt.Sprintf("arn:aws:states:local:000000000000:express:%s:%s:%s", stateMachine, name, runID)
	}
	return ExecutionARN(stateMachine, name)
}

// StateMachineARN is the $$.StateMachine.Id of a machine.
func StateMachineARN(stateMachine string) string {
	return "arn:aws:states:local:000000000000:stateMachine:" + stateMachine
}

// toJobError is toWorkflowError for a child workflow: the error also
// carries the job's events.
func toJobError(err error, events []HistoryEvent) error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return temporal.NewNonRetryableApplicationError(causeText(fe), fe.Name, nil, causeDetail{HasCause: fe.HasCause, Events: events})
	}
	return toWorkflowError(err)
}

func causeText(fe *failure.Error) string {
	if !fe.HasCause {
		return ""
	}
	return fe.Cause
}

// toWorkflowError ends a workflow with an ASL error: an application error
// whose type is the error name and whose message is the cause.
func toWorkflowError(err error) error {
	var abort *asl.AbortError
	if errors.As(err, &abort) {
		return abort.Err
	}
	if errors.Is(err, asl.ErrExecutionTimedOut) {
		// Inside a child: the parent turns this into its own timeout.
		return temporal.NewNonRetryableApplicationError(executionTimeoutMessage, errTypeExecutionTimedOut, nil)
	}
	var fe *failure.Error
	if !errors.As(err, &fe) {
		fe = failure.New(failure.TaskFailed, "%v", err)
	}
	return temporal.NewNonRetryableApplicationError(causeText(fe), fe.Name, nil, causeDetail{HasCause: fe.HasCause})
}

// causeDetail travels with every error the interpreter ends a workflow
// with. It keeps "no cause" apart from "empty cause", marks an execution
// that ran past its TimeoutSeconds (TIMED_OUT, not a state's
// States.Timeout), and shows the error is the interpreter's own, whose
// name is kept as it is, even when empty.
type causeDetail struct {
	HasCause          bool `json:"hasCause"`
	ExecutionTimedOut bool `json:"executionTimedOut,omitempty"`
	// Events are a failed child's history events, for the parent's history.
	Events []HistoryEvent `json:"events,omitempty"`
}

// executionTimeout is the error of an execution that ran past its
// TimeoutSeconds.
func executionTimeout() error {
	return temporal.NewNonRetryableApplicationError(executionTimeoutMessage, failure.Timeout, nil, causeDetail{ExecutionTimedOut: true})
}

// fromTemporalError maps an activity or child workflow failure to an ASL
// error. This, with toWorkflowError, is the one place where Temporal
// failures and ASL names meet.
func fromTemporalError(err error) error {
	var te *temporal.TimeoutError
	if errors.As(err, &te) {
		if te.TimeoutType().String() == "Heartbeat" {
			return failure.Bare(failure.HeartbeatTimeout)
		}
		return failure.Bare(failure.Timeout)
	}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		if ae.Type() == errTypeExecutionTimedOut {
			return asl.ErrExecutionTimedOut
		}
		fe := &failure.Error{Name: ae.Type(), Cause: ae.Message(), HasCause: true}
		var d causeDetail
		if ae.HasDetails() && ae.Details(&d) == nil {
			fe.HasCause = d.HasCause // the interpreter's own error: its name stands, even empty
		} else if fe.Name == "" {
			fe.Name = failure.TaskFailed
		}
		return fe
	}
	if temporal.IsCanceledError(err) {
		return asl.Abort(err)
	}
	return failure.New(failure.TaskFailed, "%v", err)
}

// runtime implements asl.Runtime inside a workflow.
type runtime struct {
	ctx        workflow.Context
	reg        *activities.Registry
	taskQueue  string
	workflowID string
	def        json.RawMessage // the pinned definition, handed to child workflows
	doc        any             // def as the run parsed it (m.Definition()); nil in a group child
	state      string          // the state being run, for summaries
	forks      int             // Fork calls so far, to give child workflows unique IDs
	// version is this run's behaviour version (version.go): old histories
	// replay with the behaviour they were recorded with.
	version workflow.Version
	steps   int // states entered since the last yield
	// runStart is when this run began (workflow time).
	runStart time.Time
	yields   int        // yields in this run
	kept     func() int // the ASL events this run keeps so far
	fan      *fanout    // what the run's forks hand their children (forkgroups.go)
}

// bounded reports whether this run bounds its work (versionBounded or
// later).
func (r *runtime) bounded() bool { return r.version >= versionBounded }

func (r *runtime) Now() time.Time { return workflow.Now(r.ctx) }

func (r *runtime) Sleep(d time.Duration) error {
	err := workflow.NewTimerWithOptions(r.ctx, d, workflow.TimerOptions{Summary: r.state}).Get(r.ctx, nil)
	if err != nil {
		return asl.Abort(err)
	}
	return nil
}

func (r *runtime) UUID() string {
	var s string
	if err := workflow.SideEffect(r.ctx, func(workflow.Context) any { return uuid.NewString() }).Get(&s); err != nil {
		panic(err) // a recorded side effect always decodes
	}
	return s
}

func (r *runtime) Random() float64 {
	var f float64
	if err := workflow.SideEffect(r.ctx, func(workflow.Context) any { return rand.Float64() }).Get(&f); err != nil {
		panic(err)
	}
	return f
}

// RunTask runs a Task state as one activity attempt: ASL Retry, done by the
// interpreter with durable timers, is the only retry authority.
func (r *runtime) RunTask(req *asl.TaskRequest) (any, error) {
	route, ok := r.reg.Route(req.Resource)
	if !ok {
		return nil, failure.New(failure.TaskFailed, "%s", activities.Unknown(req.Resource))
	}
	timeout := DefaultTaskTimeout
	if req.TimeoutSeconds > 0 {
		timeout = time.Duration(req.TimeoutSeconds) * time.Second
	}
	opts := workflow.ActivityOptions{
		TaskQueue:           route.TaskQueue,
		StartToCloseTimeout: timeout,
		// TimeoutSeconds covers the whole task, time in the queue included,
		// as on AWS: a Task nobody serves times out too.
		ScheduleToCloseTimeout: r.scheduleToClose(timeout),
		RetryPolicy:            &temporal.RetryPolicy{MaximumAttempts: 1},
		Summary:                req.State,
	}
	if req.HeartbeatSeconds > 0 {
		opts.HeartbeatTimeout = time.Duration(req.HeartbeatSeconds) * time.Second
	}
	var raw json.RawMessage
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(r.ctx, opts), route.ActivityType, json.RawMessage(value.Marshal(req.Input))).Get(r.ctx, &raw)
	if err != nil {
		if r.bounded() && resultTooLarge(err) {
			return nil, asl.ErrResultTooLarge
		}
		return nil, fromTemporalError(err)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	out, err := value.Parse(raw)
	if err != nil {
		return nil, failure.New(failure.TaskFailed, "the task result is not valid JSON: %v", err)
	}
	return out, nil
}

// scheduleToClose is a Task's schedule-to-close timeout: its TimeoutSeconds
// (time in the queue included) since versionBounded, none before.
func (r *runtime) scheduleToClose(timeout time.Duration) time.Duration {
	if !r.bounded() {
		return 0
	}
	return timeout
}

// resultTooLarge reports whether an activity failed because its result was
// over Temporal's payload limit: the Go SDK refuses to send it (a
// payloadSizeError, since SDK 1.50), or the frontend fails the activity
// ("Complete result exceeds size limit.") for workers that send it anyway.
func resultTooLarge(err error) bool {
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) && ae.Type() == "payloadSizeError" {
		return true
	}
	var se *temporal.ServerError
	return errors.As(err, &se) && strings.Contains(se.Message(), "exceeds size limit")
}
