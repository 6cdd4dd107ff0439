package asl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// ErrExecutionTimedOut ends the whole execution when its TimeoutSeconds has
// passed; it is not an ASL error and nothing can catch it. A runtime that
// runs jobs elsewhere must carry it back from them as itself (errors.Is).
var ErrExecutionTimedOut = errors.New("asl: execution timed out")

// AbortError is how a runtime says the execution is being stopped from
// outside (a Temporal cancellation): the run unwinds without Retry or Catch
// and ends ABORTED. Err is the runtime's own error, kept for the adapter.
type AbortError struct{ Err error }

func (e *AbortError) Error() string { return "asl: execution aborted: " + e.Err.Error() }
func (e *AbortError) Unwrap() error { return e.Err }

// Abort wraps err as an AbortError (unless it already is one).
func Abort(err error) error {
	var ae *AbortError
	if errors.As(err, &ae) {
		return err
	}
	return &AbortError{Err: err}
}

// endsRun reports whether err stops the whole execution, past any Retry or
// Catch: the execution timed out or is being aborted.
func endsRun(err error) bool {
	var ae *AbortError
	return errors.Is(err, ErrExecutionTimedOut) || errors.As(err, &ae)
}

// ErrResultTooLarge is how a runtime says a task's result was too large
// to deliver (Temporal refuses an activity result over its payload limit):
// the state fails with States.DataLimitExceeded in AWS's wording.
var ErrResultTooLarge = errors.New("asl: the task result is over the payload limit")

// ErrNotRun is the JobResult error of a job the runtime did not start
// because another job of the same fork had already failed.
var ErrNotRun = errors.New("asl: job not run because another job failed")

// execInfo is what every run of one execution shares, nested runs included.
type execInfo struct {
	ex         Execution
	deadline   time.Time // zero: no execution timeout
	ctxExec    *value.Object
	ctxSM      *value.Object
	eventID    int
	observing  bool
	maxPayload int
	// done is the Execute context's Done channel (nil: never done).
	done <-chan struct{}
	ctx  context.Context
	// transitions counts the states entered, earlier runs included;
	// maxTransitions (0: none) caps it.
	transitions    int64
	maxTransitions int64
	// test is set when the run is a TestState call (teststate.go): it fixes
	// the context object, skips waits and leaves the state-name prefix off
	// States.Runtime causes, as AWS's TestState does.
	test *testRun
}

// run is the per-run state of one (root or nested) state machine: which
// runtime it talks to and the execution it belongs to. The machine itself is
// never modified.
type run struct {
	rt   Runtime
	exec *execInfo
	// known is the last object whose payload size was measured (io.go).
	known knownSize
}

