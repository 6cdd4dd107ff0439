package asl

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl/value"
)

// Job is one Parallel branch or Map iteration handed to Runtime.Fork.
// Pointer, Index and Input say what to run; Run runs it in this process on
// the runtime it is given (the memory runtime calls it directly; a Temporal
// child workflow does the same on its side).
type Job struct {
	Kind    ForkKind
	Index   int    // branch index, or the item's index in the Map's items
	Pointer string // the branch or item processor in the root definition
	Input   any
	State   string // the Parallel or Map state that forked

	machine *StateMachine
	exec    *execInfo
}

// Run runs the job's state machine from its StartAt on rt and returns its
// output, or its error (a *failure.Error for an ASL failure).
func (j *Job) Run(rt Runtime) (any, error) {
	r := &run{rt: rt, exec: j.exec}
	if j.Kind == ForkMap {
		r.emit(Event{Type: "MapIterationStarted", State: j.State, Index: j.Index})
	}
	out, err := r.machine(j.machine, j.Input, false)
	if j.Kind == ForkMap {
		typ := "MapIterationSucceeded"
		if err != nil {
			typ = "MapIterationFailed"
		}
		r.emit(Event{Type: typ, State: j.State, Index: j.Index})
	}
	return out, err
}

// JobSpec is a Job in a form that can cross a process boundary: a runtime
// that runs jobs elsewhere (a Temporal child workflow) sends it, and the
// other side runs it with StateMachine.RunJob on the same definition.
type JobSpec struct {
	Kind      ForkKind        `json:"kind"`
	Index     int             `json:"index"`
	Pointer   string          `json:"pointer"`
	State     string          `json:"state"`
	Input     json.RawMessage `json:"input"`
	Execution ExecutionSpec   `json:"execution"`
}

// ExecutionSpec carries what a job needs of its execution: the context
// object's $$.Execution and $$.StateMachine, and the start time from which
// the execution's TimeoutSeconds runs.
type ExecutionSpec struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	RoleArn          string          `json:"roleArn,omitempty"`
	StateMachineName string          `json:"stateMachineName"`
	StateMachineID   string          `json:"stateMachineId"`
	StartTime        time.Time       `json:"startTime"`
	Express          bool            `json:"express,omitempty"`
	Input            json.RawMessage `json:"input"`
}

// Spec describes the job for RunJob.
func (j *Job) Spec() JobSpec {
	ex := j.exec.ex
	return JobSpec{
		Kind: j.Kind, Index: j.Index, Pointer: j.Pointer, State: j.State,
		Input: value.Marshal(j.Input),
		Execution: ExecutionSpec{
			ID: ex.ID, Name: ex.Name, RoleArn: ex.RoleArn, StateMachineName: ex.StateMachineName,
			StateMachineID: ex.StateMachineID, StartTime: ex.StartTime, Express: ex.Express,
			Input: value.Marshal(ex.Input),
		},
	}
}

// RunJob runs a job described by spec: the branch or item processor at
// spec.Pointer of m's root definition, on rt. The observer, if any, sees
// the job's events. It returns what Job.Run would have.
func (m *StateMachine) RunJob(spec JobSpec, rt Runtime, observer func(Event)) (any, error) {
	sub := m.Nested(spec.Pointer)
	if sub == nil || spec.Pointer == "" {
		return nil, fmt.Errorf("asl: the definition has no branch or item processor at %q", spec.Pointer)
	}
	input, err := value.Parse(spec.Input)
	if err != nil {
		return nil, fmt.Errorf("asl: job input: %w", err)
	}
	execInput, err := value.Parse(spec.Execution.Input)
	if err != nil {
		return nil, fmt.Errorf("asl: execution input: %w", err)
	}
	e := spec.Execution
	info := &execInfo{
		ex: Execution{Input: execInput, Name: e.Name, ID: e.ID, RoleArn: e.RoleArn, StateMachineName: e.StateMachineName,
			StateMachineID: e.StateMachineID, StartTime: e.StartTime, Express: e.Express, Observer: observer},
		observing:  observer != nil,
		maxPayload: m.cfg.maxPayload,
	}
	if m.root.TimeoutSeconds > 0 {
		info.deadline = e.StartTime.Add(time.Duration(m.root.TimeoutSeconds) * time.Second)
	}
	info.buildContext()
	job := &Job{Kind: spec.Kind, Index: spec.Index, Pointer: spec.Pointer, Input: input, State: spec.State, machine: sub, exec: info}
	return job.Run(rt)
}

// forkErr picks the error a fork ends with: an execution timeout wins, then
// the first failed job in job order.
func forkErr(results []JobResult) error {
	var first error
	for _, res := range results {
		if res.Err == nil || res.Err == ErrNotRun {
			continue
		}
		if endsRun(res.Err) {
			return res.Err
		}
		if first == nil {
			first = res.Err
		}
	}
	return first
}

func outputs(results []JobResult) []any {
	out := make([]any, len(results))
	for i, res := range results {
		out[i] = res.Output
	}
	return out
}