// Execute runs the state machine to its end and reports how it ended. It
// never panics on bad input data: problems become ASL errors as in AWS.
// When ctx is done the run stops before its next state and ends ABORTED
// (Result.Abort is ctx's error); the runtime may also hand the execution off
// to a fresh run between top-level states (Runtime.Step), which ends this
// call with a Continued result.
func (m *StateMachine) Execute(ctx context.Context, rt Runtime, ex Execution) *Result {
	root := m.root
	if ex.Input == nil {
		ex.Input = value.NewObject(0)
	}
	if ex.StartTime.IsZero() {
		ex.StartTime = rt.Now()
	}
	info := &execInfo{ex: ex, observing: ex.Observer != nil, maxPayload: m.cfg.maxPayload,
		ctx: ctx, done: ctx.Done(), maxTransitions: ex.MaxTransitions}
	if root.TimeoutSeconds > 0 {
		info.deadline = ex.StartTime.Add(time.Duration(root.TimeoutSeconds) * time.Second)
	}
	info.buildContext()
	r := &run{rt: rt, exec: info}

	var out any
	var err error
	if rs := ex.Resume; rs != nil {
		info.eventID, info.transitions = rs.EventID, rs.Transitions
		st := root.byName[rs.State]
		input, perr := value.Parse(rs.Input)
		switch {
		case st == nil:
			err = failure.New(failure.Runtime, "the execution cannot continue at state %q: the definition has no such top-level state", rs.State)
		case perr != nil:
			err = failure.New(failure.Runtime, "the execution cannot continue at state %q: its input does not parse: %v", rs.State, perr)
		default:
			out, err = r.loop(st, input, true)
		}
	} else {
		r.emit(Event{Type: "ExecutionStarted", Input: ex.Input})
		if lim := m.cfg.maxPayload; lim > 0 && value.Size(ex.Input, lim) > lim {
			err := failure.New(failure.DataLimitExceeded, "The execution input exceeds the maximum size of %d bytes.", lim)
			r.emit(Event{Type: "ExecutionFailed", Error: err.Name, Cause: err.Cause, HasCause: true})
			return &Result{Status: Failed, Error: err}
		}
		out, err = r.machine(root, ex.Input, true)
	}
	var ho *handOff
	if errors.As(err, &ho) {
		runs := 0
		if ex.Resume != nil {
			runs = ex.Resume.Runs
		}
		return &Result{Status: Continued, Resume: &Resume{State: ho.state.Name, Input: value.Marshal(ho.input),
			EventID: info.eventID, Transitions: info.transitions, Runs: runs + 1}}
	}
	switch {
	case err == nil:
		r.emit(Event{Type: "ExecutionSucceeded", Output: out})
		return &Result{Status: Succeeded, Output: out}
	case errors.Is(err, ErrExecutionTimedOut):
		r.emit(Event{Type: "ExecutionTimedOut"})
		return &Result{Status: TimedOut, Error: failure.Bare(failure.Timeout)}
	}
	var abort *AbortError
	if errors.As(err, &abort) {
		r.emit(Event{Type: "ExecutionAborted"})
		return &Result{Status: Aborted, Abort: abort.Err}
	}
	fe := asFailure(err)
	r.emit(Event{Type: "ExecutionFailed", Error: fe.Name, Cause: fe.Cause, HasCause: fe.HasCause})
	return &Result{Status: Failed, Error: fe}
}

// handOff stops the top-level loop where the runtime asked to continue in
// a fresh run: the state about to be entered and its input.
type handOff struct {
	state *State
	input any
}

func (h *handOff) Error() string { return "asl: execution handed off before state " + h.state.Name }

func (e *execInfo) buildContext() {
	x := value.NewObject(6)
	x.Set("Id", e.ex.ID)
	x.Set("Input", e.ex.Input)
	x.Set("StartTime", formatTime(e.ex.StartTime))
	x.Set("Name", e.ex.Name)
	x.Set("RoleArn", e.ex.RoleArn)
	if !e.ex.Express {
		x.Set("RedriveCount", value.IntNumber(0))
	}
	e.ctxExec = x
	sm := value.NewObject(2)
	sm.Set("Id", e.ex.StateMachineID)
	sm.Set("Name", e.ex.StateMachineName)
	e.ctxSM = sm
}

// formatTime prints a time as AWS does in the context object: UTC with
// milliseconds.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// asFailure turns any error into an ASL error; errors that are not ASL
// errors are task failures.
func asFailure(err error) *failure.Error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe
	}
	return failure.New(failure.TaskFailed, "%v", err)
}

// machine runs a state machine (the root, a branch or an iteration) from its
// StartAt state to a terminal state. top marks the execution's own
// top-level machine.
func (r *run) machine(m *StateMachine, input any, top bool) (any, error) {
	st := m.start
	if st == nil {
		return nil, failure.New(failure.Runtime, "the state machine has no state named %q (StartAt)", m.StartAt)
	}
	return r.loop(st, input, top)
}

// loop runs states from st until one ends the machine. Before each state it
// takes a step (see step); in the top-level machine the runtime may hand
// the execution off there, except before the first state of a run, so that
// every run makes progress.
func (r *run) loop(st *State, input any, top bool) (any, error) {
	for entered := false; ; entered = true {
		if err := r.step(st, input, top && entered); err != nil {
			return nil, err
		}
		out, next, err := r.state(st, input)
		if err != nil {
			return nil, err
		}
		if next == nil {
			return out, nil
		}
		st, input = next, out
	}
}

// stopped is the abort of a run whose Execute context is done, or nil.
func (r *run) stopped() error {
	if e := r.exec; e.done != nil {
		select {
		case <-e.done:
			return Abort(e.ctx.Err())
		default:
		}
	}
	return nil
}

// step comes before entering a state: it stops when the execution's
// context is done, lets the runtime bound its work (and hand off, where
// mayHandOff), and enforces MaxTransitions.
func (r *run) step(st *State, input any, mayHandOff bool) error {
	e := r.exec
	if err := r.stopped(); err != nil {
		return err
	}
	handOffNow, err := r.rt.Step(mayHandOff)
	if err != nil {
		return Abort(err)
	}
	if handOffNow && mayHandOff {
		return &handOff{state: st, input: input}
	}
	e.transitions++
	if e.maxTransitions > 0 && e.transitions > e.maxTransitions {
		return failure.New(failure.Runtime,
			"The execution was stopped before entering state '%s': it reached its limit of %d state transitions (MaxTransitions). "+
				"If the definition is meant to loop this long, raise the limit.", st.Name, e.maxTransitions)
	}
	return nil
}

// frame is one visit of a state: its input, when and at which event it was
// entered, and the retry count so far.
type frame struct {
	st      *State
	raw     any
	entered int
	time    time.Time
	retries int
	token   string
	mapItem *value.Object
	// ts records the state's inspection data when TestState runs it; nil
	// otherwise, so the recording costs a normal run one nil check.
	ts *testFrame
}

// state runs one state: it emits the Entered event, does the state's work
// with its Retry and Catch, and returns the output and the next state (nil
// when the machine ends here).
func (r *run) state(st *State, raw any) (any, *State, error) {
	f := &frame{st: st, raw: raw, time: r.rt.Now()}
	f.entered = r.emit(Event{Type: string(st.Type) + "StateEntered", State: st.Name, Input: raw})
	out, next, handled, err := r.flow(f)
	if !handled {
		switch st.Type {
		case TypeFail:
			return nil, nil, r.fail(f)
		case TypeTask, TypeParallel, TypeMap:
			out, next, err = r.withRetry(f)
		default:
			err = failure.New(failure.Runtime, "unknown state type %q", st.Type)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	r.emit(Event{Type: string(st.Type) + "StateExited", State: st.Name, Output: out})
	return out, next, nil
}

// flow runs the states that only move data and pick the next state (Pass,
// Choice, Wait, Succeed); handled is false for the other types, whose
// callers differ (Execute retries and catches, TestState inspects).
func (r *run) flow(f *frame) (out any, next *State, handled bool, err error) {
	switch f.st.Type {
	case TypePass:
		out, err = r.pass(f)
		return out, f.st.next, true, err
	case TypeChoice:
		out, next, err = r.choice(f)
		return out, next, true, err
	case TypeWait:
		out, err = r.wait(f)
		return out, f.st.next, true, err
	case TypeSucceed:
		out, err = r.passThrough(f)
		return out, nil, true, err
	}
	return nil, nil, false, nil
}

// withRetry runs a Task, Parallel or Map state's attempt, retrying and
// catching per the state's Retry and Catch fields. Each retrier keeps its own
// count; counts live in this call, so they start afresh every time the state
// is entered.
func (r *run) withRetry(f *frame) (any, *State, error) {
	st := f.st
	var counts []int64
	for {
		// Retries stay in one state, so they check the context too.
		if err := r.stopped(); err != nil {
			return nil, nil, err
		}
		out, err := r.attempt(f)
		if err == nil {
			return out, st.next, nil
		}
		if endsRun(err) {
			return nil, nil, err
		}
		fe := asFailure(err)
		if fe.Name == failure.Runtime {
			return nil, nil, fe // never retried or caught
		}
		if i := matchRetrier(st.Retry, fe.Name); i >= 0 {
			if counts == nil {
				counts = make([]int64, len(st.Retry))
			}
			rt := st.Retry[i]
			if counts[i] < rt.MaxAttempts {
				delay := r.backoff(rt, counts[i])
				counts[i]++
				f.retries++
				if err := r.sleep(delay); err != nil {
					return nil, nil, err
				}
				continue
			}
		}
		for _, c := range st.Catch {
			if failure.Matches(c.ErrorEquals, fe.Name) {
				out, err := r.caught(f, c, fe)
				if err != nil {
					return nil, nil, err
				}
				return out, c.next, nil
			}
		}
		return nil, nil, fe
	}
}

func matchRetrier(rs []*Retrier, name string) int {
	for i, rt := range rs {
		if failure.Matches(rt.ErrorEquals, name) {
			return i
		}
	}
	return -1
}

// backoff is the wait before retry number n+1 of a retrier:
// IntervalSeconds * BackoffRate^n, capped by MaxDelaySeconds, and with
// JitterStrategy FULL a random fraction of that.
func (r *run) backoff(rt *Retrier, n int64) time.Duration {
	secs := retryDelay(rt, n)
	if rt.JitterFull {
		secs *= r.rt.Random()
	}
	return time.Duration(secs * float64(time.Second))
}

// retryDelay is the wait in seconds before retry number n+1 of a retrier,
// before any jitter: IntervalSeconds * BackoffRate^n, capped by
// MaxDelaySeconds.
func retryDelay(rt *Retrier, n int64) float64 {
	secs := float64(rt.IntervalSeconds)
	for i := int64(0); i < n; i++ {
		secs *= rt.BackoffRate
		if rt.MaxDelaySeconds > 0 && secs > float64(rt.MaxDelaySeconds) {
			break
		}
	}
	if rt.MaxDelaySeconds > 0 && secs > float64(rt.MaxDelaySeconds) {
		secs = float64(rt.MaxDelaySeconds)
	}
	return secs
}

// caught builds the output of a state whose error a catcher took: the error
// object placed into the state's input by the catcher's ResultPath.
func (r *run) caught(f *frame, c *Catcher, fe *failure.Error) (any, error) {
	errObj := value.NewObject(2)
	errObj.Set("Error", fe.Name)
	// An error without a cause (a task timeout, a Fail state with no Cause)
	// gets the empty string, as AWS gives it, not null.
	errObj.Set("Cause", fe.Cause)
	out, err := r.applyResultPath(f, c.ResultPath, errObj)
	if err != nil {
		return nil, r.stateErr(f, err)
	}
	return out, nil
}

// sleep waits through the runtime, stopping at the execution's deadline.
// TestState does not wait.
func (r *run) sleep(d time.Duration) error {
	if r.exec.test != nil {
		return nil
	}
	if dl := r.exec.deadline; !dl.IsZero() {
		if left := dl.Sub(r.rt.Now()); d >= left {
			if left > 0 {
				if err := r.rt.Sleep(left); err != nil {
					return Abort(err)
				}
			}
			return ErrExecutionTimedOut
		}
	}
	if d <= 0 {
		return nil
	}
	if err := r.rt.Sleep(d); err != nil {
		return Abort(err)
	}
	return nil
}

// stateErr gives a States.Runtime error raised by a state's own processing
// AWS's prefix naming the state and the event it was entered at (TestState
// reports the cause without it).
func (r *run) stateErr(f *frame, err error) error {
	if endsRun(err) {
		return err
	}
	fe := asFailure(err)
	if fe.Name != failure.Runtime || r.exec.test != nil {
		return fe
	}
	return &failure.Error{
		Name:     failure.Runtime,
		Cause:    fmt.Sprintf("An error occurred while executing the state '%s' (entered at the event id #%d). %s", f.st.Name, f.entered, fe.Cause),
		HasCause: true,
	}
}

// emit records a history event and returns its id.
func (r *run) emit(ev Event) int {
	r.exec.eventID++
	if r.exec.observing {
		ev.ID = r.exec.eventID
		if ev.Time.IsZero() {
			ev.Time = r.rt.Now()
		}
		r.exec.ex.Observer(ev)
	}
	return r.exec.eventID
}

// adopt adds to this execution's history the events of jobs that ran
// elsewhere (JobResult.Events), numbering them in this history.
func (r *run) adopt(results []JobResult) {
	for _, res := range results {
		for _, ev := range res.Events {
			r.emit(ev)
		}
	}
}
